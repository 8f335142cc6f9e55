package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.Protocol;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link TokenValidator} whose real validator is built on first use, so that an emulator whose
 * clients never sign in with XOAUTH2 never pays for the identity platform. Forwards every method.
 */
public final class DeferredTokenValidator implements TokenValidator {

    private final Supplier<TokenValidator> validator;

    public DeferredTokenValidator(Supplier<TokenValidator> validator) {
        this.validator = Objects.requireNonNull(validator);
    }

    @Override
    public TokenDecision validate(Protocol protocol, String bearerToken) {
        return validator.get().validate(protocol, bearerToken);
    }

    @Override
    public Optional<Instant> expiresAt(String bearerToken) {
        return validator.get().expiresAt(bearerToken);
    }

    @Override
    public TokenExpiryChecks expiryChecks() {
        return validator.get().expiryChecks();
    }
}
