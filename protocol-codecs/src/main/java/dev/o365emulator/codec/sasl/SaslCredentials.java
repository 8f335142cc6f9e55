package dev.o365emulator.codec.sasl;

/** What a successful SASL exchange yields; its secrets never appear in {@code toString()}. */
public sealed interface SaslCredentials permits PasswordCredentials, BearerCredentials {

    /** The user the client authenticates as (authcid for PLAIN, the username for LOGIN, {@code user=} for XOAUTH2). */
    String user();
}
