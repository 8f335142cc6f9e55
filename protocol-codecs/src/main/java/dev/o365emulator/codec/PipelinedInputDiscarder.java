package dev.o365emulator.codec;

/**
 * A request decoder that can drop the bytes it has buffered but not yet decoded.
 *
 * <p>The STARTTLS (SMTP, IMAP) and STLS (POP3) upgrade needs this: anything a client sent after
 * the upgrade command, before the TLS handshake, was sent in plain text and must never be read as
 * if it had arrived under TLS (CVE-2011-0411 and its many relatives). The session calls
 * {@link #discardBufferedInput()} while it handles the upgrade command, records the count as a
 * protocol error, and then inserts the {@code SslHandler}.
 */
public interface PipelinedInputDiscarder {

    /**
     * Drops every byte this decoder holds that has not been decoded into a message yet.
     *
     * @return how many bytes were dropped
     */
    int discardBufferedInput();
}
