package dev.o365emulator.server.internal.reply;

import dev.o365emulator.scenarios.Reply;
import java.util.Objects;

/**
 * One of Office 365's replies, described once for every protocol: the condition that produces it,
 * its SMTP, IMAP and POP3 forms (any of which may be absent where that protocol never meets the
 * condition), and how sure the emulator is of the words ({@link Provenance}).
 *
 * <p>Texts may hold placeholders, filled by {@link #with(ReplyArgs)}: {@code {user}}, {@code {sender}},
 * {@code {host}}, {@code {mailboxServer}}, {@code {clientIp}}, {@code {command}}, and whatever else a
 * reply's javadoc names. An SMTP form whose {@link Smtp#trailer()} is set is followed by the
 * {@code [HOST time ticks]} bracket Office 365 appends to its error replies since about 2023. A
 * protocol package renders a reply into its typed responses; nothing else builds reply text.
 *
 * @param id a stable name, e.g. {@code smtp-auth-disabled-for-tenant}; listed in the documentation
 * @param condition when Office 365 sends it, one sentence
 */
public record Office365Reply(String id, String condition, Smtp smtp, Imap imap, Pop3 pop3, Provenance provenance) {

    public Office365Reply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(provenance, "provenance");
        if (smtp == null && imap == null && pop3 == null) {
            throw new IllegalArgumentException(id + ": a reply needs at least one protocol's form");
        }
    }

    /**
     * The SMTP form: {@code code enhanced text}.
     *
     * @param enhanced the enhanced status code, or null
     * @param trailer whether Office 365's {@code [HOST time ticks]} bracket follows the text
     */
    public record Smtp(int code, String enhanced, String text, boolean trailer) {
        public Smtp {
            if (code < 200 || code > 599) {
                throw new IllegalArgumentException("SMTP reply code out of range: " + code);
            }
            Objects.requireNonNull(text, "text");
        }
    }

    /** How IMAP answers: tagged {@code OK}/{@code NO}/{@code BAD}, or an untagged {@code * BYE} that ends the connection. */
    public enum ImapKind {
        OK, NO, BAD, BYE
    }

    /**
     * The IMAP form.
     *
     * @param byeAfter the text of an untagged {@code * BYE} that follows the tagged reply and ends
     *     the connection, or null
     */
    public record Imap(ImapKind kind, String text, String byeAfter) {
        public Imap {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        /** Whether the connection ends after this reply. */
        public boolean endsConnection() {
            return kind == ImapKind.BYE || byeAfter != null;
        }
    }

    /** The POP3 form: {@code +OK text} or {@code -ERR text}. */
    public record Pop3(boolean ok, String text) {
        public Pop3 {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A scenario rule's own reply, in every protocol's form: SMTP as written (451 when the rule gives
     * no code), IMAP as its {@code imap:} says, POP3 {@code +OK} for a 2xx/3xx code, {@code -ERR} otherwise.
     */
    public static Office365Reply fromRule(String ruleId, Reply reply) {
        Integer code = reply.code();
        Imap imap = switch (reply.imap()) {
            case NO -> new Imap(ImapKind.NO, reply.text(), reply.bye());
            case BAD -> new Imap(ImapKind.BAD, reply.text(), reply.bye());
            case BYE -> new Imap(ImapKind.BYE, reply.text(), null);
        };
        return new Office365Reply("rule:" + ruleId, "the scenario rule " + ruleId + " fired",
                new Smtp(code == null ? 451 : code, reply.enhanced(), reply.text(), false), imap,
                new Pop3(code != null && code < 400, reply.text()), Provenance.SCENARIO);
    }

    /**
     * This reply with its placeholders filled in every form; when the arguments carry a
     * {@value ReplyArgs#TRAILER} and the SMTP form wants one, it is appended (and the form no longer
     * asks for it).
     */
    public Office365Reply with(ReplyArgs args) {
        Smtp filledSmtp = null;
        if (smtp != null) {
            String text = args.fill(smtp.text());
            String trailer = args.value(ReplyArgs.TRAILER);
            boolean append = smtp.trailer() && trailer != null && !trailer.isEmpty();
            filledSmtp = new Smtp(smtp.code(), smtp.enhanced(), append ? text + " " + trailer : text,
                    smtp.trailer() && !append);
        }
        return new Office365Reply(id, condition, filledSmtp,
                imap == null ? null : new Imap(imap.kind(), args.fill(imap.text()),
                        imap.byeAfter() == null ? null : args.fill(imap.byeAfter())),
                pop3 == null ? null : new Pop3(pop3.ok(), args.fill(pop3.text())), provenance);
    }
}
