package dev.o365emulator.server;

import java.util.Locale;

/**
 * The eight listeners of the emulator, with their standard Office 365 ports.
 *
 * <p>Office 365 documents 587 (STARTTLS), 25, 993 and 995; 465, 143 and 110 exist here so that
 * clients configured for them meet the behaviour a scenario chooses (by default 465 is not served,
 * as on Office 365).
 *
 * <p>{@link #HVE} is Office 365's High Volume Email endpoint, {@code smtp-hve.office365.com:587}. It is
 * another host's 587, and the emulator listens on one address, so it takes 2587 (587 in the thousands
 * above; unprivileged, like the offsets users choose). It is opt-in, as HVE is for a tenant: started
 * only when the tenant the emulator starts with has HVE accounts, or when asked for by name
 * ({@code Emulator.builder().endpoints(…)}).
 */
public enum Endpoint {
    SMTP(Protocol.SMTP, 25, TlsMode.STARTTLS),
    SUBMISSION(Protocol.SMTP, 587, TlsMode.STARTTLS),
    SMTPS(Protocol.SMTP, 465, TlsMode.IMPLICIT),
    HVE(Protocol.SMTP, 2587, TlsMode.STARTTLS),
    IMAP(Protocol.IMAP, 143, TlsMode.STARTTLS),
    IMAPS(Protocol.IMAP, 993, TlsMode.IMPLICIT),
    POP3(Protocol.POP3, 110, TlsMode.STARTTLS),
    POP3S(Protocol.POP3, 995, TlsMode.IMPLICIT);

    private final Protocol protocol;
    private final int standardPort;
    private final TlsMode tlsMode;

    Endpoint(Protocol protocol, int standardPort, TlsMode tlsMode) {
        this.protocol = protocol;
        this.standardPort = standardPort;
        this.tlsMode = tlsMode;
    }

    public Protocol protocol() {
        return protocol;
    }

    public int standardPort() {
        return standardPort;
    }

    public TlsMode tlsMode() {
        return tlsMode;
    }

    /** Whether the endpoint starts without being asked for: every one but {@link #HVE}. */
    public boolean onByDefault() {
        return this != HVE;
    }

    /** The lower-case name used in scenario files, the CLI and the journal: {@code submission}, {@code imaps}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@link #id()}, case-insensitively. */
    public static Endpoint fromId(String id) {
        for (Endpoint e : values()) {
            if (e.id().equalsIgnoreCase(id.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown endpoint: " + id);
    }
}
