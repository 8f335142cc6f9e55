package dev.o365emulator.server;

import io.netty.handler.ssl.OpenSsl;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which TLS implementation the emulator's endpoints run: OpenSSL (BoringSSL, statically linked in
 * netty-tcnative) or the JDK's own.
 *
 * <p>Both offer TLS 1.2 and 1.3 with the same cipher suites in the same order of preference, serve
 * the same certificates and refuse renegotiation; OpenSSL does the handshakes and the bulk
 * encryption several times faster. {@link #preferred()} is OpenSSL wherever its native library
 * loads (Linux on x86-64), the JDK's elsewhere, unless the system property {@value #PROPERTY}
 * names one.
 */
public enum TlsProvider {
    /** OpenSSL through netty-tcnative-boringssl-static. */
    OPENSSL("openssl"),
    /** The JDK's SunJSSE provider. */
    JDK("jdk");

    /** The system property that picks the default provider: {@code openssl} or {@code jdk}. */
    public static final String PROPERTY = "o365emulator.tls.provider";

    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    private final String id;

    TlsProvider(String id) {
        this.id = id;
    }

    /** The name used on the command line, in the start banner and in the journal: {@code openssl} or {@code jdk}. */
    public String id() {
        return id;
    }

    /** Whether this provider can run here: the JDK's always, OpenSSL when its native library loads. */
    public boolean isAvailable() {
        return this == JDK || OpenSsl.isAvailable();
    }

    /** Why OpenSSL cannot run here, or an empty string when it can (and for the JDK's). */
    public String unavailabilityReason() {
        if (this == JDK || OpenSsl.isAvailable()) {
            return "";
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return cause == null ? "unknown" : String.valueOf(cause.getMessage());
    }

    /**
     * Starts loading OpenSSL's native library on a thread of its own, unless the JDK's provider is
     * named: on two cores it overlaps with reading the command line and the certificates, and a fresh
     * JVM spends a few hundred milliseconds on it (extracting and linking the library, probing its
     * cipher suites). Whoever needs OpenSSL first simply waits for it to finish. Idempotent.
     */
    public static void prepare() {
        String named = System.getProperty(PROPERTY);
        if ((named == null || !named.trim().equalsIgnoreCase(JDK.id)) && PREPARING.compareAndSet(false, true)) {
            Thread loader = new Thread(OpenSsl::isAvailable, "o365-emulator-openssl-load");
            loader.setDaemon(true);
            loader.start();
        }
    }

    /**
     * The provider named by {@value #PROPERTY}, else OpenSSL where it is available, else the JDK's.
     *
     * @throws IllegalArgumentException when the property names neither
     */
    public static TlsProvider preferred() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            return parse(named);
        }
        return OPENSSL.isAvailable() ? OPENSSL : JDK;
    }

    /** {@code openssl} or {@code jdk}, in any case. */
    public static TlsProvider parse(String id) {
        for (TlsProvider provider : values()) {
            if (provider.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return provider;
            }
        }
        throw new IllegalArgumentException("expected openssl or jdk, not: " + id);
    }
}
