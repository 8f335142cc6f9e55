package dev.o365emulator.codec.smtp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses the arguments of MAIL and RCPT (RFC 5321 §4.1.2 with RFC 6531 UTF-8 addresses) into
 * typed values; pure functions, no state.
 *
 * <p>Accepted leniency, as Office 365 and most servers do: spaces between {@code FROM:} and the
 * path, and keywords in any case. Paths must be in angle brackets.
 * Example: {@code parseMailFrom("FROM:<a@example.com> SIZE=1000 BODY=8BITMIME")}.
 */
public final class SmtpPathParser {

    /** RFC 3461: ENVID is at most 100 characters. */
    public static final int MAX_ENVID_LENGTH = 100;
    private static final int MAX_SIZE_DIGITS = 18;

    private SmtpPathParser() {
    }

    /** The MAIL FROM argument, typed. */
    public record MailFrom(MailPath reversePath, MailParameters parameters) {
    }

    /** The RCPT TO argument, typed. */
    public record RcptTo(MailPath forwardPath, RcptParameters parameters) {
    }

    /** Parses the argument of MAIL: {@code FROM:<reverse-path> [SP params]}. */
    public static SmtpParseResult<MailFrom> parseMailFrom(String argument) {
        Cursor cursor = new Cursor(argument);
        try {
            cursor.expectKeyword("FROM:");
            MailPath path = cursor.path(true, false);
            List<EsmtpParameter> raw = cursor.parameters();
            return new SmtpParseResult.Parsed<>(new MailFrom(path, mailParameters(raw)));
        } catch (SyntaxError e) {
            return new SmtpParseResult.Invalid<>(e.getMessage());
        }
    }

    /** Parses the argument of RCPT: {@code TO:<forward-path> [SP params]}, {@code <Postmaster>} included. */
    public static SmtpParseResult<RcptTo> parseRcptTo(String argument) {
        Cursor cursor = new Cursor(argument);
        try {
            cursor.expectKeyword("TO:");
            MailPath path = cursor.path(false, true);
            List<EsmtpParameter> raw = cursor.parameters();
            return new SmtpParseResult.Parsed<>(new RcptTo(path, rcptParameters(raw)));
        } catch (SyntaxError e) {
            return new SmtpParseResult.Invalid<>(e.getMessage());
        }
    }

    private static MailParameters mailParameters(List<EsmtpParameter> raw) {
        OptionalLong size = OptionalLong.empty();
        Optional<MailParameters.Body> body = Optional.empty();
        boolean smtpUtf8 = false;
        Optional<MailParameters.Ret> ret = Optional.empty();
        Optional<String> envelopeId = Optional.empty();
        Optional<String> auth = Optional.empty();
        List<EsmtpParameter> others = new ArrayList<>();
        for (EsmtpParameter parameter : raw) {
            String value = parameter.value().orElse(null);
            switch (parameter.keyword()) {
                case "SIZE" -> size = OptionalLong.of(parseSize(required(parameter)));
                case "BODY" -> body = Optional.of(parseBody(required(parameter)));
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw new SyntaxError("SMTPUTF8 takes no value");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> ret = Optional.of(switch (required(parameter).toUpperCase(Locale.ROOT)) {
                    case "FULL" -> MailParameters.Ret.FULL;
                    case "HDRS" -> MailParameters.Ret.HDRS;
                    default -> throw new SyntaxError("RET must be FULL or HDRS");
                });
                case "ENVID" -> {
                    String decoded = decodeXtext(required(parameter));
                    if (decoded.length() > MAX_ENVID_LENGTH) {
                        throw new SyntaxError("ENVID longer than " + MAX_ENVID_LENGTH);
                    }
                    envelopeId = Optional.of(decoded);
                }
                case "AUTH" -> {
                    String mailbox = required(parameter);
                    auth = Optional.of("<>".equals(mailbox) ? mailbox : decodeXtext(mailbox));
                }
                default -> others.add(parameter);
            }
        }
        return new MailParameters(size, body, smtpUtf8, ret, envelopeId, auth, others);
    }

