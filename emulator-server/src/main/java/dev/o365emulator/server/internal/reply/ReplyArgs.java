package dev.o365emulator.server.internal.reply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values a reply's placeholders take: {@code {name}} in a text becomes the value given for
 * {@code name}; a placeholder without a value stays as written, so a missing argument shows.
 */
public final class ReplyArgs {

    /** The argument whose value is Office 365's {@code [HOST time ticks]} bracket, for SMTP forms that want it. */
    public static final String TRAILER = "timestampTrailer";

    /** No values: texts stay as they are. */
    public static final ReplyArgs NONE = new ReplyArgs(Map.of());

    private final Map<String, String> values;

    private ReplyArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Arguments from name/value pairs: {@code of("user", u, "sender", s)}; null values become empty. */
    public static ReplyArgs of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(Objects.requireNonNull(namesAndValues[i]), Objects.toString(namesAndValues[i + 1], ""));
        }
        return new ReplyArgs(Map.copyOf(map));
    }

    /** These arguments and one more (replacing a value of the same name). */
    public ReplyArgs and(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>(values);
        map.put(Objects.requireNonNull(name), Objects.toString(value, ""));
        return new ReplyArgs(Map.copyOf(map));
    }

    /** The value given for {@code name}, or null. */
    public String value(String name) {
        return values.get(name);
    }

    /** The text with every {@code {name}} that has a value replaced by it. */
    public String fill(String text) {
        if (text.indexOf('{') < 0 || values.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = open < 0 ? -1 : text.indexOf('}', open + 1);
            if (close < 0) {
                out.append(text, i, text.length());
                break;
            }
            String value = values.get(text.substring(open + 1, close));
            out.append(text, i, open);
            if (value != null) {
                out.append(value);
            } else {
                out.append(text, open, close + 1);
            }
            i = close + 1;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
