package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.imap.ImapSession;
import dev.o365emulator.server.internal.pop3.Pop3Session;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.smtp.SendAsDeniedForm;
import dev.o365emulator.server.internal.smtp.SmtpSession;
import dev.o365emulator.server.internal.smtp.SmtpSessionOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The choices of the protocol sessions that are not tenant settings — idle timeouts and the SendAs
 * refusal's wording — as the emulator's builder takes them, and the session initialisers they give.
 *
 * @param smtpIdleTimeout how long an SMTP connection may wait for the client's next command
 * @param legacySendAsDenied whether SendAs refusals use the older {@code 554 5.2.0 STOREDRV…} wording
 * @param imapAutoLogout how long an IMAP connection may stay without a command
 * @param pop3IdleTimeout how long a POP3 connection may stay without a command
 */
public record SessionOptions(Duration smtpIdleTimeout, boolean legacySendAsDenied, Duration imapAutoLogout,
        Duration pop3IdleTimeout) {

    /** Office 365's behaviour as the emulator knows it (see each session's default). */
    public static final SessionOptions DEFAULTS = new SessionOptions(SmtpSessionOptions.DEFAULT_IDLE_TIMEOUT, false,
            ImapSession.DEFAULT_AUTO_LOGOUT, Pop3Session.DEFAULT_IDLE_TIMEOUT);

    public SessionOptions {
        positive(smtpIdleTimeout, "smtpIdleTimeout");
        positive(imapAutoLogout, "imapAutoLogout");
        positive(pop3IdleTimeout, "pop3IdleTimeout");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public SessionOptions withSmtpIdleTimeout(Duration timeout) {
        return new SessionOptions(timeout, legacySendAsDenied, imapAutoLogout, pop3IdleTimeout);
    }

    public SessionOptions withLegacySendAsDenied(boolean legacy) {
        return new SessionOptions(smtpIdleTimeout, legacy, imapAutoLogout, pop3IdleTimeout);
    }

    public SessionOptions withImapAutoLogout(Duration timeout) {
        return new SessionOptions(smtpIdleTimeout, legacySendAsDenied, timeout, pop3IdleTimeout);
    }

    public SessionOptions withPop3IdleTimeout(Duration timeout) {
        return new SessionOptions(smtpIdleTimeout, legacySendAsDenied, imapAutoLogout, timeout);
    }

    /** The session each protocol runs with these options, unless {@code overrides} names another. */
    SessionInitializer initializer(Protocol protocol, Map<Protocol, SessionInitializer> overrides) {
        SessionInitializer override = overrides.get(protocol);
        if (override != null) {
            return override;
        }
        return switch (protocol) {
            case SMTP -> SmtpSession.initializer(new SmtpSessionOptions(
                    legacySendAsDenied ? SendAsDeniedForm.LEGACY : SendAsDeniedForm.CURRENT, smtpIdleTimeout));
            case IMAP -> ImapSession.initializer(imapAutoLogout);
            case POP3 -> Pop3Session.initializer(pop3IdleTimeout);
        };
    }
}
