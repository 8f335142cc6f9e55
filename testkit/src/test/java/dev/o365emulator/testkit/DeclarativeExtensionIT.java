package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@O365EmulatorTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeclarativeExtensionIT {

    private static final AtomicReference<Emulator> seenByConstructor = new AtomicReference<>();

    private final O365Emulator injected;

    DeclarativeExtensionIT(O365Emulator emulator) {
        this.injected = emulator;
        seenByConstructor.compareAndSet(null, emulator.server());
    }

    @BeforeEach
    void lifecycleMethodsGetTheSameEmulator(O365Emulator emulator) {
        assertThat(emulator.server()).isSameAs(injected.server());
    }

    @Test
    @Order(1)
    void injectsARunningEmulatorOnEphemeralLoopbackPorts(O365Emulator emulator, Emulator facade) {
        assertThat(facade).isSameAs(emulator.server()).isSameAs(seenByConstructor.get());
        assertThat(emulator.host()).isEqualTo("127.0.0.1");
        assertThat(emulator.server().endpoints()).hasSize(7).allMatch(Endpoint::onByDefault);
        assertThat(emulator.port(Endpoint.SUBMISSION)).isPositive().isNotEqualTo(587);
        emulator.server().mail().deliver(TestUsers.ALEX.address(),
                Messages.simple(TestUsers.ADELE.address(), TestUsers.ALEX.address(), "left behind", "x"));
        emulator.tenant().update(t -> t.securityDefaults(true));
        assertThat(emulator.mailbox(TestUsers.ALEX.address()).inbox()).hasSize(1);
    }

    @Test
    @Order(2)
    void resetsMailAndTenantKnobsBeforeEachTest(O365Emulator emulator) {
        assertThat(emulator.server()).isSameAs(seenByConstructor.get());
        assertThat(emulator.mailbox(TestUsers.ALEX.address()).inbox()).isEmpty();
        assertThat(emulator.tenant().settings().securityDefaults()).isFalse();
        assertThat(emulator.sessions().all()).isEmpty();
    }

    @Nested
    class NestedClasses {

        @Test
        void shareTheEnclosingClassEmulator(O365Emulator emulator) {
            assertThat(emulator.server()).isSameAs(seenByConstructor.get());
            assertThat(emulator.server().isRunning()).isTrue();
        }
    }
}
