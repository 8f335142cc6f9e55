package dev.o365emulator.server.smtp;

import java.util.Objects;

/**
 * Choices of an SMTP session that are not tenant settings: which reply wordings to use.
 *
 * <p>Example: {@code Emulator.builder().sessions(Protocol.SMTP,
 * SmtpSession.initializer(SmtpSessionOptions.DEFAULTS.withSendAsDeniedForm(SendAsDeniedForm.LEGACY)))}.
 *
 * @param sendAsDeniedForm the wording of a SendAs refusal
 */
public record SmtpSessionOptions(SendAsDeniedForm sendAsDeniedForm) {

    /** Today's Office 365. */
    public static final SmtpSessionOptions DEFAULTS = new SmtpSessionOptions(SendAsDeniedForm.CURRENT);

    public SmtpSessionOptions {
        Objects.requireNonNull(sendAsDeniedForm, "sendAsDeniedForm");
    }

    /** These options with another SendAs wording. */
    public SmtpSessionOptions withSendAsDeniedForm(SendAsDeniedForm form) {
        return new SmtpSessionOptions(form);
    }
}
