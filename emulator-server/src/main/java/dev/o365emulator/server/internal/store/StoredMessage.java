package dev.o365emulator.server.internal.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One message's immutable content: raw RFC 822 bytes, internal date, and a MIME structure parsed on
 * first use.
 *
 * <p>In the in-memory store the same instance is shared by every folder the message is copied to, and
 * its bytes are stored once; only flags and UIDs are per folder. In the Maildir store each folder's copy
 * is a file, read on demand ({@link MessageSource}). The bytes are never copied on read: {@link #raw()} is
 * a read-only view.
 *
 * <p>Reading a message whose file was removed or damaged behind the emulator's back throws
 * {@link StorageException}.
 */
public final class StoredMessage {
    /** {@link #submittedBy()} of a message no SMTP session delivered (APPEND, pre-loaded, the API). */
    public static final long NO_SESSION = 0;

    private final MessageSource source;
    private final long submittedBy;

    /**
     * Takes ownership of {@code raw}: the caller must not modify the array afterwards.
     */
    public StoredMessage(byte[] raw, Instant internalDate) {
        this(raw, internalDate, NO_SESSION);
    }

    /**
     * A message that the journal session {@code submittedBy} delivered ({@link #NO_SESSION} for none);
     * takes ownership of {@code raw}.
     */
    public StoredMessage(byte[] raw, Instant internalDate, long submittedBy) {
        this(new HeapMessageSource(raw, internalDate), submittedBy);
    }

    /** A message whose bytes come from {@code source} (a store's own kind of message). */
    public StoredMessage(MessageSource source) {
        this(source, NO_SESSION);
    }

    /**
     * A message whose bytes come from {@code source}, delivered by journal session {@code submittedBy}.
     * The id lives as long as this process's journal: a Maildir store read back at the next start does
     * not keep it, since the sessions it names are gone.
     */
    public StoredMessage(MessageSource source, long submittedBy) {
        this.source = Objects.requireNonNull(source);
        this.submittedBy = submittedBy;
    }

    /** Where the bytes are. */
    public MessageSource source() {
        return source;
    }

    /** A read-only view of the whole message (position 0, limit = size). */
    public ByteBuffer raw() {
        return ByteBuffer.wrap(source.bytes()).asReadOnlyBuffer();
    }

    /** A read-only view of bytes {@code [start, end)}, for {@code BODY[section]} fetches. */
    public ByteBuffer slice(int start, int end) {
        byte[] raw = source.bytes();
        Objects.checkFromToIndex(start, end, raw.length);
        return ByteBuffer.wrap(raw, start, end - start).slice().asReadOnlyBuffer();
    }

    /** A stream over the message bytes. */
    public InputStream openStream() {
        return new ByteArrayInputStream(source.bytes());
    }

    /** The RFC 822 size in octets. */
    public int size() {
        return source.size();
    }

    public Instant internalDate() {
        return source.internalDate();
    }

    /** Parses raw message bytes into their MIME structure; never throws for malformed input. */
    public static MessageStructure parse(byte[] raw) {
        return MimeParser.parse(raw);
    }

    /**
     * The id of the journal session that delivered the message (SMTP submission or MX), or
     * {@link #NO_SESSION}; every copy of it carries the same id.
     */
    public long submittedBy() {
        return submittedBy;
    }

    /** The MIME structure; parsed on first call, never throws for malformed input. */
    public MessageStructure structure() {
        return source.structure();
    }
}
