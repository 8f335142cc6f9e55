package dev.o365emulator.server.tenant;

import java.time.Instant;

/**
 * The phase of Microsoft's retirement of basic authentication (a password {@code AUTH LOGIN} or
 * {@code PLAIN}) for SMTP client submission that a tenant is in; XOAUTH2, IMAP and POP3 are not
 * concerned.
 *
 * <p>The timeline, as Microsoft's message center post MC786329 states it (updated 27 January 2026,
 * replacing the earlier plan of 1 March to 30 April 2026): no change until December 2026; from the end
 * of December 2026 basic authentication for SMTP AUTH is <em>disabled by default</em> for existing
 * tenants, and an admin may enable it again; its final removal is to be announced in the second half
 * of 2027. {@link #announcedFor} maps a date onto that timeline; as no removal date exists, no date
 * maps to {@link #RETIRED}: only the tenant knob chooses it.
 */
public enum BasicAuthSmtpSubmission {
    /** A password AUTH works: before the change, or an admin enabled it again. */
    ALLOWED,
    /**
     * Disabled by default and not re-enabled: refused as an authentication policy refuses basic
     * authentication ({@code 535 5.7.139 Authentication unsuccessful, basic authentication is
     * disabled.}), before the password is looked at.
     */
    DISABLED_BY_DEFAULT,
    /** Removed: {@code 550 5.7.30 Basic authentication is not supported for Client Submission.} */
    RETIRED;

    /**
     * The first instant of the disabled-by-default phase: 1 January 2027, 00:00 UTC. Microsoft says
     * "no change until December 2026" and "from the end of December 2026" without a day; the first
     * instant at which both hold is the end of 31 December 2026, so every day of December 2026 is
     * still {@link #ALLOWED}.
     */
    public static final Instant DISABLED_BY_DEFAULT_FROM = Instant.parse("2027-01-01T00:00:00Z");

    /** The phase Microsoft announced for this instant. */
    public static BasicAuthSmtpSubmission announcedFor(Instant at) {
        return at.isBefore(DISABLED_BY_DEFAULT_FROM) ? ALLOWED : DISABLED_BY_DEFAULT;
    }
}
