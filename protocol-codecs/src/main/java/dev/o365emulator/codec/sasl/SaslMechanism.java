package dev.o365emulator.codec.sasl;

import java.util.Locale;
import java.util.Optional;

/** The SASL mechanisms the emulator speaks (Office 365 offers LOGIN and XOAUTH2 for SMTP, PLAIN for IMAP/POP3). */
public enum SaslMechanism {
    PLAIN,
    LOGIN,
    XOAUTH2;

    /** The mechanism with this name, case-insensitively, if it is one of ours. */
    public static Optional<SaslMechanism> named(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "PLAIN" -> Optional.of(PLAIN);
            case "LOGIN" -> Optional.of(LOGIN);
            case "XOAUTH2" -> Optional.of(XOAUTH2);
            default -> Optional.empty();
        };
    }

    /** A fresh server-side exchange for this mechanism. */
    public SaslExchange newExchange() {
        return switch (this) {
            case PLAIN -> new PlainExchange();
            case LOGIN -> new LoginExchange();
            case XOAUTH2 -> new XOAuth2Exchange();
        };
    }
}
