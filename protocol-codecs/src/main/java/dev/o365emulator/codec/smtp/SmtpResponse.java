package dev.o365emulator.codec.smtp;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463, such as
 * {@code 5.7.139}) and one or more lines of text; build one with {@link SmtpResponses}.
 *
 * <p>The enhanced code, when present, is written on every line after the code, as Office 365 does
 * ({@code 250 2.1.0 Sender OK}); it is absent from the banner and the EHLO list.
 *
 * @param enhancedStatus the enhanced status code, or {@code null} for none
 * @param lines the text lines, without CRLF; at least one, possibly empty (as in {@code 334 })
 */
public record SmtpResponse(int code, String enhancedStatus, List<String> lines) {

    /**
     * A sanity bound on one line of text (RFC 5322's line limit); RFC 5321 §4.5.3.1.5 asks for 512
     * octets per reply line, which Office 365's replies keep to, and keeping to it is the session's job.
     */
    public static final int MAX_LINE_LENGTH = 998;
    /** A reply longer than this is a bug in the caller, not a reply. */
    public static final int MAX_LINES = 1_000;

    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public SmtpResponse {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code must be 2xx to 5xx: " + code);
        }
        if (enhancedStatus != null && !ENHANCED.matcher(enhancedStatus).matches()) {
            throw new IllegalArgumentException("not an enhanced status code: " + enhancedStatus);
        }
        if (enhancedStatus != null && enhancedStatus.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced status " + enhancedStatus + " does not match code " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("a reply has 1 to " + MAX_LINES + " lines: " + lines.size());
        }
        for (String line : lines) {
            // A CR or LF inside a line would let text forge extra replies.
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.length() > MAX_LINE_LENGTH) {
                throw new IllegalArgumentException("reply line has CR/LF or is too long: " + line);
            }
        }
    }

    /** Whether the code is 4xx or 5xx. */
    public boolean isError() {
        return code >= 400;
    }
}
