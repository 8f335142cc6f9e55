package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class ParallelExecutionIT {

    static final Set<Emulator> used = ConcurrentHashMap.newKeySet();
    static volatile CountDownLatch together;

    /** Each concurrent test has its own emulator and its own mail: they never see each other's. */
    static class ConcurrentPerTest {
        @RegisterExtension
        O365EmulatorExtension emulator = O365EmulatorExtension.builder().endpoints(Endpoint.IMAPS).build();

        @Test
        void a() throws Exception {
            deliverAndCheck("a");
        }

        @Test
        void b() throws Exception {
            deliverAndCheck("b");
        }

        @Test
        void c() throws Exception {
            deliverAndCheck("c");
        }

        private void deliverAndCheck(String name) throws InterruptedException {
            used.add(emulator.server());
            emulator.server().mail().deliver(TestUsers.ADELE.address(),
                    Messages.simple(TestUsers.ALEX.address(), TestUsers.ADELE.address(), name, name));
            together.countDown();
            // All three tests are inside their emulator at the same moment: they really ran in parallel.
            assertThat(together.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(emulator.awaitMessages(TestUsers.ADELE.address(), 1, Duration.ofSeconds(5)))
                    .singleElement().satisfies(m -> assertThat(m.subject()).isEqualTo(name));
        }
    }

    @Test
    void concurrentTestsWithPerTestEmulatorsAreIsolated() {
        used.clear();
        together = new CountDownLatch(3);
        Events tests = parallel(ConcurrentPerTest.class).testEvents();
        tests.assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(used).hasSize(3).noneMatch(Emulator::isRunning);
    }

    @O365EmulatorTest
    static class ConcurrentSharedResetting {
        @Test
        void a() {}

        @Test
        void b() {}
    }

    @Test
    void refusesToResetAnEmulatorSharedByConcurrentTests() {
        Events tests = parallel(ConcurrentSharedResetting.class).testEvents();
        tests.assertStatistics(s -> s.failed(2));
        Throwable failure = tests.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class)
                .orElseThrow().getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("instance field").hasMessageContaining("Reset.NEVER");
    }

    @O365EmulatorTest(reset = Reset.NEVER, endpoints = Endpoint.POP3S)
    static class ConcurrentSharedNotResetting {
        @Test
        void a(O365Emulator emulator) {
            used.add(emulator.server());
        }

        @Test
        void b(O365Emulator emulator) {
            used.add(emulator.server());
        }
    }

    @Test
    void sharesOneEmulatorAmongConcurrentTestsWhenItIsNeverReset() {
        used.clear();
        Events tests = parallel(ConcurrentSharedNotResetting.class).testEvents();
        tests.assertStatistics(s -> s.succeeded(2));
        assertThat(used).hasSize(1);
    }

    private static org.junit.platform.testkit.engine.EngineExecutionResults parallel(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "3")
                .execute();
    }
}
