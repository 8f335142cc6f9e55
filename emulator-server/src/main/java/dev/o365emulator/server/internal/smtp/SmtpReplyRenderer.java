package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponses;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.reply.Office365Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Renders a catalogue reply into the SMTP reply the encoder writes. */
public final class SmtpReplyRenderer {

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    /** A rule's reply to a command. */
    public static final ResponseRenderer RESPONSES = renderer(false);
    /** A rule's reply in place of the banner, after which the connection closes. */
    public static final ResponseRenderer GREETING = renderer(true);

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

    /** A response's lines as they reach the wire, without CRLF. */
    public static List<String> lines(SmtpResponse response) {
        List<String> text = response.lines();
        List<String> out = new ArrayList<>(text.size());
        String code = Integer.toString(response.code());
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            out.add(code + (i == text.size() - 1 ? " " : "-")
                    + (response.enhancedStatus() == null ? "" : response.enhancedStatus() + (line.isEmpty() ? "" : " "))
                    + line);
        }
        return out;
    }

    private static ResponseRenderer renderer(boolean closes) {
        return new ResponseRenderer() {
            @Override
            public List<Object> render(Office365Reply reply) {
                return List.of(response(reply));
            }

            @Override
            public List<String> transcript(Office365Reply reply) {
                return lines(response(reply));
            }

            @Override
            public boolean closesAfter(Office365Reply reply) {
                return closes;
            }
        };
    }
}
