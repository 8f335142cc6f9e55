package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.Protocol;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks the bearer token of a SASL XOAUTH2 login: whose it is and whether it is good for the
 * protocol. Which mailbox the token's subject may open is the tenant's decision, made afterwards
 * with {@code Tenant.authenticateToken}.
 */
@FunctionalInterface
public interface TokenValidator {

    TokenDecision validate(Protocol protocol, String bearerToken);

    /**
     * When an accepted token stops being valid, for sessions that end on expiry (IMAP's
     * {@code * BYE Session invalidated - AccessTokenExpired}); empty when it never expires or is unknown.
     */
    default Optional<Instant> expiresAt(String bearerToken) {
        return Optional.empty();
    }

    /**
     * Where sessions register a check at a token's expiry (IMAP during IDLE); the identity platform's
     * can be run early by a test that advances the clock ({@code emulator.oauth().checkTokenExpiry()}).
     */
    default TokenExpiryChecks expiryChecks() {
        return UNWATCHED;
    }

    /** Expiry checks nobody runs early: they fire on their timers only. */
    TokenExpiryChecks UNWATCHED = new TokenExpiryChecks();
}
