package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    @Test
    void theDefaultTotalLeavesAQuarterOfTheDescriptorsAndAtLeast256() {
        assertThat(ConnectionLimiter.forDescriptorLimit(1_048_576)).isEqualTo(ConnectionLimiter.DEFAULT_MAX_CONNECTIONS);
        assertThat(ConnectionLimiter.forDescriptorLimit(20_000)).isEqualTo(ConnectionLimiter.DEFAULT_MAX_CONNECTIONS);
        assertThat(ConnectionLimiter.forDescriptorLimit(10_240)).isEqualTo(7_680);
        assertThat(ConnectionLimiter.forDescriptorLimit(1_024)).isEqualTo(768);
        assertThat(ConnectionLimiter.forDescriptorLimit(400)).isEqualTo(144);
        assertThat(ConnectionLimiter.forDescriptorLimit(100)).isEqualTo(1);
        assertThat(ConnectionLimiter.forDescriptorLimit(-1)).as("unknown").isEqualTo(
                ConnectionLimiter.DEFAULT_MAX_CONNECTIONS);
    }
}
