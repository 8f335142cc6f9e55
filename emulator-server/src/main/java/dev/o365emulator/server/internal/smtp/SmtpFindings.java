package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.internal.findings.FindingKind;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.findings.MessageLint;
import dev.o365emulator.server.tenant.SendDecision;

/** The SMTP session's hooks into the client-behaviour findings, so each handler needs one line. */
final class SmtpFindings {

    private SmtpFindings() {
    }

    /** The complete message: what {@link MessageLint} finds, and a From the login may not send as. */
    static void message(SmtpConnection c, byte[] message, MessageHeaders headers) {
        SmtpTransaction transaction = c.transaction();
        for (FindingKind kind : MessageLint.judge(message, transaction.declared8Bit)) {
            kind.report(c.record());
        }
        if (c.isSubmission() && c.login() != null && !headers.from().isEmpty()
                && c.context().tenant().sendAs(c.login(), headers.from().get(0)) instanceof SendDecision.Denied) {
            FindingKinds.FROM_NOT_ENVELOPE.report(c.record());
        }
    }
}
