package dev.o365emulator.server.journal;

import java.util.Optional;

/** What a TLS handshake negotiated: protocol version, cipher suite and the SNI name the client asked for. */
public record TlsInfo(String protocol, String cipherSuite, Optional<String> serverName) {

    /** Whether the negotiated version is at least TLS 1.2, as Office 365 requires. */
    public boolean isAtLeastTls12() {
        return protocol.equals("TLSv1.2") || protocol.equals("TLSv1.3");
    }
}
