package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.MessageSource;
import dev.o365emulator.server.internal.store.MessageStructure;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The message files a FETCH is about to render, read on a store thread instead of the event loop: a
 * Maildir message that is not in the store's cache is a file, and reading it may wait for the disk.
 * A batch holds its messages' bytes itself until they are rendered, so a message too large for the cache
 * (or one another session pushed out of it meanwhile) is still read once, there.
 */
final class FetchLoads {
    /** Messages read in one batch: a FETCH's flush batch. */
    static final int MAX_MESSAGES = 64;
    /** Bytes one batch holds at most (one message more when a single message is larger). */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    /** What rendering the attributes asks of a message's content. */
    enum Need {
        /** Flags, UID, size and date: nothing from the file. */
        NOTHING,
        /** ENVELOPE, BODY, BODYSTRUCTURE: the parsed structure, which the store caches apart from the bytes. */
        STRUCTURE,
        /** A section or the whole message. */
        BYTES
    }

    private FetchLoads() {
    }

    static Need need(List<FetchAttribute> attributes) {
        Need need = Need.NOTHING;
        for (FetchAttribute attribute : attributes) {
            if (attribute instanceof FetchAttribute.Simple simple) {
                switch (simple) {
                    case FLAGS, INTERNALDATE, RFC822_SIZE, UID -> {
                    }
                    case ENVELOPE, BODY, BODYSTRUCTURE -> need = need == Need.BYTES ? need : Need.STRUCTURE;
                    default -> need = Need.BYTES;
                }
            } else {
                need = Need.BYTES;
            }
        }
        return need;
    }

    /** Whether rendering {@code handle} for {@code need} would read its file on the calling thread. */
    static boolean wouldRead(Need need, MessageHandle handle) {
        return need != Need.NOTHING && handle.message().source().wouldRead(need == Need.STRUCTURE);
    }

    /**
     * Reads each message's bytes (and, for {@code need} STRUCTURE, its structure, which the store then
     * caches); runs on a store thread. A message that cannot be read is left out: the render reads it again
     * on the event loop and answers the failure there, as it would have without this batch.
     *
     * @return each read message by UID, answering from what was read
     */
    static Map<Long, StoredMessage> load(List<MessageHandle> handles, Need need) {
        Map<Long, StoredMessage> loaded = new HashMap<>();
        for (MessageHandle handle : handles) {
            MessageSource source = handle.message().source();
            try {
                byte[] bytes = source.bytes();
                MessageStructure structure = need == Need.STRUCTURE ? source.structure() : null;
                loaded.put(handle.uid(),
                        new StoredMessage(new Loaded(source, bytes, structure), handle.message().submittedBy()));
            } catch (RuntimeException unreadable) {
                // Reported by the render (see above).
            }
        }
        return loaded;
    }

    /** A message as a batch read it: its bytes in memory, everything else from its own source. */
    private static final class Loaded implements MessageSource {
        private final MessageSource source;
        private final byte[] bytes;
        private MessageStructure structure;

        Loaded(MessageSource source, byte[] bytes, MessageStructure structure) {
            this.source = source;
            this.bytes = bytes;
            this.structure = structure;
        }

        @Override
        public int size() {
            return source.size();
        }

        @Override
        public Instant internalDate() {
            return source.internalDate();
        }

        @Override
        public byte[] bytes() {
            return bytes;
        }

        @Override
        public MessageStructure structure() {
            MessageStructure s = structure;
            if (s == null) {
                // The source's cached structure when it has one; else parsed here rather than read again.
                s = source.wouldRead(true) ? StoredMessage.parse(bytes) : source.structure();
                structure = s;
            }
            return s;
        }
    }
}
