package dev.o365emulator.codec.imap;

/**
 * A command continuation request, {@code + <text>}: go on with a literal, a SASL step or IDLE.
 *
 * @param text human text or base64 challenge; may be empty (written as {@code "+ "})
 */
public record ImapContinuationResponse(String text) implements ImapResponse {

    public ImapContinuationResponse {
        ImapResponseText.requireSingleLine(text);
    }
}
