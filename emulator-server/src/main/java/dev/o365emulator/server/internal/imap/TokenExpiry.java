package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.oauth.TokenExpiryChecks;
import io.netty.util.concurrent.EventExecutor;
import java.time.Clock;
import java.time.Instant;

/**
 * The expiry of the token an IMAP session logged in with: Office 365 ends such a session with
 * {@code * BYE Session invalidated - AccessTokenExpired} at the first command after {@code exp}, or
 * at {@code exp} itself while the client idles (as client reports quote it; no full capture is public).
 */
final class TokenExpiry {

    private final Instant expiresAt;
    private final Clock clock;
    private final TokenExpiryChecks checks;
    private TokenExpiryChecks.Watch watch;

    private TokenExpiry(Instant expiresAt, Clock clock, TokenExpiryChecks checks) {
        this.expiresAt = expiresAt;
        this.clock = clock;
        this.checks = checks;
    }

    /** The expiry of {@code token}, or null for a token that never expires (a registered opaque one). */
    static TokenExpiry of(EndpointContext context, String token) {
        return context.tokens().expiresAt(token)
                .map(exp -> new TokenExpiry(exp, context.clock(), context.tokens().expiryChecks()))
                .orElse(null);
    }

    /** Whether the token has expired by now (exp ≤ now, the validator's rule). */
    boolean expired() {
        return !clock.instant().isBefore(expiresAt);
    }

    /** Calls {@code onExpired} on {@code loop} at {@code exp} (IDLE), until {@link #unwatch()}. */
    void watch(EventExecutor loop, Runnable onExpired) {
        unwatch();
        watch = checks.watch(loop, clock, expiresAt, onExpired);
    }

    void unwatch() {
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
    }
}
