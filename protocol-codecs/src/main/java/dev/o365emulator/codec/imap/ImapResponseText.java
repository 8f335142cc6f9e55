package dev.o365emulator.codec.imap;

/** Checks shared by the response types. */
final class ImapResponseText {

    private ImapResponseText() {
    }

    /** Text written verbatim must not end the line early: CR, LF and NUL would desynchronise the client. */
    static void requireSingleLine(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("CR, LF or NUL in response text: " + text);
            }
        }
    }
}
