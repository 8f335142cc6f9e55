package dev.o365emulator.codec.sasl;

/**
 * Why a SASL exchange failed on its own (before any password or token check); the session maps it
 * to its protocol's reply, e.g. SMTP {@code 501 5.7.0} for a cancel and {@code 501 5.5.2} for bad base64.
 */
public enum SaslFailure {
    /** The client sent {@code *} (RFC 4954 §4). */
    CANCELLED,
    /** A line was not valid base64. */
    MALFORMED_BASE64,
    /** The decoded message did not have the mechanism's shape (missing NUL, missing {@code auth=}, …). */
    MALFORMED_MESSAGE
}
