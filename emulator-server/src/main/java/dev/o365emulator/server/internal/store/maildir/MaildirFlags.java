package dev.o365emulator.server.internal.store.maildir;

import dev.o365emulator.server.internal.store.Flags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A message's flags in its Maildir file name ({@code <base>:2,<info>}), as the Maildir specification and
 * Dovecot write them: {@code D} draft, {@code F} flagged, {@code R} replied ({@code \Answered}), {@code S}
 * seen, {@code T} trashed ({@code \Deleted}), then keywords as the letters {@code a}–{@code z} of the
 * folder's {@link KeywordTable}; in ASCII order. A message without flags has no info and lives in
 * {@code new/}.
 */
final class MaildirFlags {
    /** Where the info begins in a file name; Maildir's separator is {@code :}. */
    static final String INFO = ":2,";

    private static final char[] LETTERS = {'D', 'F', 'R', 'S', 'T'};
    private static final Flags.SystemFlag[] SYSTEM = {Flags.SystemFlag.DRAFT, Flags.SystemFlag.FLAGGED,
        Flags.SystemFlag.ANSWERED, Flags.SystemFlag.SEEN, Flags.SystemFlag.DELETED};

    private MaildirFlags() {
    }

    /** The base of a file name: everything before its info. */
    static String base(String fileName) {
        int colon = fileName.indexOf(':');
        return colon < 0 ? fileName : fileName.substring(0, colon);
    }

    /** The size a file name states ({@code ,S=<size>} in its base), or -1. */
    static long statedSize(String base) {
        int s = base.indexOf(",S=");
        if (s < 0) {
            return -1;
        }
        int end = s + 3;
        while (end < base.length() && Character.isDigit(base.charAt(end))) {
            end++;
        }
        try {
            return end > s + 3 ? Long.parseLong(base.substring(s + 3, end)) : -1;
        } catch (NumberFormatException tooLong) {
            return -1;
        }
    }

    /**
     * The info letters for {@code flags}; keywords the table has no letter for are left out (the folder
     * keeps them beside, see {@link KeywordTable}).
     */
    static String info(Flags flags, KeywordTable keywords) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < LETTERS.length; i++) {
            if (flags.contains(SYSTEM[i])) {
                out.append(LETTERS[i]);
            }
        }
        List<Character> letters = new ArrayList<>();
        for (String k : flags.keywords()) {
            int index = keywords.indexOf(k);
            if (index >= 0 && index < KeywordTable.LETTERS) {
                letters.add((char) ('a' + index));
            }
        }
        letters.sort(null);
        letters.forEach(out::append);
        return out.toString();
    }

    /** The flags of a file name's info ({@code null} info: none); letters it does not know are ignored. */
    static Flags parse(String info, KeywordTable keywords) {
        if (info == null || info.isEmpty()) {
            return Flags.NONE;
        }
        List<String> names = new ArrayList<>();
        Set<String> keywordNames = new TreeSet<>();
        for (int i = 0; i < info.length(); i++) {
            char c = info.charAt(i);
            int system = Arrays.binarySearch(LETTERS, c);
            if (system >= 0) {
                names.add(SYSTEM[system].imapName());
            } else if (c >= 'a' && c <= 'z') {
                keywords.name(c - 'a').ifPresent(keywordNames::add);
            }
        }
        names.addAll(keywordNames);
        try {
            return Flags.of(names);
        } catch (IllegalArgumentException tooMany) {
            return Flags.of(names.subList(0, Math.min(names.size(), Flags.MAX_KEYWORDS)));
        }
    }

    /** The info part of a file name, or null when it has none. */
    static String infoOf(String fileName) {
        int at = fileName.indexOf(INFO);
        return at < 0 ? null : fileName.substring(at + INFO.length());
    }
}
