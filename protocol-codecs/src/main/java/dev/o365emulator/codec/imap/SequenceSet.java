package dev.o365emulator.codec.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 3501 sequence set ({@code 1:*}, {@code 2,4:7,9}, {@code *}), for message numbers or UIDs.
 *
 * <p>{@code *} is kept symbolic as {@link #STAR} and resolved against the mailbox's highest number
 * in {@link #contains(long, long)}; a range is normalised so that its number comes first
 * ({@code *:5} is {@code 5:*}, {@code 7:4} is {@code 4:7}). {@link #parse(String)} rejects
 * {@code 0}, numbers beyond 32 bits, empty elements and more than {@value #DEFAULT_MAX_RANGES}
 * ranges, by throwing {@link IllegalArgumentException} (the session answers {@code BAD}).
 */
public record SequenceSet(List<Range> ranges) {

    /** How many comma-separated elements a set may have by default. */
    public static final int DEFAULT_MAX_RANGES = 1024;
    /** The value that stands for {@code *}, the largest number in use. */
    public static final long STAR = -1;

    private static final long MAX_NUMBER = 0xFFFF_FFFFL;

    /** One element of the set; a single number has {@code first == last}. */
    public record Range(long first, long last) {

        public Range {
            if (first == STAR && last != STAR) {
                // '*' is the largest value, so it belongs at the end.
                long number = last;
                last = first;
                first = number;
            } else if (first != STAR && last != STAR && first > last) {
                long smaller = last;
                last = first;
                first = smaller;
            }
        }

        /** Whether {@code n} lies in this range when {@code *} means {@code max}. */
        public boolean contains(long n, long max) {
            long a = first == STAR ? max : first;
            long b = last == STAR ? max : last;
            return n >= Math.min(a, b) && n <= Math.max(a, b);
        }

        @Override
        public String toString() {
            String start = first == STAR ? "*" : Long.toString(first);
            if (first == last) {
                return start;
            }
            return start + ":" + (last == STAR ? "*" : Long.toString(last));
        }
    }

    public SequenceSet {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("empty sequence set");
        }
        ranges = List.copyOf(ranges);
    }

    /** Parses with the default bound on the number of elements. */
    public static SequenceSet parse(String text) {
        return parse(text, DEFAULT_MAX_RANGES);
    }

    public static SequenceSet parse(String text, int maxRanges) {
        List<Range> ranges = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? text.length() : comma;
            if (ranges.size() == maxRanges) {
                throw new IllegalArgumentException("more than " + maxRanges + " ranges in sequence set");
            }
            ranges.add(parseRange(text.substring(start, end)));
            if (comma < 0) {
                return new SequenceSet(ranges);
            }
            start = comma + 1;
        }
    }

    /** Whether {@code n} is in the set when {@code *} means {@code max} (the highest number in use). */
    public boolean contains(long n, long max) {
        for (Range range : ranges) {
            if (range.contains(n, max)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Range range : ranges) {
            text.append(text.length() == 0 ? "" : ",").append(range);
        }
        return text.toString();
    }

    private static Range parseRange(String element) {
        int colon = element.indexOf(':');
        if (colon < 0) {
            long number = parseNumber(element);
            return new Range(number, number);
        }
        return new Range(parseNumber(element.substring(0, colon)), parseNumber(element.substring(colon + 1)));
    }

    private static long parseNumber(String text) {
        if (text.equals("*")) {
            return STAR;
        }
        if (text.isEmpty() || text.length() > 10 || text.charAt(0) == '0') {
            throw new IllegalArgumentException("invalid sequence number: '" + text + "'");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid sequence number: '" + text + "'");
            }
            value = value * 10 + (c - '0');
        }
        if (value > MAX_NUMBER) {
            throw new IllegalArgumentException("sequence number beyond 32 bits: " + text);
        }
        return value;
    }
}
