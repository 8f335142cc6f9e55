package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class ProgrammaticExtensionIT {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @RegisterExtension
    static O365EmulatorExtension emulator = O365EmulatorExtension.builder()
            .endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS)
            .configure(b -> b.clock(FIXED).ports(dev.o365emulator.server.PortPlan.standard()))
            .build();

    @Test
    void staticFieldStartsTheConfiguredEndpointsOnEphemeralPorts() {
        assertThat(emulator.server().endpoints()).containsExactlyInAnyOrder(Endpoint.SUBMISSION, Endpoint.IMAPS);
        // configure() may not take the ports away from ephemeral: 587 stays free for real servers.
        assertThat(emulator.port(Endpoint.SUBMISSION)).isNotEqualTo(587);
        assertThatThrownBy(() -> emulator.port(Endpoint.POP3S)).hasMessageContaining("pop3s is not started");
    }

    @Test
    void theExtensionObjectIsTheApi() {
        emulator.server().mail().deliver(TestUsers.MEGAN.address(),
                Messages.simple(TestUsers.ALEX.address(), TestUsers.MEGAN.address(), "Hi", "there"));
        assertThat(emulator.mailbox(TestUsers.MEGAN.address()).inbox()).singleElement()
                .satisfies(m -> assertThat(m.internalDate()).isEqualTo(FIXED.instant()));
        assertThat(emulator.trust().caPem()).exists();
        assertThat(emulator.tenant().settings().mailbox(TestUsers.ADELE.address())).isPresent();
        assertThat(emulator.host()).isEqualTo("127.0.0.1");
    }

    // --- lifecycles, observed from outside with the JUnit Platform's test kit ---

    static final List<Emulator> started = new CopyOnWriteArrayList<>();

    static class PerTest {
        @RegisterExtension
        O365EmulatorExtension perTest = O365EmulatorExtension.builder().endpoints(Endpoint.POP3S).build();

        @Test
        void first() {
            started.add(perTest.server());
        }

        @Test
        void second() {
            started.add(perTest.server());
        }
    }

    @Test
    void instanceFieldGivesEachTestItsOwnEmulatorAndClosesIt() {
        started.clear();
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerTest.class)).execute().testEvents();
        tests.assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(started).hasSize(2).doesNotHaveDuplicates();
        assertThat(started).noneMatch(Emulator::isRunning);
    }

    static class PerClass {
        @RegisterExtension
        static O365EmulatorExtension shared = O365EmulatorExtension.builder().endpoints(Endpoint.IMAPS).build();

        @Test
        void first() {
            started.add(shared.server());
        }

        @Test
        void second() {
            started.add(shared.server());
            throw new AssertionError("a failing test must not leave the emulator running");
        }
    }

    @Test
    void staticFieldSharesOneEmulatorPerClassAndClosesItEvenWhenATestFails() {
        started.clear();
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClass.class)).execute().testEvents();
        tests.assertStatistics(s -> s.succeeded(1).failed(1));
        assertThat(started).hasSize(2);
        assertThat(started.get(0)).isSameAs(started.get(1));
        assertThat(started.get(0).isRunning()).isFalse();
    }

    static class UsedTooEarly {
        static final O365EmulatorExtension notRegistered = O365EmulatorExtension.builder().build();

        @Test
        void usesTheExtensionOutsideItsLifecycle() {
            notRegistered.port(Endpoint.IMAPS);
        }
    }

    @Test
    void usingTheExtensionBeforeItStartedSaysWhy() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UsedTooEarly.class)).execute()
                .testEvents();
        tests.assertStatistics(s -> s.failed(1));
        assertThat(tests.failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running yet");
    }
}
