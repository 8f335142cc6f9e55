package dev.o365emulator.testkit;

import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one connection's journal record; failure messages show its transcript. */
public final class SessionAssert extends AbstractAssert<SessionAssert, SessionRecord> {

    SessionAssert(SessionRecord actual) {
        super(actual, SessionAssert.class);
    }

    /** TLS was negotiated (implicitly or with STARTTLS/STLS) at version 1.2 or later. */
    public SessionAssert negotiatedTlsAtLeast12() {
        isNotNull();
        if (actual.tls().map(t -> !t.isAtLeastTls12()).orElse(true)) {
            failWithMessage("Expected session %s to negotiate TLS 1.2 or later but it negotiated %s%n%s", actual,
                    actual.tls().map(t -> t.protocol()).orElse("no TLS"), Transcripts.render(actual));
        }
        return this;
    }

    /** The session has no client-behaviour finding ({@code docs/findings.md}). */
    public SessionAssert hasNoFindings() {
        isNotNull();
        if (!actual.findings().isEmpty()) {
            failWithMessage("Expected session %s to have no findings but it has:%n%s%n%s", actual,
                    FindingsCheck.render(actual.findings()), Transcripts.render(actual));
        }
        return this;
    }

    /** The session has a finding with this id, e.g. {@code auth-before-starttls}. */
    public SessionAssert hasFinding(String id) {
        isNotNull();
        if (actual.findings().stream().noneMatch(f -> f.id().equals(id))) {
            failWithMessage("Expected session %s to have the finding <%s> but it has %s%n%s", actual, id,
                    actual.findings().isEmpty() ? "none" : FindingsCheck.render(actual.findings()),
                    Transcripts.render(actual));
        }
        return this;
    }

    /** The session authenticated as this user (case-insensitive). */
    public SessionAssert authenticatedAs(String user) {
        isNotNull();
        if (!actual.user().map(u -> u.equalsIgnoreCase(user)).orElse(false)) {
            failWithMessage("Expected session %s to authenticate as <%s> but it %s%n%s", actual, user,
                    actual.user().map(u -> "authenticated as <" + u + ">").orElse("did not authenticate"),
                    Transcripts.render(actual));
        }
        return this;
    }

    /** The session authenticated with this mechanism ({@code LOGIN}, {@code XOAUTH2}, {@code PLAIN}, {@code USER}…). */
    public SessionAssert authenticatedWith(String mechanism) {
        isNotNull();
        if (!actual.mechanism().map(m -> m.equalsIgnoreCase(mechanism)).orElse(false)) {
            failWithMessage("Expected session %s to authenticate with %s but it used %s%n%s", actual, mechanism,
                    actual.mechanism().orElse("nothing"), Transcripts.render(actual));
        }
        return this;
    }

    /** The session never authenticated. */
    public SessionAssert isNotAuthenticated() {
        isNotNull();
        if (actual.user().isPresent()) {
            failWithMessage("Expected session %s not to authenticate but it authenticated as <%s>%n%s", actual,
                    actual.user().get(), Transcripts.render(actual));
        }
        return this;
    }

    /**
     * A client line starting with {@code command} (case-insensitive, e.g. {@code "MAIL FROM"} or
     * {@code "a1 LOGIN"}) got a reply containing {@code reply}.
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
                reply, actual, seen.isEmpty() ? "(the command was never sent)" : seen, Transcripts.render(actual));
        return this;
    }

    /** The session saw no protocol error (bad syntax, bytes pipelined after STARTTLS…). */
    public SessionAssert hasNoProtocolErrors() {
        isNotNull();
        if (!actual.protocolErrors().isEmpty()) {
            failWithMessage("Expected no protocol errors in session %s but found %s%n%s", actual,
                    actual.protocolErrors(), Transcripts.render(actual));
        }
        return this;
    }

    /** The transcript has exactly this line, e.g. {@code "S: 250 2.0.0 OK"}. */
    public SessionAssert hasTranscriptLine(String line) {
        isNotNull();
        if (actual.transcript().stream().noneMatch(l -> l.toString().equals(line))) {
            failWithMessage("Expected the line <%s> in session %s%n%s", line, actual, Transcripts.render(actual));
        }
        return this;
    }

    static boolean isCommand(TranscriptLine line, String command) {
        return line.direction() == Direction.CLIENT
                && line.text().toUpperCase(Locale.ROOT).startsWith(command.toUpperCase(Locale.ROOT));
    }

    /** The server lines after the client line at {@code index}, up to the next client line. */
    static List<String> replyAfter(List<TranscriptLine> lines, int index) {
        List<String> reply = new ArrayList<>();
        for (int j = index + 1; j < lines.size() && lines.get(j).direction() != Direction.CLIENT; j++) {
            if (lines.get(j).direction() == Direction.SERVER) {
                reply.add(lines.get(j).text());
            }
        }
        return reply;
    }
}
