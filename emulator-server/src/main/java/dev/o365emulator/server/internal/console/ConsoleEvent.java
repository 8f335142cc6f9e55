package dev.o365emulator.server.internal.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One event of the console's stream: a sequence number, a kind ({@code session-opened}, {@code line},
 * {@code session-closed}, {@code message-delivered}, {@code rule-fired}, {@code scenario-switched})
 * and its data. Built on the thread that saw it happen, from small values only (never a message's
 * bytes), and serialised by each subscriber's event loop.
 *
 * @param weight roughly what the event costs a subscriber's queue, in bytes
 */
record ConsoleEvent(long id, String kind, Map<String, Object> data, int weight) {

    /** What every event costs besides its strings: the frame's fixed parts and the map. */
    static final int OVERHEAD = 160;

    ConsoleEvent {
        Objects.requireNonNull(kind, "kind");
        data = Map.copyOf(data);
    }

    /** The event as a Server-Sent Events frame: {@code id}, {@code event}, one {@code data} line of JSON. */
    byte[] frame() {
        // Compact JSON has no line breaks (those in strings are escaped), so one data line suffices.
        String frame = "id: " + id + "\nevent: " + kind + "\ndata: " + Json.writeString(new java.util.TreeMap<>(data))
                + "\n\n";
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
