package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.MessageStructure;
import dev.o365emulator.server.internal.store.MimePart;

/**
 * What the Maildir store keeps in memory of message content it read: the bytes of recently read
 * messages, and the parsed MIME structures (which FETCH ENVELOPE, BODYSTRUCTURE and SEARCH ask for
 * again and again), both least-recently-used.
 *
 * <p>Sizing: the bytes take at most {@code limit}, the structures a quarter of it, each structure
 * counted as {@value #STRUCTURE_BASE} bytes plus {@value #STRUCTURE_PER_PART} per MIME entity (the
 * order of what a parsed entity holds: its offsets, content type, parameters, envelope strings), plus
 * {@value #KEPT_ENVELOPE} for the IMAP rendering of the envelope a structure keeps once a FETCH has
 * asked for it (counted from the start, since the cost is taken when the structure is cached). The
 * emulator gives the store a sixteenth of the heap, at most 64 MiB ({@link #defaultLimit()}): a client
 * that pages through a mailbox then reads each message from disk once, and a message a client reads
 * twice in a row (FETCH BODYSTRUCTURE, then BODY[1]) is read once. A message larger than an eighth of a
 * cache is read every time it is asked for, never kept.
 */
final class MessageCache {
    static final long STRUCTURE_BASE = 512;
    static final long STRUCTURE_PER_PART = 512;
    /** A kept ENVELOPE text: 289 bytes a message on average over the benchmark's mailboxes, rounded up. */
    static final long KEPT_ENVELOPE = 320;
    static final long MAX_DEFAULT = 64L * 1024 * 1024;

    final BoundedCache<MaildirMessage, byte[]> bytes;
    final BoundedCache<MaildirMessage, MessageStructure> structures;

    MessageCache(long limit) {
        this.bytes = new BoundedCache<>(limit, b -> b.length);
        this.structures = new BoundedCache<>(limit / 4, MessageCache::cost);
    }

    /** A sixteenth of the heap, at most {@value #MAX_DEFAULT} bytes. */
    static long defaultLimit() {
        return Math.min(MAX_DEFAULT, Runtime.getRuntime().maxMemory() / 16);
    }

    static long cost(MessageStructure structure) {
        return STRUCTURE_BASE + KEPT_ENVELOPE + STRUCTURE_PER_PART * parts(structure.root(), 0);
    }

    private static long parts(MimePart part, int depth) {
        long n = 1;
        if (depth > 64) {
            return n;
        }
        for (MimePart child : part.children()) {
            n += parts(child, depth + 1);
        }
        if (part.message() != null) {
            n += parts(part.message(), depth + 1);
        }
        return n;
    }
}
