package dev.o365emulator.codec.sasl;

import java.util.Objects;

/**
 * A user name and password from PLAIN or LOGIN.
 *
 * @param authorizationId who to act as (PLAIN's authzid), empty when the client gave none
 */
public record PasswordCredentials(String authorizationId, String user, String password) implements SaslCredentials {

    public PasswordCredentials {
        Objects.requireNonNull(authorizationId, "authorizationId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "PasswordCredentials[authorizationId=" + authorizationId + ", user=" + user + ", password=<redacted>]";
    }
}
