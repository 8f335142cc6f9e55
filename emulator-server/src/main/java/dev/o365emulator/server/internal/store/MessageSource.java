package dev.o365emulator.server.internal.store;

import java.time.Instant;

/**
 * Where a {@link StoredMessage}'s bytes are: an array in memory, or a file that is read when asked.
 *
 * <p>Implementations are thread-safe. A source that cannot read its bytes any more (a file removed or
 * damaged behind the emulator's back) throws {@link StorageException}.
 */
public interface MessageSource {

    /** The RFC 822 size in octets. */
    int size();

    /** When the message was received (IMAP INTERNALDATE). */
    Instant internalDate();

    /** The whole message; callers must not modify the array, which may be shared. */
    byte[] bytes();

    /** The MIME structure of {@link #bytes()}; never throws for malformed content. */
    MessageStructure structure();

    /**
     * Whether {@link #bytes()} (with {@code structureOnly}, {@link #structure()}) would now read a file
     * instead of answering from memory. An event loop does not read files: it has such messages read on
     * another thread first.
     */
    default boolean wouldRead(boolean structureOnly) {
        return false;
    }
}
