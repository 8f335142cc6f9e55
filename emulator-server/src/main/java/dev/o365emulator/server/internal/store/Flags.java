package dev.o365emulator.server.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of one message in one folder: IMAP system flags and keywords ({@code $MDNSent} …); immutable.
 *
 * <p>System flags compare case-insensitively and are kept in their canonical spelling; keywords keep
 * the spelling first stored. {@code \Recent} is not kept: Office 365 always reports {@code 0 RECENT}.
 */
public record Flags(int system, Set<String> keywords) {
    /** Keywords per message; Exchange keeps few, and an unbounded set would let one client grow memory. */
    public static final int MAX_KEYWORDS = 64;
    public static final int MAX_KEYWORD_LENGTH = 100;

    public static final Flags NONE = new Flags(0, Set.of());
    public static final Flags SEEN = new Flags(SystemFlag.SEEN.bit, Set.of());

    public Flags {
        if (keywords.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("more than " + MAX_KEYWORDS + " keywords");
        }
        keywords = keywords.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(keywords));
    }

    /** The five system flags Office 365 lists in {@code FLAGS} and {@code PERMANENTFLAGS}. */
    public enum SystemFlag {
        SEEN("\\Seen"), ANSWERED("\\Answered"), FLAGGED("\\Flagged"), DELETED("\\Deleted"), DRAFT("\\Draft");

        private final String imapName;
        final int bit;

        SystemFlag(String imapName) {
            this.imapName = imapName;
            this.bit = 1 << ordinal();
        }

        public String imapName() {
            return imapName;
        }
    }

    /**
     * Parses IMAP flag names: {@code \Seen} (any case) is a system flag, anything else a keyword.
     *
     * @throws IllegalArgumentException for an unknown {@code \}-flag, an empty or over-long keyword
     */
    public static Flags of(String... names) {
        return of(List.of(names));
    }

    public static Flags of(Collection<String> names) {
        int system = 0;
        Set<String> keywords = new TreeSet<>();
        for (String name : names) {
            if (name.startsWith("\\")) {
                system |= systemFlag(name).bit;
            } else {
                if (name.isEmpty() || name.length() > MAX_KEYWORD_LENGTH) {
                    throw new IllegalArgumentException("bad keyword: " + name);
                }
                keywords.add(name);
            }
        }
        return new Flags(system, keywords);
    }

    private static SystemFlag systemFlag(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (SystemFlag f : SystemFlag.values()) {
            if (f.imapName.toLowerCase(Locale.ROOT).equals(lower)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown system flag: " + name);
    }

    public boolean contains(SystemFlag flag) {
        return (system & flag.bit) != 0;
    }

    public boolean containsKeyword(String keyword) {
        return keywords.contains(keyword);
    }

    /** These flags plus the other's. */
    public Flags plus(Flags other) {
        if (other.keywords.isEmpty()) {
            return new Flags(system | other.system, keywords);
        }
        Set<String> k = new TreeSet<>(keywords);
        k.addAll(other.keywords);
        return new Flags(system | other.system, k);
    }

    /** These flags without the other's. */
    public Flags minus(Flags other) {
        if (other.keywords.isEmpty() || keywords.isEmpty()) {
            return new Flags(system & ~other.system, keywords);
        }
        Set<String> k = new TreeSet<>(keywords);
        k.removeAll(other.keywords);
        return new Flags(system & ~other.system, k);
    }

    /** IMAP names: system flags in {@link SystemFlag} order, then keywords. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (SystemFlag f : SystemFlag.values()) {
            if (contains(f)) {
                out.add(f.imapName);
            }
        }
        out.addAll(keywords);
        return out;
    }

    /**
     * {@link #names()} separated by spaces, as IMAP lists them inside {@code FLAGS (...)}; without
     * keywords, one of 32 strings made once (every FETCH FLAGS asks).
     */
    public String joined() {
        return keywords.isEmpty() ? SYSTEM_JOINED[system & (SYSTEM_JOINED.length - 1)] : String.join(" ", names());
    }

    private static final String[] SYSTEM_JOINED = new String[1 << SystemFlag.values().length];

    static {
        for (int bits = 0; bits < SYSTEM_JOINED.length; bits++) {
            SYSTEM_JOINED[bits] = String.join(" ", new Flags(bits, Set.of()).names());
        }
    }

    @Override
    public String toString() {
        return joined();
    }
}
