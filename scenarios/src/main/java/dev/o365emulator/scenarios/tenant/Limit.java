package dev.o365emulator.scenarios.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A count limit in a scenario file: a whole number ({@code 30}) or {@code unlimited}, which lifts
 * the limit altogether (a plain test mail server, a benchmark).
 *
 * <p>The range a number may take is the tenant's business (the server's {@code Limits} says it);
 * here only the form is read.
 */
public record Limit(int value) {

    /** The value that stands for no limit. */
    public static final int UNLIMITED_VALUE = Integer.MAX_VALUE;

    /** No limit. */
    public static final Limit UNLIMITED = new Limit(UNLIMITED_VALUE);

    /** The word that lifts a limit, in scenario files and the tenant API. */
    public static final String UNLIMITED_WORD = "unlimited";

    /** Whether this is {@link #UNLIMITED}. */
    public boolean isUnlimited() {
        return value == UNLIMITED_VALUE;
    }

    /** Reads a scenario value: a whole number, or {@code unlimited}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Limit fromJson(Object value) {
        if (value instanceof Integer n) {
            return new Limit(n);
        }
        if (value instanceof String text && text.trim().toLowerCase(Locale.ROOT).equals(UNLIMITED_WORD)) {
            return UNLIMITED;
        }
        throw new IllegalArgumentException("not a limit: " + value + " (expected a whole number or unlimited)");
    }

    /** A number, or {@code unlimited} for {@link #UNLIMITED}. */
    @JsonValue
    Object json() {
        return isUnlimited() ? UNLIMITED_WORD : value;
    }

    @Override
    public String toString() {
        return isUnlimited() ? UNLIMITED_WORD : Integer.toString(value);
    }
}
