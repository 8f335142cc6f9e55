package dev.o365emulator.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The emulator's offline Microsoft identity platform, from the side of a test: its authority for
 * MSAL, access tokens issued directly (valid, expired, or without the scope a protocol needs), and
 * opaque tokens registered by hand.
 *
 * <pre>{@code
 * Tokens tokens = emulator.tokens();
 * String token = tokens.delegated("adele@contoso.com");                       // IMAP, POP and SMTP scopes, an hour
 * String expired = tokens.delegated("adele@contoso.com", Tokens.MAIL_SCOPES, Duration.ofMinutes(-5));
 * String noImap = tokens.delegated("adele@contoso.com", List.of(Tokens.SMTP_SEND), Duration.ofHours(1));
 * String authority = tokens.authority();                                    // for MSAL's authority(…)
 * }</pre>
 *
 * <p>The mail endpoints accept a token as Office 365 does: signed by this emulator's key (kept in
 * the data directory, so tokens survive a restart), issued by its tenant, for Exchange's audience,
 * not expired, carrying the protocol's permission, for a user whose mailbox allows the protocol.
 */
public interface Tokens {

    /** The delegated permission IMAP requires. */
    String IMAP_ACCESS = "IMAP.AccessAsUser.All";
    /** The delegated permission POP3 requires. */
    String POP_ACCESS = "POP.AccessAsUser.All";
    /** The delegated permission SMTP AUTH requires. */
    String SMTP_SEND = "SMTP.Send";
    /** The three delegated mail permissions: what {@link #delegated(String)} grants. */
    List<String> MAIL_SCOPES = List.of(IMAP_ACCESS, POP_ACCESS, SMTP_SEND);
    /** The file in the data directory that holds the signing key. */
    String SIGNING_KEY_FILE = "oauth-signing-key.pem";

    /**
     * The authority clients hand MSAL: {@code https://127.0.0.1:<port>/<tenant id>}.
     *
     * @throws IllegalStateException when the identity endpoint is not served ({@link Emulator.Builder#identity})
     */
    String authority();

    /** How long tokens last unless asked otherwise: an hour, like Office 365's default. */
    Duration defaultLifetime();

    /**
     * Changes how long tokens issued from now on last, by this interface and by the token endpoint
     * (a minute, say, to watch a client refresh).
     *
     * @throws IllegalArgumentException for a lifetime that is not positive
     */
    void defaultLifetime(Duration lifetime);

    /** A delegated token for {@code user} with {@link #MAIL_SCOPES}, lasting {@link #defaultLifetime()}. */
    default String delegated(String user) {
        return delegated(user, MAIL_SCOPES, defaultLifetime());
    }

    /**
     * A delegated token for {@code user} through the default app registration, with exactly these
     * permissions in its {@code scp} claim (possibly none), expiring {@code lifetime} from now. A
     * negative lifetime gives a token that expired that long ago, which the endpoints refuse as
     * Office 365 refuses an expired one.
     *
     * @throws IllegalArgumentException when the tenant has no such mailbox
     */
    String delegated(String user, Collection<String> permissions, Duration lifetime);

    /**
     * An app-only (client credentials) token for an app registration, with exactly these
     * application permissions in its {@code roles} claim, expiring {@code lifetime} from now
     * (negative: already expired).
     *
     * @throws IllegalArgumentException when the tenant has no such app registration
     */
    String appOnly(String clientId, Collection<String> roles, Duration lifetime);

    /** Makes an opaque {@code token} sign {@code user} in on every protocol, until {@link #revoke}d or reset. */
    void register(String token, String user);

    /** Forgets a registered token; sign-ins with it fail from now on. */
    void revoke(String token);

    /** When a token of this emulator expires; empty for one it would reject anyway. */
    Optional<Instant> expiresAt(String token);

    /**
     * Runs the sessions' token-expiry checks now rather than at their timers: after advancing a test
     * clock past a token's expiry, an IMAP session in IDLE ends with
     * {@code * BYE Session invalidated - AccessTokenExpired} at once.
     */
    void checkExpiry();

    /**
     * Approves a device-code sign-in as {@code user}, what the user does in a browser on Office 365:
     * the client polling the token endpoint with that device code gets its tokens at its next poll.
     *
     * @return false if no pending device code has that user code (unknown, expired or used)
     */
    boolean approveDeviceCode(String userCode, String user);
}
