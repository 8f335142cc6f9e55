package dev.o365emulator.testkit;

import java.nio.charset.StandardCharsets;

/** Test messages, written as an SMTP client would send them. */
final class Messages {

    private Messages() {}

    static byte[] simple(String from, String to, String subject, String text) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** multipart/mixed: alternative (text + html) and a PDF attachment of {@code pdfSize} bytes. */
    static byte[] withAttachment(String from, String to, String cc, String subject, int pdfSize) {
        byte[] pdf = new byte[pdfSize];
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) i;
        }
        String b64 = java.util.Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pdf);
        String text = "From: Adele Vance <" + from + ">\r\nTo: " + to + "\r\nCc: " + cc + "\r\nSubject: " + subject
                + "\r\nX-Invoice-Id: 42\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
                + "--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
                + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease find the invoice attached.\r\n"
                + "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Please find the <b>invoice</b> attached.</p>\r\n"
                + "--alt--\r\n"
                + "--outer\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64 + "\r\n--outer--\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
