package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks several validators in turn: the first decision that is not a rejection wins; if all reject,
 * the first rejection (the most specific reason: the JWT validator comes first) is the answer.
 */
public final class CompositeTokenValidator implements TokenValidator {

    private final List<TokenValidator> validators;
    private final TokenExpiryChecks expiryChecks;

    public CompositeTokenValidator(List<TokenValidator> validators) {
        this(validators, TokenValidator.UNWATCHED);
    }

    public CompositeTokenValidator(List<TokenValidator> validators, TokenExpiryChecks expiryChecks) {
        this.expiryChecks = java.util.Objects.requireNonNull(expiryChecks);
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("at least one validator is needed");
        }
        this.validators = List.copyOf(validators);
    }

    @Override
    public TokenDecision validate(Protocol protocol, String bearerToken) {
        TokenDecision first = null;
        for (TokenValidator v : validators) {
            TokenDecision d = v.validate(protocol, bearerToken);
            if (!(d instanceof TokenDecision.Rejected)) {
                return d;
            }
            if (first == null) {
                first = d;
            }
        }
        return first;
    }

    @Override
    public TokenExpiryChecks expiryChecks() {
        return expiryChecks;
    }

    @Override
    public Optional<Instant> expiresAt(String bearerToken) {
        for (TokenValidator v : validators) {
            Optional<Instant> expiry = v.expiresAt(bearerToken);
            if (expiry.isPresent()) {
                return expiry;
            }
        }
        return Optional.empty();
    }
}
