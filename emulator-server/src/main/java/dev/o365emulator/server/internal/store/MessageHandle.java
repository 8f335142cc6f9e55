package dev.o365emulator.server.internal.store;

/**
 * A message as one folder holds it at one moment.
 *
 * @param sequence 1-based position in the folder at that moment (the IMAP message sequence number of a
 *     fresh {@code SELECT})
 */
public record MessageHandle(int sequence, long uid, Flags flags, StoredMessage message) {
}
