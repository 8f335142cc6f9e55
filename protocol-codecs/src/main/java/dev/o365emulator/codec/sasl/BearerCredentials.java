package dev.o365emulator.codec.sasl;

import java.util.Objects;

/** A user and an OAuth access token from XOAUTH2. */
public record BearerCredentials(String user, String token) implements SaslCredentials {

    public BearerCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "BearerCredentials[user=" + user + ", token=<redacted>]";
    }
}
