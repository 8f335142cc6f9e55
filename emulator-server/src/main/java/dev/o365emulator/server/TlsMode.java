package dev.o365emulator.server;

/** How an endpoint reaches TLS: upgraded in the dialogue, or from the first byte. */
public enum TlsMode {
    /** Plain text first; the client upgrades with STARTTLS (SMTP, IMAP) or STLS (POP3). */
    STARTTLS,
    /** TLS from the first byte (465, 993, 995). */
    IMPLICIT
}
