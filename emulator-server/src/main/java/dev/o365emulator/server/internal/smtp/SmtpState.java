package dev.o365emulator.server.internal.smtp;

/**
 * The states of an SMTP session; which commands each admits is declared by {@link SmtpVerb}.
 * Connection-scope data (TLS, EHLO name, login) lives beside them in {@link SmtpConnection}, the
 * transaction's in {@link SmtpTransaction}: a transaction exists exactly in {@link #MAIL},
 * {@link #RCPT} and {@link #CONTENT}.
 */
enum SmtpState {
    /** Connected (or just upgraded to TLS): nothing but EHLO/HELO, NOOP, RSET, VRFY, QUIT. */
    CONNECTED,
    /** After EHLO/HELO, no transaction. */
    GREETED,
    /** Between a 334 challenge and the client's answer: the decoder reads a SASL line, not a command. */
    AUTH,
    /** After MAIL FROM. */
    MAIL,
    /** After at least one accepted RCPT TO. */
    RCPT,
    /** Receiving DATA or BDAT content (between BDAT chunks too). */
    CONTENT,
    /** QUIT answered, the connection timed out, or a rule ended it: nothing more is dispatched. */
    CLOSING
}
