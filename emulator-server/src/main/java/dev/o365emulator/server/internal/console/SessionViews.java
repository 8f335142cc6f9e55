package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TlsInfo;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON of journal sessions: a summary for lists, the whole transcript for one, with each server
 * line's reply code and whether it refused something, and the lines a fault rule changed.
 *
 * <p>A session's <em>outcome</em> is {@code open} while connected, {@code error} once the server
 * refused something on it (an SMTP 4xx or 5xx reply, an IMAP {@code NO}, {@code BAD} or {@code BYE},
 * a POP3 {@code -ERR}) or a protocol error was recorded, and {@code ok} otherwise.
 */
final class SessionViews {

    /** The transcript's own line for a fired rule ({@code scenario rule <id> fired: …}). */
    private static final Pattern RULE_LINE = Pattern.compile("scenario rule (\\S+) fired.*");
    private static final Pattern SMTP_CODE = Pattern.compile("([2-5]\\d\\d)(?:[ -].*)?");
    private static final Pattern IMAP_TAGGED = Pattern.compile("[^ *+]\\S* (OK|NO|BAD)(?: .*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAP_BYE = Pattern.compile("\\* BYE(?: .*)?", Pattern.CASE_INSENSITIVE);

    private SessionViews() {
    }

    record Tls(String protocol, String cipherSuite, String serverName) {
    }

    record Summary(long id, String protocol, String endpoint, String localAddress, String remoteAddress,
            String start, String end, boolean open, Tls tls, String user, String mechanism, String outcome,
            int lines, List<String> rulesFired, int protocolErrors, String href) {
    }

    /**
     * One transcript line.
     *
     * @param code a server line's reply code: {@code 250}, {@code OK}, {@code NO}, {@code +OK}, {@code -ERR}…
     * @param refused whether a server line refused something (see the class comment)
     * @param rule on the transcript's own line for a fired rule, the rule's id
     * @param changedBy on the server line a fired rule produced or changed, the rule's id
     */
    record Line(String time, String direction, String text, String code, Boolean refused, String rule,
            String changedBy) {
    }

    record Rule(String rule, String effect, String time) {
    }

    record Full(long id, String protocol, String endpoint, String localAddress, String remoteAddress, String start,
            String end, boolean open, Tls tls, String user, String mechanism, String outcome, List<Line> transcript,
            long droppedLines, List<String> protocolErrors, List<Rule> firedRules, String href) {
    }

    static Summary summary(Session s) {
        List<TranscriptLine> transcript = s.transcript();
        List<String> rules = s.firedRules().stream().map(FiredRule::rule).distinct().toList();
        return new Summary(s.id(), protocol(s), s.endpoint().id(), Views.address(s.localAddress()),
                Views.address(s.remoteAddress()), s.start().toString(), s.end().map(Object::toString).orElse(null),
                s.isOpen(), tls(s), s.user().orElse(null), s.mechanism().orElse(null), outcome(s, transcript),
                transcript.size(), rules, s.protocolErrors().size(), href(s.id()));
    }

    static Full full(Session s) {
        List<TranscriptLine> transcript = s.transcript();
        List<Line> lines = new ArrayList<>(transcript.size());
        String pendingRule = null;
        for (TranscriptLine l : transcript) {
            String rule = null;
            String changedBy = null;
            String code = null;
            Boolean refused = null;
            if (l.direction() == Direction.EVENT) {
                Matcher m = RULE_LINE.matcher(l.text());
                if (m.matches()) {
                    rule = m.group(1);
                    pendingRule = rule;
                }
            } else if (l.direction() == Direction.SERVER) {
                code = code(s.protocol(), l.text());
                refused = code == null ? null : isRefusal(code);
                // The first server line after a rule fired is what the rule answered or let through.
                changedBy = pendingRule;
                pendingRule = null;
            }
            lines.add(new Line(l.time().toString(), l.direction().prefix(), l.text(), code, refused, rule, changedBy));
        }
        return new Full(s.id(), protocol(s), s.endpoint().id(), Views.address(s.localAddress()),
                Views.address(s.remoteAddress()), s.start().toString(), s.end().map(Object::toString).orElse(null),
                s.isOpen(), tls(s), s.user().orElse(null), s.mechanism().orElse(null), outcome(s, transcript), lines,
                s.droppedLines(), s.protocolErrors(), s.firedRules().stream()
                        .map(r -> new Rule(r.rule(), r.effect(), r.time().toString())).toList(), href(s.id()));
    }

    /** {@code open}, {@code ok} or {@code error}. */
    static String outcome(Session s, List<TranscriptLine> transcript) {
        if (s.isOpen()) {
            return "open";
        }
        if (!s.protocolErrors().isEmpty()) {
            return "error";
        }
        for (TranscriptLine l : transcript) {
            if (l.direction() == Direction.SERVER) {
                String code = code(s.protocol(), l.text());
                if (code != null && isRefusal(code)) {
                    return "error";
                }
            }
        }
        return "ok";
    }

    /** A server line's reply code, or null for a line that carries none (an untagged IMAP line, a list item). */
    static String code(Protocol protocol, String text) {
        switch (protocol) {
            case SMTP -> {
                Matcher m = SMTP_CODE.matcher(text);
                return m.matches() ? m.group(1) : null;
            }
            case IMAP -> {
                if (IMAP_BYE.matcher(text).matches()) {
                    return "BYE";
                }
                Matcher m = IMAP_TAGGED.matcher(text);
                return m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null;
            }
            case POP3 -> {
                return text.startsWith("+OK") ? "+OK" : text.startsWith("-ERR") ? "-ERR" : null;
            }
            default -> {
                return null;
            }
        }
    }

    static boolean isRefusal(String code) {
        return code.startsWith("4") || code.startsWith("5") || code.equals("NO") || code.equals("BAD")
                || code.equals("BYE") || code.equals("-ERR");
    }

    static String href(long id) {
        return "/api/v1/sessions/" + id;
    }

    private static String protocol(Session s) {
        return s.protocol().name().toLowerCase(Locale.ROOT);
    }

    private static Tls tls(Session s) {
        return s.tls().map(SessionViews::tls).orElse(null);
    }

    private static Tls tls(TlsInfo t) {
        return new Tls(t.protocol(), t.cipherSuite(), t.serverName().orElse(null));
    }
}
