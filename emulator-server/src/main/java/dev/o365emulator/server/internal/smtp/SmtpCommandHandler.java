package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.server.internal.fault.FaultDecision;

/**
 * One SMTP command's work, or one family's. Handlers keep no state of their own: what a connection
 * knows lives in {@link SmtpConnection} (and its {@link SmtpTransaction}), so one handler serves
 * every connection.
 *
 * <p>The session calls, in this order: for a verb that reports the {@code command} stage, the
 * scenario's decision through {@link #decided}; then {@link #refuseBeforeState}; then, if the verb
 * is not {@linkplain SmtpVerb#validIn valid} in the session's state, {@link #refuse} with the
 * verb's out-of-sequence reply; else {@link #handle}. Stages of their own ({@code starttls},
 * {@code auth}, {@code mail-from}, {@code rcpt-to}, {@code logout}) are asked by the handler, after
 * the checks Exchange makes first.
 */
interface SmtpCommandHandler {

    /** The command's work, in a state it is valid in; its arguments are not checked yet. */
    void handle(SmtpConnection c, SmtpRequest request);

    /**
     * What Exchange answers before it looks at the state, or null: STARTTLS once TLS is on is an
     * unknown verb in any state.
     */
    default SmtpResponse refuseBeforeState(SmtpConnection c, SmtpRequest request) {
        return null;
    }

    /** Answers the command in a state it is not valid in; BDAT answers once its chunk has been read. */
    default void refuse(SmtpConnection c, SmtpResponse reply) {
        c.reply(reply);
    }

    /** Carries out a rule's decision at the {@code command} stage; BDAT's reply waits for its chunk. */
    default void decided(SmtpConnection c, FaultDecision decision, Runnable proceed) {
        c.apply(decision, proceed);
    }
}
