package dev.o365emulator.server.internal.imap;

import java.util.List;

/** Writes UID lists compactly for {@code COPYUID}: {@code 3,4,5,9} becomes {@code 3:5,9}. */
final class UidSets {

    private UidSets() {
    }

    static String compact(List<Long> uids) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < uids.size()) {
            long first = uids.get(i);
            long last = first;
            while (i + 1 < uids.size() && uids.get(i + 1) == last + 1) {
                last = uids.get(++i);
            }
            i++;
            out.append(out.length() == 0 ? "" : ",").append(first);
            if (last != first) {
                out.append(':').append(last);
            }
        }
        return out.toString();
    }
}
