package dev.o365emulator.codec.smtp;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An SMTP verb: one of the well-known constants, or an unknown verb (upper-cased, with the
 * client's own spelling kept in {@link #spelling()}), so the session can answer {@code 500 5.3.3}
 * naming it.
 */
public final class SmtpCommand {

    public static final SmtpCommand EHLO = new SmtpCommand("EHLO");
    public static final SmtpCommand HELO = new SmtpCommand("HELO");
    public static final SmtpCommand MAIL = new SmtpCommand("MAIL");
    public static final SmtpCommand RCPT = new SmtpCommand("RCPT");
    public static final SmtpCommand DATA = new SmtpCommand("DATA");
    public static final SmtpCommand BDAT = new SmtpCommand("BDAT");
    public static final SmtpCommand RSET = new SmtpCommand("RSET");
    public static final SmtpCommand NOOP = new SmtpCommand("NOOP");
    public static final SmtpCommand QUIT = new SmtpCommand("QUIT");
    public static final SmtpCommand VRFY = new SmtpCommand("VRFY");
    public static final SmtpCommand EXPN = new SmtpCommand("EXPN");
    public static final SmtpCommand HELP = new SmtpCommand("HELP");
    public static final SmtpCommand STARTTLS = new SmtpCommand("STARTTLS");
    public static final SmtpCommand AUTH = new SmtpCommand("AUTH");

    private static final Map<String, SmtpCommand> KNOWN = Stream.of(
                    EHLO, HELO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, VRFY, EXPN, HELP, STARTTLS, AUTH)
            .collect(Collectors.toUnmodifiableMap(SmtpCommand::name, Function.identity()));

    private final String name;
    private final String spelling;

    private SmtpCommand(String name) {
        this(name, name);
    }

    private SmtpCommand(String name, String spelling) {
        this.name = name;
        this.spelling = spelling;
    }

    /**
     * Returns the command for a verb, case-insensitively: a well-known constant when there is
     * one, otherwise a new unknown command carrying the upper-cased verb.
     */
    public static SmtpCommand valueOf(String verb) {
        Objects.requireNonNull(verb, "verb");
        String upper = verb.toUpperCase(Locale.ROOT);
        SmtpCommand known = KNOWN.get(upper);
        return known != null ? known : new SmtpCommand(upper, verb);
    }

    /** The upper-cased verb. */
    public String name() {
        return name;
    }

    /**
     * An unknown verb as the client wrote it, case and all (a line that was no command at all may
     * be a password, which upper-casing would not hide); a well-known verb's {@link #name()}.
     */
    public String spelling() {
        return spelling;
    }

    /** Whether this is one of the constants of this class rather than a verb nobody defined here. */
    public boolean isKnown() {
        return KNOWN.get(name) == this;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmtpCommand command && command.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
