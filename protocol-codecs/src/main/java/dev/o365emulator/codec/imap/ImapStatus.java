package dev.o365emulator.codec.imap;

/** The condition of a status response; tagged responses use only {@code OK}, {@code NO} and {@code BAD}. */
public enum ImapStatus {
    OK, NO, BAD, PREAUTH, BYE
}
