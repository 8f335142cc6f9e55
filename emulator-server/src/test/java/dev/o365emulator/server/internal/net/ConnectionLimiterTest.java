package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theOpenFilesLimitIsTheOneTheOperatingSystemBeanReports() {
        Path limits = Path.of("/proc/self/limits");
        assumeThat(Files.isReadable(limits)).as("Linux").isTrue();
        var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        assertThat(ConnectionLimiter.openFilesLimit(limits)).isEqualTo(os.getMaxFileDescriptorCount());
    }

    @Test
    void theOpenFilesLimitIsReadFromItsLineUnlimitedAsTheBeanSaysIt(@TempDir Path dir) throws IOException {
        Path limits = dir.resolve("limits");
        Files.writeString(limits, """
                Limit                     Soft Limit           Hard Limit           Units
                Max cpu time              unlimited            unlimited            seconds
                Max open files            4096                 524288               files
                Max locked memory         8388608              8388608              bytes
                """);
        assertThat(ConnectionLimiter.openFilesLimit(limits)).isEqualTo(4096);

        Files.writeString(limits, "Max open files            unlimited            unlimited            files\n");
        assertThat(ConnectionLimiter.openFilesLimit(limits)).isEqualTo(-1);

        Files.writeString(limits, "Max processes             63204                63204                processes\n");
        assertThat(ConnectionLimiter.openFilesLimit(limits)).as("no such line").isEqualTo(ConnectionLimiter.UNKNOWN);
        Files.writeString(limits, "Max open files            many                 many                 files\n");
        assertThat(ConnectionLimiter.openFilesLimit(limits)).as("not a number").isEqualTo(ConnectionLimiter.UNKNOWN);
        assertThat(ConnectionLimiter.openFilesLimit(dir.resolve("missing"))).isEqualTo(ConnectionLimiter.UNKNOWN);
    }
}
