package dev.o365emulator.codec.imap;

import dev.o365emulator.codec.imap.SearchKey.DateField;
import dev.o365emulator.codec.imap.SearchKey.Field;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses SEARCH's arguments ({@code [CHARSET <name>] <key>...}) into a {@link SearchKey} tree.
 *
 * <p>Input is the argument list {@link ImapRequestDecoder} produced (after {@code UID}/{@code SEARCH});
 * strings may be atoms, quoted strings or literals, literals are read as UTF-8. Invalid input
 * throws {@link IllegalArgumentException}; whether the charset is supported is the session's
 * decision ({@code NO [BADCHARSET]}). {@code NOT}/{@code OR} nesting is bounded by
 * {@value #MAX_DEPTH}.
 *
 * <p>Example: {@code SEARCH CHARSET UTF-8 OR FROM joe SUBJECT {5+}\r\nGrüße UNSEEN} gives charset
 * {@code UTF-8} and {@code And[Or[Contains[FROM, joe], Contains[SUBJECT, Grüße]], UNSEEN]}.
 */
public final class SearchKeys {

    public static final int MAX_DEPTH = 64;

    private static final List<String> MONTHS = List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");

    /** The parsed command: the charset the client named (or {@code null}) and the keys. */
    public record SearchQuery(String charset, SearchKey.And key) {
    }

    private final List<ImapArgument> arguments;
    private int pos;

    private SearchKeys(List<ImapArgument> arguments) {
        this.arguments = arguments;
    }

    public static SearchQuery parse(List<ImapArgument> arguments) {
        SearchKeys parser = new SearchKeys(arguments);
        String charset = null;
        if (!arguments.isEmpty() && arguments.get(0) instanceof ImapArgument.Atom atom
                && atom.value().equalsIgnoreCase("CHARSET")) {
            parser.pos = 1;
            charset = parser.string("CHARSET");
        }
        List<SearchKey> keys = new ArrayList<>();
        while (parser.pos < arguments.size()) {
            keys.add(parser.key(0));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("SEARCH without a search key");
        }
        return new SearchQuery(charset, new SearchKey.And(keys));
    }

    private SearchKey key(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("search keys nested deeper than " + MAX_DEPTH);
        }
        ImapArgument argument = next("search key");
        if (argument instanceof ImapArgument.ListArgument list) {
            if (list.elements().isEmpty()) {
                throw new IllegalArgumentException("empty search key group");
            }
            SearchKeys group = new SearchKeys(list.elements());
            List<SearchKey> keys = new ArrayList<>();
            while (group.pos < list.elements().size()) {
                keys.add(group.key(depth + 1));
            }
            return new SearchKey.And(keys);
        }
        if (!(argument instanceof ImapArgument.Atom atom)) {
            throw new IllegalArgumentException("invalid search key: " + argument);
        }
        String name = atom.value().toUpperCase(Locale.ROOT);
        char first = name.charAt(0);
        if ((first >= '0' && first <= '9') || first == '*') {
            return new SearchKey.Sequence(SequenceSet.parse(atom.value()));
        }
        switch (name) {
            case "BCC", "BODY", "CC", "FROM", "SUBJECT", "TEXT", "TO":
                return new SearchKey.Contains(Field.valueOf(name), string(name));
            case "BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE":
                return new SearchKey.DateKey(DateField.valueOf(name), date(name));
            case "HEADER":
                return new SearchKey.Header(string(name), string(name));
            case "KEYWORD", "UNKEYWORD":
                return new SearchKey.Keyword(atom(name), name.equals("KEYWORD"));
            case "LARGER", "SMALLER":
                return new SearchKey.Size(name.equals("LARGER"), number(name));
            case "UID":
                return new SearchKey.Uid(SequenceSet.parse(atom(name)));
            case "NOT":
                return new SearchKey.Not(key(depth + 1));
            case "OR":
                SearchKey left = key(depth + 1);
                return new SearchKey.Or(left, key(depth + 1));
            default:
                try {
                    return SearchKey.Simple.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown search key: " + atom.value());
                }
        }
    }

    private ImapArgument next(String what) {
        if (pos == arguments.size()) {
            throw new IllegalArgumentException("missing " + what);
        }
        return arguments.get(pos++);
    }

    private String string(String key) {
        ImapArgument argument = next("argument of " + key);
        String value = argument.stringValue();
        if (value == null) {
            throw new IllegalArgumentException("invalid argument of " + key + ": " + argument);
        }
        return value;
    }

    private String atom(String key) {
        if (!(next("argument of " + key) instanceof ImapArgument.Atom atom)) {
            throw new IllegalArgumentException("invalid argument of " + key);
        }
        return atom.value();
    }

    private long number(String key) {
        String text = atom(key);
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid number after " + key + ": " + text);
        }
        long value = Long.parseLong(text);
        if (value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("number beyond 32 bits after " + key + ": " + text);
        }
        return value;
    }

    /** RFC 3501 {@code date}: {@code 1-Feb-1994}, optionally quoted. */
    private LocalDate date(String key) {
        ImapArgument argument = next("date after " + key);
        if (!(argument instanceof ImapArgument.Atom) && !(argument instanceof ImapArgument.QuotedString)) {
            throw new IllegalArgumentException("invalid date after " + key);
        }
        String text = argument.stringValue();
        String[] parts = text.split("-", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[0].length() > 2 || parts[2].length() != 4
                || !(parts[0] + parts[2]).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid date after " + key + ": " + text);
        }
        int month = MONTHS.indexOf(parts[1].toUpperCase(Locale.ROOT)) + 1;
        try {
            return LocalDate.of(Integer.parseInt(parts[2]), month, Integer.parseInt(parts[0]));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date after " + key + ": " + text, e);
        }
    }
}
