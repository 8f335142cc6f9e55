package dev.o365emulator.scenarios;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A reply described once and rendered per protocol: SMTP {@code code enhanced text}, IMAP
 * {@code tag NO text} (or {@code BAD}, or an untagged {@code * BYE} that ends the connection),
 * POP3 {@code -ERR text} ({@code +OK text} for a 2xx/3xx code).
 *
 * <p>The text may use the placeholders {@code {clientIp}}, {@code {host}}, {@code {timestampTrailer}},
 * {@code {user}} and {@code {sender}}.
 *
 * @param code the SMTP reply code (required when the rule can apply to SMTP)
 * @param enhanced the SMTP enhanced status code, e.g. {@code 4.7.500}
 * @param imap how IMAP answers: {@code no} (default), {@code bad} or {@code bye}
 * @param bye IMAP only: an untagged {@code * BYE} text sent after the tagged reply, ending the connection
 */
public record Reply(Integer code, String enhanced, String text, ImapStatus imap, String bye) {

    public Reply {
        imap = imap == null ? ImapStatus.NO : imap;
    }

    /** The IMAP response a reply becomes. */
    public enum ImapStatus {
        @JsonProperty("no") NO,
        @JsonProperty("bad") BAD,
        @JsonProperty("bye") BYE
    }
}
