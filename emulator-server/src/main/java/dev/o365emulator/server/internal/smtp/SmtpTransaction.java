package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.MailPath;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The message being received: envelope, the submission slot it holds, and its content so far, whose
 * bytes are reserved in the budget of bodies in flight. Cleared by RSET, EHLO/HELO, the end of the
 * message, the TLS upgrade and the close; {@link #release} gives everything back.
 */
final class SmtpTransaction {

    /**
     * Exchange's MaxHeaderSize (Set-ReceiveConnector's default, 256 KB): a longer header is refused with
     * {@code 552 5.3.4 Header size exceeds fixed maximum size}.
     */
    static final int MAX_HEADER_SIZE = 256 * 1024;

    final MailPath from;
    final SlotLimiter.Slot slot;
    final MemoryBudget inFlight;
    final boolean smtpUtf8;
    final OptionalLong declaredSize;
    final List<String> recipients = new ArrayList<>();
    long sizeLimit;
    /** The largest MaxReceiveSize among the MX recipients so far (0 before the first). */
    long largestReceiveSize;
    ByteBuf body;
    /** The body did not fit the budget: it is read and dropped, then refused. */
    boolean overBudget;
    long contentStart;
    /** Bytes of the body reserved in the budget of bodies in flight. */
    private long reserved;
    /** Where the search for the header's end stopped, and whether it was found. */
    private int headerScanned;
    private boolean headerEnded;

    SmtpTransaction(MailPath from, boolean smtpUtf8, OptionalLong declaredSize, long sizeLimit, SlotLimiter.Slot slot,
            MemoryBudget inFlight) {
        this.from = from;
        this.smtpUtf8 = smtpUtf8;
        this.declaredSize = declaredSize;
        this.sizeLimit = sizeLimit;
        this.slot = slot;
        this.inFlight = inFlight;
    }

    /** The content begins (DATA's 354, or the first BDAT chunk). */
    void startContent(ByteBufAllocator alloc) {
        contentStart = System.nanoTime();
        body = alloc.buffer(4096);
    }

    /** Adds content to the body if the budget has room; otherwise drops the body and remembers why. */
    void append(ByteBuf content) {
        if (overBudget || body == null) {
            return;
        }
        int n = content.readableBytes();
        if (!inFlight.tryReserve(n)) {
            overBudget = true;
            dropBody();
            return;
        }
        reserved += n;
        body.writeBytes(content);
    }

    /** Whether the content so far has no end of header within {@link #MAX_HEADER_SIZE} octets. */
    boolean headerTooLarge() {
        if (body == null || headerEnded) {
            return false;
        }
        ByteBuf b = body;
        int base = b.readerIndex();
        // The header is the fields up to and including the CRLF before the blank line; at most
        // MAX_HEADER_SIZE octets, so the blank line's CRLF ends at index MAX_HEADER_SIZE + 1 at the latest.
        int limit = Math.min(b.readableBytes(), MAX_HEADER_SIZE + 2);
        if (limit >= 2 && b.getByte(base) == '\r' && b.getByte(base + 1) == '\n') {
            headerEnded = true; // no header at all
            return false;
        }
        // Resumes where the last chunk's search stopped, so many small chunks cost no more than one.
        for (int i = Math.max(3, headerScanned); i < limit; i++) {
            if (b.getByte(base + i) == '\n' && b.getByte(base + i - 1) == '\r' && b.getByte(base + i - 2) == '\n'
                    && b.getByte(base + i - 3) == '\r') {
                headerEnded = true;
                return false;
            }
        }
        headerScanned = limit;
        return b.readableBytes() >= MAX_HEADER_SIZE + 2;
    }

    /** The body's bytes, copied off the buffer (which stays reserved until {@link #release}). */
    byte[] takeBody() {
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return bytes;
    }

    void dropBody() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (reserved > 0) {
            inFlight.release(reserved);
            reserved = 0;
        }
    }

    /** Ends the transaction: the body, its reservation and the submission slot are given back. */
    void release() {
        dropBody();
        if (slot != null) {
            slot.close();
        }
    }
}
