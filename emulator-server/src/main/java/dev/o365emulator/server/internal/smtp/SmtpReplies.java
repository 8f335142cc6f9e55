package dev.o365emulator.server.internal.smtp;

import static dev.o365emulator.server.internal.smtp.SmtpReplyRenderer.response;

import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponses;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * The SMTP replies the session sends most, rendered once from the {@link SmtpCatalogue}, and the
 * builders of the replies whose lines the session composes (banner, EHLO list). Every word comes
 * from the catalogue; nothing here is reply text of its own.
 */
final class SmtpReplies {

    private SmtpReplies() {
    }

    static final SmtpResponse TLS_GO_AHEAD = response(SmtpCatalogue.TLS_GO_AHEAD);
    static final SmtpResponse OK = response(SmtpCatalogue.OK);
    static final SmtpResponse RESETTING = response(SmtpCatalogue.RESETTING);
    static final SmtpResponse SENDER_OK = response(SmtpCatalogue.SENDER_OK);
    static final SmtpResponse RECIPIENT_OK = response(SmtpCatalogue.RECIPIENT_OK);
    static final SmtpResponse START_MAIL_INPUT = response(SmtpCatalogue.START_MAIL_INPUT);
    static final SmtpResponse CLOSING = response(SmtpCatalogue.CLOSING);
    static final SmtpResponse AUTH_OK = response(SmtpCatalogue.AUTH_OK);
    static final SmtpResponse VRFY = response(SmtpCatalogue.VRFY);
    static final SmtpResponse INVALID_ARGUMENTS = response(SmtpCatalogue.INVALID_ARGUMENTS);
    static final SmtpResponse ALREADY_AUTHENTICATED = response(SmtpCatalogue.ALREADY_AUTHENTICATED);
    static final SmtpResponse SENDER_ALREADY_SPECIFIED = response(SmtpCatalogue.SENDER_ALREADY_SPECIFIED);
    static final SmtpResponse LINE_TOO_LONG = response(SmtpCatalogue.LINE_TOO_LONG);
    static final SmtpResponse SYNTAX_ERROR = response(SmtpCatalogue.SYNTAX_ERROR);
    static final SmtpResponse TIMED_OUT = response(SmtpCatalogue.TIMED_OUT);
    static final SmtpResponse AUTH_CANCELLED = response(SmtpCatalogue.AUTH_CANCELLED);
    static final SmtpResponse CANNOT_DECODE = response(SmtpCatalogue.CANNOT_DECODE);
    static final SmtpResponse INVALID_XOAUTH2 = response(SmtpCatalogue.INVALID_XOAUTH2);
    static final SmtpResponse TOO_MANY_RECIPIENTS = response(SmtpCatalogue.TOO_MANY_RECIPIENTS);
    static final SmtpResponse SIZE_EXCEEDED = response(SmtpCatalogue.SIZE_EXCEEDED);
    static final SmtpResponse RECIPIENT_SIZE_EXCEEDED = response(SmtpCatalogue.RECIPIENT_SIZE_EXCEEDED);
    static final SmtpResponse INSUFFICIENT_RESOURCES = response(SmtpCatalogue.INSUFFICIENT_RESOURCES);
    static final SmtpResponse HEADER_TOO_LARGE = response(SmtpCatalogue.HEADER_TOO_LARGE);
    static final SmtpResponse NON_ASCII_SENDER = response(SmtpCatalogue.NON_ASCII_SENDER);
    static final SmtpResponse NON_ASCII_RECIPIENT = response(SmtpCatalogue.NON_ASCII_RECIPIENT);

    /** The banner: the host, the date in RFC 5322 form, the instance's ticks. */
    static SmtpResponse banner(String host, String date, String instanceMarker) {
        return response(SmtpCatalogue.BANNER.with(ReplyArgs.of("host", host, "date", date,
                "instanceMarker", instanceMarker)));
    }

    /**
     * The EHLO list: {@code STARTTLS} before TLS, {@code AUTH LOGIN XOAUTH2} in its place after it,
     * never both.
     */
    static SmtpResponse ehlo(String host, String clientIp, boolean offerStartTls, boolean offerAuth) {
        return ehlo(host, clientIp, offerStartTls, offerAuth, false);
    }

    /** The EHLO list, with {@code AUTH LOGIN PLAIN XOAUTH2} when the tenant allows PLAIN (not Office 365). */
    static SmtpResponse ehlo(String host, String clientIp, boolean offerStartTls, boolean offerAuth,
            boolean offerPlain) {
        List<String> lines = new ArrayList<>(10);
        lines.add(hello(host, clientIp).lines().get(0));
        lines.addAll(SmtpCatalogue.EHLO_BEFORE_SECURITY);
        if (offerStartTls) {
            lines.add(SmtpCatalogue.EHLO_STARTTLS);
        } else if (offerAuth) {
            lines.add(offerPlain ? SmtpCatalogue.EHLO_AUTH_WITH_PLAIN : SmtpCatalogue.EHLO_AUTH);
        }
        lines.addAll(SmtpCatalogue.EHLO_AFTER_SECURITY);
        return SmtpResponses.multiLine(SmtpCatalogue.HELLO.smtp().code(), lines);
    }

    /** The HELO reply: the EHLO list's first line alone. */
    static SmtpResponse helo(String host, String clientIp) {
        return hello(host, clientIp);
    }

    /** The SendAs refusal after the body, in the session's configured wording. */
    static SmtpResponse sendAsDenied(SendAsDeniedForm form, String login, String from, String mailboxServer) {
        return response(SubmissionPipeline.sendAsDenied(form, login, from, mailboxServer));
    }

    private static SmtpResponse hello(String host, String clientIp) {
        return response(SmtpCatalogue.HELLO.with(ReplyArgs.of("host", host, "clientIp", clientIp)));
    }
}
