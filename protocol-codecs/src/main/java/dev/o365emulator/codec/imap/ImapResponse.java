package dev.o365emulator.codec.imap;

/** A server response line (or, with literals, line group) that {@link ImapResponseEncoder} writes. */
public sealed interface ImapResponse
        permits ImapUntaggedResponse, ImapTaggedResponse, ImapContinuationResponse {
}
