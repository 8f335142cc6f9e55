package dev.o365emulator.codec.smtp;

import java.util.Objects;
import java.util.Optional;

/**
 * A MAIL or RCPT parameter this codec has no type for, kept so the session can refuse it
 * ({@code 555 5.5.4}) or pass it on.
 *
 * @param keyword upper-cased
 * @param value the value after {@code =}, if any
 */
public record EsmtpParameter(String keyword, Optional<String> value) {

    public EsmtpParameter {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(value, "value");
    }
}
