package dev.o365emulator.server.internal.net;

import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Pauses a session's input while any reason holds it, keeps what was already read in order, and
 * hands it to the session again once no reason is left: the "pause reading, bounded queue, resume"
 * every protocol session needs.
 *
 * <p>Each {@link Reason} is held and released on its own; the channel reads ({@code autoRead}) exactly
 * while none is held, so a fault rule's delay ending while the client still does not read its replies
 * cannot restart reading, and the reverse. After each message it hands over, the gate holds
 * {@link Reason#OUTPUT} if the channel cannot take more output (the client is not reading): a client
 * that pipelines commands and never reads makes the emulator stop reading, so it never holds more than
 * the channel's write buffer of replies, and the client's own sends block.
 *
 * <p>The queue is bounded by reading: once a reason holds, no more bytes are read, so it holds at most
 * what the decoder made of the bytes already read (one read, 64 KiB at most). {@link #MAX_QUEUED}
 * guards that promise: past it the connection is closed.
 *
 * <p>Messages are released after the session's handler returns; the handler must not release them.
 * Confined to the channel's event loop. The session flushes what its handler wrote: {@code afterDrain}
 * runs after each resumption.
 */
public final class InputGate {

    /** Why the input is paused. */
    public enum Reason {
        /** A delayed reply (a fault rule's delay, a rate limit): what the client pipelined waits for it. */
        DELAY,
        /** The client does not read: the channel cannot take more output. Released when it can. */
        OUTPUT,
        /** A long reply is being written as the socket drains (an IMAP FETCH). */
        STREAMING,
        /** The session answers nothing more (it is closing, or a fault stalled it): never released. */
        ENDED
    }

    /**
     * More messages than one read of the most compact input (64 KiB of two-byte empty lines) can
     * decode into; reaching it means reading did not stop, and the connection is closed.
     */
    public static final int MAX_QUEUED = 40_000;

    private final Channel channel;
    private final Consumer<Object> handler;
    private final Runnable afterDrain;
    private final Set<Reason> held = EnumSet.noneOf(Reason.class);
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int maxQueued = MAX_QUEUED;
    private long maxQueuedBytes = Long.MAX_VALUE;
    private ToLongFunction<Object> sizeOf = msg -> 0;
    private Runnable overflow;
    private long queuedBytes;
    private boolean draining;

    /**
     * @param handler the session's handling of one decoded message
     * @param afterDrain runs after queued messages were handed over, e.g. to flush their replies
     */
    public InputGate(Channel channel, Consumer<Object> handler, Runnable afterDrain) {
        this.channel = channel;
        this.handler = handler;
        this.afterDrain = afterDrain;
    }

    /**
     * Bounds the queue more tightly than {@link #MAX_QUEUED}: past {@code maxMessages} messages or
     * {@code maxBytes} (as {@code sizeOf} measures a message), the queue is dropped, the input ends
     * and {@code overflow} runs (a session says its protocol's goodbye and closes).
     */
    public InputGate limit(int maxMessages, long maxBytes, ToLongFunction<Object> sizeOf, Runnable overflow) {
        this.maxQueued = maxMessages;
        this.maxQueuedBytes = maxBytes;
        this.sizeOf = sizeOf;
        this.overflow = overflow;
        return this;
    }

    /** Takes a message from the session's {@code channelRead}: handled now if nothing holds the input, else queued. */
    public void read(Object msg) {
        if (!held.isEmpty() || !queue.isEmpty()) {
            enqueue(msg);
            return;
        }
        deliver(msg);
    }

    /** Pauses the input for {@code reason} (no effect if already held for it). */
    public void hold(Reason reason) {
        if (held.add(reason)) {
            channel.config().setAutoRead(false);
        }
    }

    /** Ends the pause for {@code reason}; if no other reason holds, reading resumes and the queue is handed over. */
    public void release(Reason reason) {
        if (held.remove(reason) && held.isEmpty()) {
            channel.config().setAutoRead(true);
            drain();
        }
    }

    /** Whether {@code reason} holds the input. */
    public boolean isHeld(Reason reason) {
        return held.contains(reason);
    }

    /** Whether any reason holds the input. */
    public boolean isPaused() {
        return !held.isEmpty();
    }

    /** Call from {@code channelWritabilityChanged}: releases {@link Reason#OUTPUT} once the client has read enough. */
    public void writabilityChanged() {
        if (held.contains(Reason.OUTPUT) && channel.isWritable()) {
            release(Reason.OUTPUT);
        }
    }

    /**
     * Drops every queued message (what was pipelined across a TLS upgrade must never be handled).
     *
     * @return how many were dropped
     */
    public int discardQueued() {
        int dropped = queue.size();
        while (!queue.isEmpty()) {
            ReferenceCountUtil.release(queue.poll());
        }
        queuedBytes = 0;
        return dropped;
    }

    /** How many messages wait. */
    public int queued() {
        return queue.size();
    }

    private void enqueue(Object msg) {
        long size = sizeOf.applyAsLong(msg);
        if (queue.size() >= maxQueued || queuedBytes + size > maxQueuedBytes) {
            ReferenceCountUtil.release(msg);
            discardQueued();
            SessionRecord record = ConnectionRecorder.record(channel);
            if (record != null) {
                record.protocolError("more than " + maxQueued + " messages"
                        + (maxQueuedBytes == Long.MAX_VALUE ? "" : " or " + maxQueuedBytes + " bytes")
                        + " pipelined behind an unfinished command");
            }
            hold(Reason.ENDED);
            if (overflow != null) {
                overflow.run();
            } else {
                channel.close();
            }
            return;
        }
        queue.add(msg);
        queuedBytes += size;
    }

    private void deliver(Object msg) {
        try {
            handler.accept(msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (!channel.isWritable() && channel.isActive()) {
            hold(Reason.OUTPUT);
        }
    }

    private void drain() {
        if (draining) {
            return; // a handler released a reason while the queue was being handed over: the loop goes on
        }
        draining = true;
        try {
            while (held.isEmpty() && !queue.isEmpty()) {
                Object msg = queue.poll();
                queuedBytes -= sizeOf.applyAsLong(msg);
                deliver(msg);
            }
        } finally {
            draining = false;
        }
        afterDrain.run();
    }
}
