package dev.o365emulator.server.internal.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route's path with named variables, {@code /api/v1/mailboxes/{address}/folders/{folder}}, as the
 * OpenAPI document writes it.
 *
 * <p>Matching works on the raw path split at {@code /} first and each segment percent-decoded after,
 * so a variable may hold an encoded slash: the folder {@code Projects/2025} is
 * {@code Projects%2F2025}. A {@code +} stays a plus (it means a space only in query strings).
 */
final class PathTemplate {

    /** Most segments a request path may have; longer paths match no route. */
    static final int MAX_SEGMENTS = 16;

    private final String text;
    private final List<String> segments;

    PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a path template starts with /: " + text);
        }
        this.text = text;
        this.segments = split(text);
    }

    /** The template as written. */
    String text() {
        return text;
    }

    /** The names of its variables, in order. */
    List<String> variables() {
        List<String> names = new ArrayList<>();
        for (String s : segments) {
            if (isVariable(s)) {
                names.add(s.substring(1, s.length() - 1));
            }
        }
        return names;
    }

    /**
     * The decoded variables when the raw path matches, else null.
     *
     * @throws IllegalArgumentException for a malformed percent-escape in a variable's segment
     */
    Map<String, String> match(List<String> rawSegments) {
        if (rawSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.size(); i++) {
            String want = segments.get(i);
            String raw = rawSegments.get(i);
            if (isVariable(want)) {
                if (raw.isEmpty()) {
                    return null;
                }
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(want.substring(1, want.length() - 1), decode(raw));
            } else if (!want.equals(raw)) {
                return null;
            }
        }
        return values == null ? Map.of() : values;
    }

    /** A raw path (no query) as segments; the leading slash gives no segment, a trailing one an empty one. */
    static List<String> split(String rawPath) {
        List<String> out = new ArrayList<>();
        int start = 1;
        while (start <= rawPath.length() && out.size() <= MAX_SEGMENTS) {
            int slash = rawPath.indexOf('/', start);
            int end = slash < 0 ? rawPath.length() : slash;
            out.add(rawPath.substring(start, end));
            start = end + 1;
            if (slash < 0) {
                break;
            }
        }
        return out;
    }

    /**
     * Percent-decodes one path segment as UTF-8.
     *
     * @throws IllegalArgumentException for a bad escape or bytes that are not UTF-8
     */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("a truncated percent-escape in the path");
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("a malformed percent-escape in the path");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                // Netty reads the request line as ISO-8859-1: each char is one byte as the client sent it.
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("a path character outside ISO-8859-1");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a path segment that is not UTF-8");
        }
    }

    private static boolean isVariable(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathTemplate t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
