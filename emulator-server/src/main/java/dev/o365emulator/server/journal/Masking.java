package dev.o365emulator.server.journal;

import dev.o365emulator.server.Protocol;
import java.util.Locale;

/**
 * Masks passwords and tokens in client command lines before they reach a transcript.
 *
 * <p>Masked: SMTP/POP3 {@code AUTH <mech> <initial-response>}, POP3 {@code PASS} and {@code APOP}'s
 * digest, IMAP {@code LOGIN}'s password and {@code AUTHENTICATE}'s initial response. SASL
 * continuation lines are recorded whole as secrets by the session ({@link SessionRecord#clientSecret()}).
 */
public final class Masking {

    /** What a secret looks like in a transcript. */
    public static final String MASK = "****";

    private Masking() {}

    /** The line with any secret it carries replaced by {@link #MASK}. */
    public static String mask(Protocol protocol, String line) {
        return switch (protocol) {
            case SMTP -> maskAfterWords(line, "AUTH", 2);
            case POP3 -> maskPop3(line);
            case IMAP -> maskImap(line);
        };
    }

    private static String maskPop3(String line) {
        String verb = firstWord(line);
        return switch (verb) {
            case "PASS" -> maskAfterWords(line, "PASS", 1);
            case "APOP" -> maskAfterWords(line, "APOP", 2);
            default -> maskAfterWords(line, "AUTH", 2);
        };
    }

    private static String maskImap(String line) {
        int afterTag = line.indexOf(' ');
        if (afterTag < 0) {
            return line;
        }
        String rest = line.substring(afterTag + 1);
        String verb = firstWord(rest);
        if (verb.equals("UID")) {
            return line;
        }
        String masked = switch (verb) {
            case "LOGIN" -> maskImapLogin(rest);
            case "AUTHENTICATE" -> maskAfterWords(rest, "AUTHENTICATE", 2);
            default -> rest;
        };
        return line.substring(0, afterTag + 1) + masked;
    }

    // LOGIN user password: the user may be quoted; everything after it is the password.
    private static String maskImapLogin(String rest) {
        int i = "LOGIN".length();
        while (i < rest.length() && rest.charAt(i) == ' ') {
            i++;
        }
        if (i >= rest.length()) {
            return rest;
        }
        int end;
        if (rest.charAt(i) == '"') {
            end = i + 1;
            while (end < rest.length() && rest.charAt(end) != '"') {
                end += rest.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(end + 1, rest.length());
        } else {
            end = rest.indexOf(' ', i);
            if (end < 0) {
                return rest;
            }
        }
        return end >= rest.length() ? rest : rest.substring(0, end) + " " + MASK;
    }

    /** Keeps the verb and the next {@code keep - 1} words, masks whatever follows them. */
    private static String maskAfterWords(String line, String verb, int keep) {
        if (!firstWord(line).equals(verb)) {
            return line;
        }
        int pos = 0;
        for (int word = 0; word < keep; word++) {
            int space = line.indexOf(' ', pos);
            if (space < 0) {
                return line;
            }
            pos = space + 1;
            while (pos < line.length() && line.charAt(pos) == ' ') {
                pos++;
            }
        }
        return pos >= line.length() ? line : line.substring(0, pos) + MASK;
    }

    private static String firstWord(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
