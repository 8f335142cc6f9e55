package dev.o365emulator.codec.pop3;

import java.util.List;
import java.util.OptionalInt;

/** Pure parsers for the POP3 arguments whose grammar is fixed. */
final class Pop3Arguments {

    /** {@code Integer.MAX_VALUE} has ten digits; a longer number cannot fit, leading zeros or not. */
    private static final int MAX_DIGITS = 10;

    private Pop3Arguments() {
    }

    /**
     * Whether {@code command} with {@code count} arguments names a message by its first argument:
     * RETR, DELE and TOP always, LIST and UIDL when given one.
     */
    static boolean namesMessage(Pop3Command command, int count) {
        return command == Pop3Command.RETR || command == Pop3Command.DELE || command == Pop3Command.TOP
                || (count == 1 && (command == Pop3Command.LIST || command == Pop3Command.UIDL));
    }

    /** The message number {@code command}'s arguments name; empty if it names none or not a valid one. */
    static OptionalInt messageNumber(Pop3Command command, List<String> arguments) {
        if (arguments.isEmpty() || !namesMessage(command, arguments.size())) {
            return OptionalInt.empty();
        }
        int n = messageNumber(arguments.get(0));
        return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** TOP's line count; empty for another verb or a count that is not valid. */
    static OptionalInt lineCount(Pop3Command command, List<String> arguments) {
        if (command != Pop3Command.TOP || arguments.size() < 2) {
            return OptionalInt.empty();
        }
        int n = lineCount(arguments.get(1));
        return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
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
