package dev.o365emulator.server.internal.store;

import java.util.List;
import java.util.Optional;

/**
 * A consistent view of one folder at one moment, for {@code SELECT}, {@code FETCH} ranges and {@code SEARCH}.
 *
 * @param messages in ascending UID order; {@code messages.get(i).sequence() == i + 1}
 */
public record FolderSnapshot(String name, long uidValidity, long uidNext, List<MessageHandle> messages) {

    public FolderSnapshot {
        messages = List.copyOf(messages);
    }

    public int exists() {
        return messages.size();
    }

    /** The message with this UID, found by binary search. */
    public Optional<MessageHandle> byUid(long uid) {
        int lo = 0;
        int hi = messages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long m = messages.get(mid).uid();
            if (m < uid) {
                lo = mid + 1;
            } else if (m > uid) {
                hi = mid - 1;
            } else {
                return Optional.of(messages.get(mid));
            }
        }
        return Optional.empty();
    }

    /** The message at this 1-based sequence number. */
    public Optional<MessageHandle> bySequence(int sequence) {
        return sequence >= 1 && sequence <= messages.size() ? Optional.of(messages.get(sequence - 1)) : Optional.empty();
    }
}
