package dev.o365emulator.codec.imap;

import java.util.Objects;

/**
 * The tagged completion of a command: {@code <tag> <status> [<code>] <text>}.
 *
 * <p>Example: {@code new ImapTaggedResponse("a2", ImapStatus.OK, "READ-WRITE", "SELECT completed.")}
 * is written as {@code a2 OK [READ-WRITE] SELECT completed.}.
 *
 * @param code the response code without brackets, or {@code null}
 */
public record ImapTaggedResponse(String tag, ImapStatus status, String code, String text) implements ImapResponse {

    public ImapTaggedResponse {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(text, "text");
        if (status != ImapStatus.OK && status != ImapStatus.NO && status != ImapStatus.BAD) {
            throw new IllegalArgumentException("a tagged response is OK, NO or BAD, not " + status);
        }
        ImapResponseText.requireSingleLine(tag);
        ImapResponseText.requireSingleLine(text);
        if (code != null) {
            ImapResponseText.requireSingleLine(code);
        }
    }

    /** A response without a response code. */
    public ImapTaggedResponse(String tag, ImapStatus status, String text) {
        this(tag, status, null, text);
    }
}
