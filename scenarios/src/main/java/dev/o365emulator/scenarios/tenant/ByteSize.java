package dev.o365emulator.scenarios.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in a scenario file: a number of bytes ({@code 36700160}), Exchange's notation with binary
 * units ({@code 35 MB} = 35 × 1 048 576 bytes; {@code KB}, {@code MB}, {@code GB}), or {@code unlimited}
 * ({@link #UNLIMITED}) to lift a message size limit or a mailbox quota.
 */
public record ByteSize(long bytes) {
    /** No limit: {@code unlimited} in a scenario file. */
    public static final ByteSize UNLIMITED = new ByteSize(Long.MAX_VALUE);

    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?");

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative");
        }
    }

    /** Whether this is {@link #UNLIMITED}. */
    public boolean isUnlimited() {
        return bytes == Long.MAX_VALUE;
    }

    /** Reads a scenario value: a number of bytes, text such as {@code 35 MB}, or {@code unlimited}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ByteSize fromJson(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return new ByteSize(((Number) value).longValue());
        }
        if (value instanceof String text && text.trim().equalsIgnoreCase(Limit.UNLIMITED_WORD)) {
            return UNLIMITED;
        }
        if (value instanceof String text) {
            return parse(text);
        }
        throw new IllegalArgumentException("not a size: " + value + " (expected e.g. 35 MB, 36700160 or unlimited)");
    }

    /** Parses {@code 35 MB}, {@code 512KB} or {@code 1048576}. */
    public static ByteSize parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected e.g. 35 MB or 36700160)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return new ByteSize(Math.multiplyExact(n, factor));
    }

    /** The number of bytes, or {@code unlimited}. */
    @JsonValue
    public Object value() {
        return isUnlimited() ? Limit.UNLIMITED_WORD : bytes;
    }
}
