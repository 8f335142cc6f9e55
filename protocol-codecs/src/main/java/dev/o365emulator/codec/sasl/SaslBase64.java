package dev.o365emulator.codec.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Strict base64 (RFC 4648, padded, no line breaks, no whitespace) for SASL lines, reporting
 * malformed input as a value rather than an exception.
 */
public final class SaslBase64 {

    private SaslBase64() {
    }

    /** The outcome of {@link #decode(String)}. */
    public sealed interface Result permits Decoded, Malformed {
    }

    /** The decoded octets. */
    public record Decoded(byte[] bytes) implements Result {
        /** The octets read as UTF-8 (SASL strings are UTF-8). */
        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Decoded[" + bytes.length + " octets]";
        }
    }

    /** Why the text is not base64. */
    public record Malformed(String reason) implements Result {
    }

    /** Decodes {@code text}; an empty string decodes to no octets. */
    public static Result decode(String text) {
        int length = text.length();
        if (length % 4 != 0) {
            return new Malformed("base64 length " + length + " is not a multiple of 4");
        }
        int padding = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '=') {
                padding++;
                if (i < length - 2) {
                    return new Malformed("base64 padding before the end");
                }
            } else if (padding > 0) {
                return new Malformed("base64 data after padding");
            } else if (!isAlphabet(c)) {
                return new Malformed("not a base64 character at offset " + i);
            }
        }
        // Validated above, so the JDK decoder cannot throw here.
        return new Decoded(Base64.getDecoder().decode(text));
    }

    /** Encodes octets. */
    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Encodes a string as UTF-8 octets. */
    public static String encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
