package dev.o365emulator.server.bench;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Start-to-ready of all seven listeners: the first start in a fresh JVM (class loading included,
 * certificates cached in a data directory) and the median of repeated starts in one JVM with the
 * JVM-wide shared certificates. Not a test: run by {@code scripts/bench-startup.sh}, which
 * records nothing by itself; the figures go to docs/benchmarks.md by hand.
 *
 * <p>Usage: {@code StartupBenchmark first <data-dir>} or {@code StartupBenchmark repeated <n>}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "first" -> first(Path.of(args[1]));
            case "repeated" -> repeated(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("first <data-dir> | repeated <n>");
        }
    }

    private static void first(Path dataDir) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        try (Emulator emulator = Emulator.builder().dataDirectory(dataDir).start()) {
            long ready = System.nanoTime();
            check(emulator);
            System.out.printf(Locale.ROOT, "first-start-ms %.1f (since JVM start %d ms)%n", (ready - t0) / 1e6,
                    System.currentTimeMillis() - jvmStart);
        }
    }

    private static void repeated(int n) {
        Emulator.builder().start().close(); // warm-up: class loading, shared certificates, TLS contexts
        double[] startMs = new double[n];
        double[] closeMs = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Emulator emulator = Emulator.builder().start();
            long t1 = System.nanoTime();
            check(emulator);
            emulator.close();
            long t2 = System.nanoTime();
            startMs[i] = (t1 - t0) / 1e6;
            closeMs[i] = (t2 - t1) / 1e6;
        }
        System.out.printf(Locale.ROOT, "repeated-start-ms median %.2f p90 %.2f max %.2f (n=%d); close-ms median %.2f%n",
                percentile(startMs, 50), percentile(startMs, 90), percentile(startMs, 100), n, percentile(closeMs, 50));
    }

    private static void check(Emulator emulator) {
        if (!emulator.endpoints().containsAll(java.util.Arrays.stream(Endpoint.values()).filter(Endpoint::onByDefault)
                .toList())) {
            throw new IllegalStateException("not every endpoint started: " + emulator.endpoints());
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
