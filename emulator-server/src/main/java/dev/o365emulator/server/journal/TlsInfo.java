package dev.o365emulator.server.journal;

import java.util.Optional;

/**
 * What a TLS handshake negotiated: protocol version, cipher suite, the SNI name the client asked for,
 * and which implementation served it ({@code openssl} or {@code jdk}, empty when not recorded).
 */
public record TlsInfo(String protocol, String cipherSuite, Optional<String> serverName, String provider) {

    /** A handshake whose provider is not recorded. */
    public TlsInfo(String protocol, String cipherSuite, Optional<String> serverName) {
        this(protocol, cipherSuite, serverName, "");
    }

    /** Whether the negotiated version is at least TLS 1.2, as Office 365 requires. */
    public boolean isAtLeastTls12() {
        return protocol.equals("TLSv1.2") || protocol.equals("TLSv1.3");
    }
}
