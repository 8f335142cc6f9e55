package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.PortPlan;
import org.junit.jupiter.api.Test;

class IdentityPortTest {

    @Test
    void theIdentityEndpointUses443ShiftedLikeTheMailPortsOrAnEphemeralPort() {
        assertThat(PortPlan.standard().identityPort()).isEqualTo(443);
        assertThat(PortPlan.offset(10000).identityPort()).isEqualTo(10443);
        assertThat(PortPlan.ephemeral().identityPort()).isZero();
    }
}
