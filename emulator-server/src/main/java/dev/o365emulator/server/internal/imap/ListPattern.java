package dev.o365emulator.server.internal.imap;

import java.util.Locale;

/**
 * A LIST/LSUB reference and mailbox pattern ({@code *} matches anything, {@code %} anything but the
 * {@code /} delimiter), matched case-insensitively as Exchange does.
 *
 * <p>Matching is a dynamic programme over name × pattern, so a hostile pattern full of wildcards costs
 * at most {@code O(name × pattern)}, unlike a backtracking regular expression.
 */
final class ListPattern {

    private final String pattern;

    private ListPattern(String pattern) {
        this.pattern = pattern;
    }

    /** The reference is prepended to the pattern, the simple interpretation RFC 3501 §6.3.8 allows. */
    static ListPattern of(String reference, String mailbox) {
        return new ListPattern((reference + mailbox).toLowerCase(Locale.ROOT));
    }

    boolean matches(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int p = pattern.length();
        // reach[j]: the first i characters of the name match the first j of the pattern.
        boolean[] reach = new boolean[p + 1];
        reach[0] = true;
        for (int j = 1; j <= p && isWildcard(pattern.charAt(j - 1)); j++) {
            reach[j] = true;
        }
        for (int i = 1; i <= n.length(); i++) {
            char c = n.charAt(i - 1);
            boolean[] next = new boolean[p + 1];
            for (int j = 1; j <= p; j++) {
                char q = pattern.charAt(j - 1);
                if (q == '*' || (q == '%' && c != '/')) {
                    next[j] = reach[j] || next[j - 1] || reach[j - 1];
                } else if (q == '%') {
                    next[j] = next[j - 1];
                } else {
                    next[j] = reach[j - 1] && q == c;
                }
            }
            reach = next;
        }
        return reach[p];
    }

    private static boolean isWildcard(char c) {
        return c == '*' || c == '%';
    }
}
