package dev.o365emulator.server.mail;

/**
 * Told about each message delivered into a mailbox: by SMTP (a submission's recipients and the
 * sender's Sent Items copy, or mail to the MX endpoint), by {@link Mail#deliver} or by
 * {@link Mail#append}. IMAP {@code APPEND}, {@code COPY} and {@code MOVE} are a client's own
 * filing and are not reported.
 *
 * <p>Called once per stored copy, after it is stored, on the thread that stored it (usually a
 * connection's event loop): an implementation must be quick and must not block; an exception it
 * throws is logged and changes nothing.
 */
@FunctionalInterface
public interface MailListener {

    /** A message was stored; {@code message} is where it now is. */
    void delivered(MailMessage message);
}
