package dev.o365emulator.codec.smtp;

import java.util.List;

/** Factory methods for {@link SmtpResponse}s. */
public final class SmtpResponses {

    private SmtpResponses() {
    }

    /** A one-line reply without enhanced code: {@code 220 host Microsoft ESMTP MAIL Service ready …}. */
    public static SmtpResponse of(int code, String text) {
        return new SmtpResponse(code, null, List.of(text));
    }

    /** A one-line reply with an enhanced code: {@code of(250, "2.1.0", "Sender OK")}. */
    public static SmtpResponse of(int code, String enhancedStatus, String text) {
        return new SmtpResponse(code, enhancedStatus, List.of(text));
    }

    /** A multi-line reply without enhanced code, such as the EHLO list. */
    public static SmtpResponse multiLine(int code, List<String> lines) {
        return new SmtpResponse(code, null, lines);
    }

    /** A multi-line reply with the enhanced code on every line. */
    public static SmtpResponse multiLine(int code, String enhancedStatus, List<String> lines) {
        return new SmtpResponse(code, enhancedStatus, lines);
    }

    /** A {@code 334} SASL challenge carrying base64 text (empty for XOAUTH2's first step). */
    public static SmtpResponse challenge(String base64) {
        return of(334, base64);
    }
}
