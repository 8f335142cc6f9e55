package dev.o365emulator.server.internal.store;

import java.time.Instant;
import java.util.Objects;

/** A message held in memory: the in-memory store's messages, and every message on its way into a store. */
final class HeapMessageSource implements MessageSource {
    private final byte[] raw;
    private final Instant internalDate;
    // Racy single-check caching: parsing is deterministic, so two threads computing it is harmless.
    private MessageStructure structure;

    HeapMessageSource(byte[] raw, Instant internalDate) {
        this.raw = Objects.requireNonNull(raw);
        this.internalDate = Objects.requireNonNull(internalDate);
    }

    @Override
    public int size() {
        return raw.length;
    }

    @Override
    public Instant internalDate() {
        return internalDate;
    }

    @Override
    public byte[] bytes() {
        return raw;
    }

    @Override
    public MessageStructure structure() {
        MessageStructure s = structure;
        if (s == null) {
            s = MimeParser.parse(raw);
            structure = s;
        }
        return s;
    }
}
