package dev.o365emulator.server.smtp;

import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponses;
import dev.o365emulator.server.reply.Office365Reply;
import java.util.regex.Pattern;

/** Renders a catalogue reply into the SMTP reply the encoder writes. */
public final class SmtpReplyRenderer {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    private SmtpReplyRenderer() {
    }

    /**
     * The reply's SMTP form as a response. Office 365 pairs some codes with an enhanced code of
     * another class ({@code 451 5.7.3}); {@link SmtpResponse} keeps the two consistent, so such an
     * enhanced code (or one that is not well formed) is written as the text's first word, which puts
     * the same bytes on the wire.
     */
    public static SmtpResponse response(Office365Reply reply) {
        Office365Reply.Smtp smtp = reply.smtp();
        if (smtp == null) {
            throw new IllegalArgumentException(reply.id() + " has no SMTP form");
        }
        String enhanced = smtp.enhanced();
        if (enhanced == null) {
            return SmtpResponses.of(smtp.code(), smtp.text());
        }
        if (ENHANCED.matcher(enhanced).matches() && enhanced.charAt(0) == Integer.toString(smtp.code()).charAt(0)) {
            return SmtpResponses.of(smtp.code(), enhanced, smtp.text());
        }
        return SmtpResponses.of(smtp.code(), enhanced + " " + smtp.text());
    }
}
