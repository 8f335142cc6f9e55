package dev.o365emulator.server.internal.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Choices of an SMTP session that are not tenant settings: which reply wordings to use, and how long
 * a connection may stay idle.
 *
 * <p>Example: {@code Emulator.builder().sessions(Protocol.SMTP,
 * SmtpSession.initializer(SmtpSessionOptions.DEFAULTS.withSendAsDeniedForm(SendAsDeniedForm.LEGACY)))}.
 *
 * @param sendAsDeniedForm the wording of a SendAs refusal
 * @param idleTimeout how long a connection may stay without a client command (or a command line may
 *     take to arrive) before {@code 421 4.4.1 Connection timed out} and the close
 */
public record SmtpSessionOptions(SendAsDeniedForm sendAsDeniedForm, Duration idleTimeout) {

    /**
     * Exchange's default ConnectionInactivityTimeout for the receive connectors of a Mailbox server,
     * the client front end (587) included: 5 minutes (Office 365's own value is not published). It is
     * also the least RFC 5321 §4.5.3.2.7 allows a server to wait for the next command.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Today's Office 365. */
    public static final SmtpSessionOptions DEFAULTS = new SmtpSessionOptions(SendAsDeniedForm.CURRENT,
            DEFAULT_IDLE_TIMEOUT);

    public SmtpSessionOptions {
        Objects.requireNonNull(sendAsDeniedForm, "sendAsDeniedForm");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
    }

    /** These options with another SendAs wording. */
    public SmtpSessionOptions withSendAsDeniedForm(SendAsDeniedForm form) {
        return new SmtpSessionOptions(form, idleTimeout);
    }

    /** These options with another idle timeout, e.g. a short one for a test. */
    public SmtpSessionOptions withIdleTimeout(Duration timeout) {
        return new SmtpSessionOptions(sendAsDeniedForm, timeout);
    }
}
