package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.Protocol;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token validator until the offline identity platform issues real tokens: a token is good if
 * it was registered for a user, for every protocol. Thread-safe; tests register tokens while
 * sessions run.
 */
public final class ConfiguredTokens implements TokenValidator {

    private final Map<String, String> subjects = new ConcurrentHashMap<>();

    /** Makes {@code token} authenticate {@code user} on every protocol. */
    public void register(String token, String user) {
        subjects.put(Objects.requireNonNull(token), Objects.requireNonNull(user));
    }

    /** Forgets a token; logins with it fail from now on. */
    public void revoke(String token) {
        subjects.remove(token);
    }

    /** Forgets every token. */
    public void clear() {
        subjects.clear();
    }

    @Override
    public TokenDecision validate(Protocol protocol, String bearerToken) {
        String subject = subjects.get(bearerToken);
        return subject == null ? new TokenDecision.Rejected("unknown token") : new TokenDecision.Accepted(subject);
    }
}
