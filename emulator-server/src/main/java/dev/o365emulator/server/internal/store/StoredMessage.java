package dev.o365emulator.server.internal.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One message's immutable content: raw RFC 822 bytes stored once, internal date, and a MIME structure
 * parsed on first use and then cached.
 *
 * <p>The same instance is shared by every folder the message is copied to; only flags and UIDs are
 * per folder. The bytes are never copied on read: {@link #raw()} is a read-only view.
 */
public final class StoredMessage {
    /** {@link #submittedBy()} of a message no SMTP session delivered (APPEND, pre-loaded, the API). */
    public static final long NO_SESSION = 0;

    private final byte[] raw;
    private final Instant internalDate;
    private final long submittedBy;
    // Racy single-check caching: parsing is deterministic, so two threads computing it is harmless.
    private MessageStructure structure;

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
        this.raw = Objects.requireNonNull(raw);
        this.internalDate = Objects.requireNonNull(internalDate);
        this.submittedBy = submittedBy;
    }

    /** A read-only view of the whole message (position 0, limit = size). */
    public ByteBuffer raw() {
        return ByteBuffer.wrap(raw).asReadOnlyBuffer();
    }

    /** A read-only view of bytes {@code [start, end)}, for {@code BODY[section]} fetches. */
    public ByteBuffer slice(int start, int end) {
        Objects.checkFromToIndex(start, end, raw.length);
        return ByteBuffer.wrap(raw, start, end - start).slice().asReadOnlyBuffer();
    }

    /** A stream over the message bytes. */
    public InputStream openStream() {
        return new ByteArrayInputStream(raw);
    }

    /** The RFC 822 size in octets. */
    public int size() {
        return raw.length;
    }

    public Instant internalDate() {
        return internalDate;
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
        MessageStructure s = structure;
        if (s == null) {
            s = MimeParser.parse(raw);
            structure = s;
        }
        return s;
    }
}
