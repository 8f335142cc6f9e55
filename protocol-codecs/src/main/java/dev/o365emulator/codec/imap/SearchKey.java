package dev.o365emulator.codec.imap;

import java.time.LocalDate;
import java.util.List;

/** One RFC 3501 SEARCH key, as a tree: a SEARCH command's keys form an implicit {@link And}. */
public sealed interface SearchKey {

    /** Keys without arguments, about flags and recency, plus {@code ALL}. */
    enum Simple implements SearchKey {
        ALL, ANSWERED, DELETED, DRAFT, FLAGGED, NEW, OLD, RECENT, SEEN,
        UNANSWERED, UNDELETED, UNDRAFT, UNFLAGGED, UNSEEN
    }

    /** Which part of the message a {@link Contains} key searches. */
    enum Field {
        BCC, BODY, CC, FROM, SUBJECT, TEXT, TO
    }

    /** Which date a {@link DateKey} compares, and how. */
    enum DateField {
        BEFORE, ON, SINCE, SENTBEFORE, SENTON, SENTSINCE
    }

    /** All keys match (a parenthesised group or the whole command). */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    /** A case-insensitive substring search, e.g. {@code SUBJECT "report"}. */
    record Contains(Field field, String value) implements SearchKey {
    }

    /** {@code HEADER <name> <value>}; an empty value matches every message with the header. */
    record Header(String name, String value) implements SearchKey {
    }

    /** {@code KEYWORD <flag>} ({@code present}) or {@code UNKEYWORD <flag>}. */
    record Keyword(String flag, boolean present) implements SearchKey {
    }

    /** {@code LARGER <n>} or {@code SMALLER <n>}, in octets. */
    record Size(boolean larger, long octets) implements SearchKey {
    }

    /** A date comparison: internal date (BEFORE/ON/SINCE) or the Date header (SENT...). */
    record DateKey(DateField field, LocalDate date) implements SearchKey {
    }

    /** {@code UID <set>}. */
    record Uid(SequenceSet set) implements SearchKey {
    }

    /** A bare sequence set of message numbers. */
    record Sequence(SequenceSet set) implements SearchKey {
    }
}
