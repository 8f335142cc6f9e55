package dev.o365emulator.codec.pop3;

/** Pure parsers for the POP3 arguments whose grammar is fixed. */
final class Pop3Arguments {

    /** {@code Integer.MAX_VALUE} has ten digits; a longer number cannot fit, leading zeros or not. */
    private static final int MAX_DIGITS = 10;

    private Pop3Arguments() {
    }

    /** A message number: positive decimal that fits an {@code int}; -1 if the text is not one. */
    static int messageNumber(String text) {
        int n = nonNegative(text);
        return n == 0 ? -1 : n;
    }

    /** TOP's line count: non-negative decimal that fits an {@code int}; -1 if the text is not one. */
    static int lineCount(String text) {
        return nonNegative(text);
    }

    private static int nonNegative(String text) {
        if (text.isEmpty() || text.length() > MAX_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
