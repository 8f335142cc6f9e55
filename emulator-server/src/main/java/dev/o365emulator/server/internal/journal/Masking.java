package dev.o365emulator.server.internal.journal;

import dev.o365emulator.server.Protocol;
import java.util.Locale;

/**
 * Masks passwords and tokens in client command lines before they reach a transcript, the
 * {@code --trace} output or an echoing reply.
 *
 * <p>Masked: SMTP/POP3 {@code AUTH <mech> <initial-response>}, POP3 {@code PASS} and {@code APOP}'s
 * digest, IMAP {@code LOGIN}'s password and {@code AUTHENTICATE}'s initial response. SASL
 * continuation lines are recorded whole as secrets by the session ({@link SessionRecord#clientSecret()}).
 *
 * <p>A credential can also arrive where no SASL exchange expects it: a client that sends its
 * base64 response although the server refused the {@code AUTH} ({@code 504}), or cancelled it
 * ({@code 501} after {@code *}), and then sends the password anyway. The server reads such a line
 * as an unknown command. So each session keeps the <em>SASL aftermath</em> from an authentication
 * command until the next command it recognises, and {@link #unrecognised} masks every unknown
 * line in it whole; outside it, an unknown line whose first word {@link #looksLikeBase64 looks like
 * base64} is masked too. Masked means replaced by {@link #MASK}: never cut short or upper-cased,
 * which would leave most of a secret readable.
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

    /**
     * How to show a line the server did not recognise as a command: {@link #MASK} in the SASL
     * aftermath or when its first word looks like base64, else the line as it is.
     */
    public static String unrecognised(Protocol protocol, String line, boolean saslAftermath) {
        int space = line.indexOf(' ');
        String first = space < 0 ? line : line.substring(0, space);
        return saslAftermath || looksLikeBase64(first) || (protocol == Protocol.POP3 && isBase64Alphabet(first))
                ? MASK : line;
    }

    /**
     * Whether a word is probably base64 rather than a verb or a tag: at least 8 characters of the
     * base64 alphabet, {@code =} only as trailing padding, and something no command word or
     * client-generated tag has (both cases, {@code +}, {@code /} or padding). A base64 secret of 6
     * bytes or more is caught with near certainty; {@code XFORWARD}, {@code A0000001} or
     * {@code PJKM1234} are not. Shorter secrets are caught by the SASL aftermath.
     */
    public static boolean looksLikeBase64(String word) {
        if (!isBase64Alphabet(word)) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean other = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            other |= c == '+' || c == '/' || c == '=';
        }
        return (lower && upper) || other;
    }

    /**
     * At least 8 characters of the base64 alphabet, at most two {@code =} and only at the end. POP3
     * verbs are four letters at most, so an unknown POP3 verb like this is masked even upper-cased
     * (the decoder upper-cases verbs, which hides the mixed case base64 has).
     */
    private static boolean isBase64Alphabet(String word) {
        if (word.length() < 8) {
            return false;
        }
        int padding = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '=') {
                padding++;
            } else if (padding > 0 || !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '+' || c == '/')) {
                return false;
            }
        }
        return padding <= 2;
    }

    private static String maskPop3(String line) {
        int end = line.indexOf(' ');
        end = end < 0 ? line.length() : end;
        boolean ascii = true;
        for (int i = 0; i < end && ascii; i++) {
            ascii = line.charAt(i) < 0x80;
        }
        if (ascii && !(end == 4 && (line.regionMatches(true, 0, "PASS", 0, 4)
                || line.regionMatches(true, 0, "APOP", 0, 4) || line.regionMatches(true, 0, "AUTH", 0, 4)))) {
            // An ASCII word upper-cases to PASS, APOP or AUTH only if it is one of them in some case:
            // the commands of a session's bulk (RETR n, DELE n, LIST, UIDL) are kept without a copy.
            return line;
        }
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
