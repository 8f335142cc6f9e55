package dev.o365emulator.testkit;

import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one connection's journal record; failure messages show its transcript. */
public final class SessionAssert extends AbstractAssert<SessionAssert, Session> {

    SessionAssert(Session actual) {
        super(actual, SessionAssert.class);
    }

    /** TLS was negotiated (implicitly or with STARTTLS/STLS) at version 1.2 or later. */
    public SessionAssert negotiatedTlsAtLeast12() {
        isNotNull();
        if (actual.tls().map(t -> !t.isAtLeastTls12()).orElse(true)) {
            failWithMessage("Expected session %s to negotiate TLS 1.2 or later but it negotiated %s%n%s", Transcripts.describe(actual),
                    actual.tls().map(t -> t.protocol()).orElse("no TLS"), Transcripts.render(actual));
        }
        return this;
    }

    /** The session authenticated as this user (case-insensitive). */
    public SessionAssert authenticatedAs(String user) {
        isNotNull();
        if (!actual.user().map(u -> u.equalsIgnoreCase(user)).orElse(false)) {
            failWithMessage("Expected session %s to authenticate as <%s> but it %s%n%s", Transcripts.describe(actual), user,
                    actual.user().map(u -> "authenticated as <" + u + ">").orElse("did not authenticate"),
                    Transcripts.render(actual));
        }
        return this;
    }

    /** The session authenticated with this mechanism ({@code LOGIN}, {@code XOAUTH2}, {@code PLAIN}, {@code USER}…). */
    public SessionAssert authenticatedWith(String mechanism) {
        isNotNull();
        if (!actual.mechanism().map(m -> m.equalsIgnoreCase(mechanism)).orElse(false)) {
            failWithMessage("Expected session %s to authenticate with %s but it used %s%n%s", Transcripts.describe(actual), mechanism,
                    actual.mechanism().orElse("nothing"), Transcripts.render(actual));
        }
        return this;
    }

    /** The session never authenticated. */
    public SessionAssert isNotAuthenticated() {
        isNotNull();
        if (actual.user().isPresent()) {
            failWithMessage("Expected session %s not to authenticate but it authenticated as <%s>%n%s", Transcripts.describe(actual),
                    actual.user().get(), Transcripts.render(actual));
        }
        return this;
    }

    /**
     * A client line starting with {@code command} (case-insensitive, e.g. {@code "MAIL FROM"} or
     * {@code "a1 LOGIN"}) got a reply containing {@code reply}.
     *
     * <p>The reply of a command that takes several steps (SMTP {@code AUTH LOGIN}, {@code DATA},
     * IMAP {@code AUTHENTICATE}) runs to its final reply: past the client's answers to each
     * intermediate reply ({@code 334}, {@code 354}, {@code +}), so {@code repliedTo("AUTH", "535 5.7.139")}
     * sees the refusal that follows the masked credentials.
     */
    public SessionAssert repliedTo(String command, String reply) {
        isNotNull();
        List<TranscriptLine> lines = actual.transcript();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (isCommand(lines.get(i), command)) {
                for (String r : replyAfter(lines, i)) {
                    if (r.contains(reply)) {
                        return this;
                    }
                    seen.add(r);
                }
            }
        }
        failWithMessage("Expected <%s> to be answered with <%s> in session %s but the replies were %s%n%s", command,
                reply, Transcripts.describe(actual), seen.isEmpty() ? "(the command was never sent)" : seen, Transcripts.render(actual));
        return this;
    }

    /** The session saw no protocol error (bad syntax, bytes pipelined after STARTTLS…). */
    public SessionAssert hasNoProtocolErrors() {
        isNotNull();
        if (!actual.protocolErrors().isEmpty()) {
            failWithMessage("Expected no protocol errors in session %s but found %s%n%s", Transcripts.describe(actual),
                    actual.protocolErrors(), Transcripts.render(actual));
        }
        return this;
    }

    /**
     * The transcript has exactly this whole line, direction included, e.g. {@code "C: QUIT"}.
     * Office 365's SMTP lines end in a {@code [host time id]} trailer that changes with every
     * reply: match those with {@link #hasTranscriptLineStartingWith} or {@link #hasTranscriptLineMatching}.
     */
    public SessionAssert hasTranscriptLine(String line) {
        isNotNull();
        if (actual.transcript().stream().noneMatch(l -> l.toString().equals(line))) {
            failWithMessage("Expected the line <%s> in session %s%n%s", line, Transcripts.describe(actual), Transcripts.render(actual));
        }
        return this;
    }

    /**
     * The transcript has a line starting with {@code prefix}, direction included, e.g.
     * {@code "S: 220 "} for a greeting whatever its trailer.
     */
    public SessionAssert hasTranscriptLineStartingWith(String prefix) {
        isNotNull();
        if (actual.transcript().stream().noneMatch(l -> l.toString().startsWith(prefix))) {
            failWithMessage("Expected a line starting with <%s> in session %s%n%s", prefix, Transcripts.describe(actual),
                    Transcripts.render(actual));
        }
        return this;
    }

    /**
     * The transcript has a line the regular expression matches as a whole, direction included,
     * e.g. {@code "S: 250 2\\.0\\.0 OK <.+> \\[Hostname=.+\\]"}.
     */
    public SessionAssert hasTranscriptLineMatching(String regex) {
        isNotNull();
        Pattern pattern = Pattern.compile(regex);
        if (actual.transcript().stream().noneMatch(l -> pattern.matcher(l.toString()).matches())) {
            failWithMessage("Expected a line matching <%s> in session %s%n%s", regex, Transcripts.describe(actual),
                    Transcripts.render(actual));
        }
        return this;
    }

    static boolean isCommand(TranscriptLine line, String command) {
        return line.direction() == Direction.CLIENT
                && line.text().toUpperCase(Locale.ROOT).startsWith(command.toUpperCase(Locale.ROOT));
    }

    /**
     * The server lines answering the client line at {@code index}: up to the next client line, or
     * past it while the last reply only asked the client for more (SMTP {@code 3xx}, an IMAP or
     * POP3 {@code +} continuation), so the last element is the command's final reply.
     */
    static List<String> replyAfter(List<TranscriptLine> lines, int index) {
        List<String> reply = new ArrayList<>();
        for (int j = index + 1; j < lines.size(); j++) {
            TranscriptLine line = lines.get(j);
            if (line.direction() == Direction.CLIENT
                    && (reply.isEmpty() || !isIntermediate(reply.get(reply.size() - 1)))) {
                break;
            }
            if (line.direction() == Direction.SERVER) {
                reply.add(line.text());
            }
        }
        return reply;
    }

    /** A reply asking the client to go on: SMTP's {@code 334}/{@code 354}, a {@code +} continuation. */
    private static boolean isIntermediate(String reply) {
        return reply.length() >= 3 && reply.charAt(0) == '3' && Character.isDigit(reply.charAt(1))
                && Character.isDigit(reply.charAt(2))
                || reply.equals("+") || reply.startsWith("+ ");
    }
}
