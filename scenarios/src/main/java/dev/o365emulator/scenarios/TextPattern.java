package dev.o365emulator.scenarios;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A {@code when} address value: exact (case-insensitive), a glob with {@code *}/{@code ?}, or {@code /regex/}. */
final class TextPattern {

    /** Longest pattern accepted, so that matching stays cheap. */
    static final int MAX_LENGTH = 512;

    private final Pattern pattern;

    private TextPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException for an over-long or malformed pattern */
    static TextPattern of(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
        }
        try {
            if (text.length() >= 2 && text.startsWith("/") && text.endsWith("/")) {
                return new TextPattern(Pattern.compile(text.substring(1, text.length() - 1), Pattern.CASE_INSENSITIVE));
            }
            StringBuilder regex = new StringBuilder();
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return new TextPattern(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad pattern: " + e.getDescription(), e);
        }
    }

    boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }
}
