package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.oauth.IdentityPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link Tokens} over the identity platform, built on first use (a fresh JVM pays a second for its RSA
 * key and JWT machinery, which a test that never uses OAuth should not).
 */
final class TokensFacade implements Tokens {

    private final Supplier<IdentityPlatform> platform;
    private final ConfiguredTokens registered;
    private final Supplier<String> authority;

    /**
     * @param registered the opaque tokens the platform's validator accepts besides its own
     * @param authority the authority URL; throws {@link IllegalStateException} when there is none
     */
    TokensFacade(Supplier<IdentityPlatform> platform, ConfiguredTokens registered, Supplier<String> authority) {
        this.platform = platform;
        this.registered = registered;
        this.authority = authority;
    }

    @Override
    public String authority() {
        return authority.get();
    }

    @Override
    public Duration defaultLifetime() {
        return platform.get().tokenLifetime();
    }

    @Override
    public void defaultLifetime(Duration lifetime) {
        platform.get().tokenLifetime(Objects.requireNonNull(lifetime));
    }

    @Override
    public String delegated(String user, Collection<String> permissions, Duration lifetime) {
        return platform.get().issueToken(user, permissions, Objects.requireNonNull(lifetime));
    }

    @Override
    public String appOnly(String clientId, Collection<String> roles, Duration lifetime) {
        return platform.get().issueAppToken(clientId, roles, Objects.requireNonNull(lifetime));
    }

    @Override
    public void register(String token, String user) {
        registered.register(token, user);
    }

    @Override
    public void revoke(String token) {
        registered.revoke(token);
    }

    @Override
    public Optional<Instant> expiresAt(String token) {
        return platform.get().expiresAt(token);
    }

    @Override
    public void checkExpiry() {
        platform.get().checkTokenExpiry();
    }

    @Override
    public boolean approveDeviceCode(String userCode, String user) {
        return platform.get().approveDeviceCode(userCode, user);
    }
}
