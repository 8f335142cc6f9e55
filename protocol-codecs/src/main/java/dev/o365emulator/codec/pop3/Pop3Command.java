package dev.o365emulator.codec.pop3;

import java.util.Map;
import java.util.Objects;

/**
 * A POP3 command verb, compared case-insensitively; verbs this codec does not know are kept as sent.
 *
 * <p>{@link #of(String)} returns the constant for a known verb, so {@code ==} and {@code equals}
 * agree for known verbs. The name is always upper case (ASCII only: a Turkish locale must not turn
 * {@code quit} into {@code QUİT}).
 */
public record Pop3Command(String name) {

    public static final Pop3Command USER = new Pop3Command("USER");
    public static final Pop3Command PASS = new Pop3Command("PASS");
    public static final Pop3Command APOP = new Pop3Command("APOP");
    public static final Pop3Command AUTH = new Pop3Command("AUTH");
    public static final Pop3Command STLS = new Pop3Command("STLS");
    public static final Pop3Command CAPA = new Pop3Command("CAPA");
    public static final Pop3Command STAT = new Pop3Command("STAT");
    public static final Pop3Command LIST = new Pop3Command("LIST");
    public static final Pop3Command UIDL = new Pop3Command("UIDL");
    public static final Pop3Command RETR = new Pop3Command("RETR");
    public static final Pop3Command TOP = new Pop3Command("TOP");
    public static final Pop3Command DELE = new Pop3Command("DELE");
    public static final Pop3Command RSET = new Pop3Command("RSET");
    public static final Pop3Command NOOP = new Pop3Command("NOOP");
    public static final Pop3Command QUIT = new Pop3Command("QUIT");

    /** The command of a line without a verb: an empty line, or one too long to tell. */
    public static final Pop3Command NONE = new Pop3Command("");

    private static final Map<String, Pop3Command> KNOWN = Map.ofEntries(
            entry(USER), entry(PASS), entry(APOP), entry(AUTH), entry(STLS), entry(CAPA),
            entry(STAT), entry(LIST), entry(UIDL), entry(RETR), entry(TOP), entry(DELE),
            entry(RSET), entry(NOOP), entry(QUIT));

    public Pop3Command {
        Objects.requireNonNull(name, "name");
        name = upperAscii(name);
    }

    /** Returns the command for a verb as the client sent it, in any case. */
    public static Pop3Command of(String verb) {
        String upper = upperAscii(Objects.requireNonNull(verb, "verb"));
        Pop3Command known = KNOWN.get(upper);
        return known != null ? known : new Pop3Command(upper);
    }

    /** Whether this is one of the RFC 1939, 2449, 2595 or 5034 verbs listed as constants here. */
    public boolean isKnown() {
        return KNOWN.containsKey(name);
    }

    @Override
    public String toString() {
        return name;
    }

    private static Map.Entry<String, Pop3Command> entry(Pop3Command command) {
        return Map.entry(command.name, command);
    }

    private static String upperAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'a' && chars[j] <= 'z') {
                        chars[j] = (char) (chars[j] - ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