    private static RcptParameters rcptParameters(List<EsmtpParameter> raw) {
        Set<RcptParameters.Notify> notify = EnumSet.noneOf(RcptParameters.Notify.class);
        Optional<RcptParameters.OriginalRecipient> original = Optional.empty();
        List<EsmtpParameter> others = new ArrayList<>();
        for (EsmtpParameter parameter : raw) {
            switch (parameter.keyword()) {
                case "NOTIFY" -> {
                    for (String item : required(parameter).split(",", -1)) {
                        try {
                            notify.add(RcptParameters.Notify.valueOf(item.toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            throw new SyntaxError("NOTIFY value not NEVER, SUCCESS, FAILURE or DELAY: " + item);
                        }
                    }
                    if (notify.contains(RcptParameters.Notify.NEVER) && notify.size() > 1) {
                        throw new SyntaxError("NOTIFY=NEVER cannot be combined");
                    }
                }
                case "ORCPT" -> {
                    String value = required(parameter);
                    int semicolon = value.indexOf(';');
                    if (semicolon <= 0 || semicolon == value.length() - 1) {
                        throw new SyntaxError("ORCPT must be addr-type;address");
                    }
                    original = Optional.of(new RcptParameters.OriginalRecipient(
                            value.substring(0, semicolon), decodeXtext(value.substring(semicolon + 1))));
                }
                default -> others.add(parameter);
            }
        }
        return new RcptParameters(notify, original, others);
    }

    private static String required(EsmtpParameter parameter) {
        return parameter.value().orElseThrow(() -> new SyntaxError(parameter.keyword() + " needs a value"));
    }

    private static long parseSize(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SyntaxError("SIZE must be digits");
        }
        // A size beyond any limit is still a syntactically valid SIZE: the session answers 552.
        String digits = value.replaceFirst("^0+(?=.)", "");
        return digits.length() > MAX_SIZE_DIGITS ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static MailParameters.Body parseBody(String value) {
        for (MailParameters.Body body : MailParameters.Body.values()) {
            if (body.keyword().equalsIgnoreCase(value)) {
                return body;
            }
        }
        throw new SyntaxError("BODY must be 7BIT, 8BITMIME or BINARYMIME");
    }

    /** RFC 3461 §4: {@code +XX} (upper-case hex) stands for the octet XX; {@code +} and {@code =} are otherwise not allowed. */
    static String decodeXtext(String xtext) {
        StringBuilder decoded = new StringBuilder(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw new SyntaxError("xtext: truncated +XX");
                }
                int high = Character.digit(xtext.charAt(i + 1), 16);
                int low = Character.digit(xtext.charAt(i + 2), 16);
                if (high < 0 || low < 0 || Character.isLowerCase(xtext.charAt(i + 1))
                        || Character.isLowerCase(xtext.charAt(i + 2))) {
                    throw new SyntaxError("xtext: bad +XX escape");
                }
                decoded.append((char) (high * 16 + low));
                i += 2;
            } else if (c == '=' || c < 33 || c == 127) {
                throw new SyntaxError("xtext: character not allowed");
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    /** Thrown inside this class only, to unwind a parse; callers see {@link SmtpParseResult.Invalid}. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    /** A position in the argument string. */
    private static final class Cursor {
        private final String text;
        private int position;

        Cursor(String text) {
            this.text = text;
        }

        void expectKeyword(String keyword) {
            if (!text.regionMatches(true, 0, keyword, 0, keyword.length())) {
                throw new SyntaxError("argument must start with " + keyword);
            }
            position = keyword.length();
            while (peek() == ' ') {
                position++;
            }
        }

        MailPath path(boolean allowNull, boolean allowPostmaster) {
            expect('<', "path must start with <");
            if (peek() == '>') {
                position++;
                if (!allowNull) {
                    throw new SyntaxError("null path not allowed here");
                }
                return MailPath.NULL;
            }
            List<String> route = new ArrayList<>();
            if (peek() == '@') {
                while (true) {
                    position++;
                    route.add(domain());
                    if (peek() != ',' || next() != '@') {
                        break;
                    }
                    position++;
                }
                expect(':', "source route must end with :");
            }
            String local = localPart();
            if (peek() == '>' && allowPostmaster && route.isEmpty() && local.equalsIgnoreCase("postmaster")) {
                position++;
                return new MailPath(route, local, "");
            }
            expect('@', "address needs @domain");
            String domain = domain();
            expect('>', "path must end with >");
            return new MailPath(route, local, domain);
        }

        List<EsmtpParameter> parameters() {
            List<EsmtpParameter> parameters = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (position < text.length()) {
                if (peek() != ' ') {
                    throw new SyntaxError("expected a space before parameters");
                }
                while (peek() == ' ') {
                    position++;
                }
                if (position == text.length()) {
                    break;
                }
                int start = position;
                while (position < text.length() && text.charAt(position) != ' ') {
                    position++;
                }
                EsmtpParameter parameter = parameter(text.substring(start, position));
                if (!seen.add(parameter.keyword())) {
                    throw new SyntaxError("parameter given twice: " + parameter.keyword());
                }
                parameters.add(parameter);
            }
            return parameters;
        }

        private static EsmtpParameter parameter(String token) {
            int equals = token.indexOf('=');
            String keyword = equals < 0 ? token : token.substring(0, equals);
            if (keyword.isEmpty() || !isAsciiLetterOrDigit(keyword.charAt(0))
                    || !keyword.chars().allMatch(c -> isAsciiLetterOrDigit((char) c) || c == '-')) {
                throw new SyntaxError("bad parameter keyword: " + keyword);
            }
            if (equals < 0) {
                return new EsmtpParameter(keyword.toUpperCase(Locale.ROOT), Optional.empty());
            }
            String value = token.substring(equals + 1);
            // esmtp-value: printable ASCII except '=', or UTF-8 (RFC 6531).
            if (value.isEmpty() || !value.chars().allMatch(c -> (c >= 33 && c <= 126 && c != '=') || c >= 0x80)) {
                throw new SyntaxError("bad value for " + keyword);
            }
            return new EsmtpParameter(keyword.toUpperCase(Locale.ROOT), Optional.of(value));
        }

        private String localPart() {
            int start = position;
            if (peek() == '"') {
                position++;
                while (true) {
                    char c = peek();
                    if (c == 0) {
                        throw new SyntaxError("unterminated quoted local part");
                    }
                    position++;
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char escaped = peek();
                        if (escaped < 32 || escaped > 126) {
                            throw new SyntaxError("bad quoted-pair in local part");
                        }
                        position++;
                    } else if (!(c >= 32 && c <= 126) && c < 0x80) {
                        throw new SyntaxError("control character in quoted local part");
                    }
                }
                if (position - start == 2) {
                    throw new SyntaxError("empty quoted local part");
                }
                return text.substring(start, position);
            }
            atom("local part");
            while (peek() == '.') {
                position++;
                atom("local part");
            }
            return text.substring(start, position);
        }

        private void atom(String what) {
            int start = position;
            while (isAtext(peek())) {
                position++;
            }
            if (position == start) {
                throw new SyntaxError("empty or invalid " + what);
            }
        }

        private String domain() {
            int start = position;
            if (peek() == '[') {
                position++;
                while (peek() != ']') {
                    char c = peek();
                    if (c == 0 || c < 33 || c > 126 || c == '[' || c == '\\') {
                        throw new SyntaxError("bad address literal");
                    }
                    position++;
                }
                position++;
                if (position - start == 2) {
                    throw new SyntaxError("empty address literal");
                }
                return text.substring(start, position);
            }
            label();
            while (peek() == '.') {
                position++;
                label();
            }
            return text.substring(start, position);
        }

        private void label() {
            int start = position;
            while (isLetterOrDigit(peek()) || peek() == '-') {
                position++;
            }
            if (position == start || text.charAt(start) == '-' || text.charAt(position - 1) == '-') {
                throw new SyntaxError("bad domain label");
            }
        }

        private void expect(char c, String message) {
            if (peek() != c) {
                throw new SyntaxError(message);
            }
            position++;
        }

        /** The current character, or NUL at the end (a NUL never reaches here: the decoder rejects it). */
        private char peek() {
            return position < text.length() ? text.charAt(position) : 0;
        }

        private char next() {
            return position + 1 < text.length() ? text.charAt(position + 1) : 0;
        }

        private static boolean isAtext(char c) {
            return isAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0 || c >= 0x80;
        }

        private static boolean isLetterOrDigit(char c) {
            return isAsciiLetterOrDigit(c) || c >= 0x80;
        }

        private static boolean isAsciiLetterOrDigit(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }
}
