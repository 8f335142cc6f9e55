package dev.o365emulator.server.internal.journal;

/**
 * Hands out one {@code String} for the transcript lines many sessions repeat word for word: greetings,
 * {@code SELECT}'s untagged lines, {@code + idling}, the masked {@code LOGIN}, the TLS line.
 *
 * <p>Ten thousand IMAP clients idling on one folder hold fifteen-odd lines each, almost all identical
 * across them; kept once, a repeated line costs a reference instead of a string and its array. A
 * fixed table of recently seen short texts, indexed by hash: a text that meets a different one in its
 * slot takes the slot, so the table never grows and never evicts anything a transcript needs (a
 * transcript keeps its own reference). Lock-free and safe to race on: a slot holds a reference to an
 * immutable string, and a lost update only costs a missed share.
 */
final class SharedTexts {

    /** Slots in the table, a power of two: 16 KiB of references for the whole journal. */
    static final int SLOTS = 4096;
    /** Longer texts are kept as they are: they are rarely repeated (message ids, long replies), and hashing them costs. */
    static final int MAX_SHARED_CHARS = 160;

    private final String[] table = new String[SLOTS];

    /** The string to keep for {@code text}: an equal one already kept, or {@code text} itself. */
    String share(String text) {
        if (text.length() > MAX_SHARED_CHARS) {
            return text;
        }
        int hash = text.hashCode();
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        String kept = table[slot];
        if (kept != null && kept.equals(text)) {
            return kept;
        }
        table[slot] = text;
        return text;
    }
}
