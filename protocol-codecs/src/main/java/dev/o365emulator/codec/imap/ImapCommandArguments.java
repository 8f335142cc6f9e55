package dev.o365emulator.codec.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of the commands that address messages, typed once by the decoder: FETCH, SEARCH,
 * STORE, COPY and MOVE, each plain or after {@code UID}, and {@code UID EXPUNGE}.
 *
 * <p>{@link ImapRequest#typedArguments()} carries them. Arguments outside the command's grammar
 * (RFC 3501 §6.4) become {@link Invalid} with the reason instead of an exception, so the session
 * still reaches the command's stage and answers {@code BAD}; every other command has no typed form.
 * What the store decides (whether a flag name is allowed, which mailbox a name means, whether a
 * charset is supported) is left to the session.
 *
 * <p>Example: {@code a5 UID FETCH 1:* (FLAGS BODY.PEEK[])} carries
 * {@code Fetch[set=1:*, attributes=[FLAGS, BodySection[peek=true, ...]]]}.
 */
public sealed interface ImapCommandArguments {

    /** {@code FETCH <set> <attributes>}; the macros ALL, FAST and FULL are expanded. */
    record Fetch(SequenceSet set, List<FetchAttribute> attributes) implements ImapCommandArguments {
        public Fetch {
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * {@code SEARCH [CHARSET <name>] <key>...}.
     *
     * @param charset the charset the client named, or null
     */
    record Search(String charset, SearchKey.And key) implements ImapCommandArguments {
    }

    /** How STORE changes the flags. */
    enum StoreMode {
        /** {@code FLAGS}: the flags become the given ones. */
        REPLACE,
        /** {@code +FLAGS}. */
        ADD,
        /** {@code -FLAGS}. */
        REMOVE
    }

    /**
     * {@code STORE <set> [+|-]FLAGS[.SILENT] <flags>}, the flags parenthesised or not.
     *
     * @param silent whether the client asked not to hear of the new flags ({@code .SILENT})
     * @param flags the flag names as written (system flags with their backslash)
     */
    record Store(SequenceSet set, StoreMode mode, boolean silent, List<String> flags) implements ImapCommandArguments {
        public Store {
            flags = List.copyOf(flags);
        }
    }

    /**
     * {@code COPY <set> <mailbox>} and {@code MOVE <set> <mailbox>}.
     *
     * @param mailbox the destination as written on the wire (modified UTF-7), never {@code NIL}
     */
    record Copy(SequenceSet set, String mailbox) implements ImapCommandArguments {
    }

    /** {@code UID EXPUNGE <set>} (RFC 4315). */
    record Expunge(SequenceSet uids) implements ImapCommandArguments {
    }

    /** Arguments outside the command's grammar: the session answers {@code BAD}. */
    record Invalid(String reason) implements ImapCommandArguments {
    }

    /**
     * The typed arguments of {@code command} (upper case, as the decoder gives it), or null for a
     * command without a typed form, including {@code UID} without a known command after it.
     */
    static ImapCommandArguments of(String command, List<ImapArgument> arguments) {
        if (command == null) {
            return null;
        }
        boolean uid = command.equals("UID");
        String name = command;
        List<ImapArgument> rest = arguments;
        if (uid) {
            if (arguments.isEmpty() || !(arguments.get(0) instanceof ImapArgument.Atom sub)) {
                return null;
            }
            name = sub.value().toUpperCase(Locale.ROOT);
            rest = arguments.subList(1, arguments.size());
        }
        try {
            return switch (name) {
                case "FETCH" -> fetch(rest);
                case "SEARCH" -> search(rest);
                case "STORE" -> store(rest);
                case "COPY", "MOVE" -> copy(rest);
                // Plain EXPUNGE takes no arguments; only UID EXPUNGE names messages.
                case "EXPUNGE" -> uid ? expunge(rest) : null;
                default -> null;
            };
        } catch (RuntimeException e) {
            // A decoder never throws on bad input: whatever a parser rejects is the client's BAD.
            return new Invalid(String.valueOf(e.getMessage()));
        }
    }

    private static Fetch fetch(List<ImapArgument> arguments) {
        require(arguments.size() == 2, "FETCH takes a sequence set and data items");
        return new Fetch(set(arguments.get(0)), FetchAttributes.parse(arguments.get(1)));
    }

    private static Search search(List<ImapArgument> arguments) {
        SearchKeys.SearchQuery query = SearchKeys.parse(arguments);
        return new Search(query.charset(), query.key());
    }

    private static Store store(List<ImapArgument> arguments) {
        require(arguments.size() >= 3 && arguments.get(1) instanceof ImapArgument.Atom,
                "STORE takes a sequence set, a data item and flags");
        SequenceSet set = set(arguments.get(0));
        String item = arguments.get(1).stringValue().toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        StoreMode mode = switch (silent ? item.substring(0, item.length() - ".SILENT".length()) : item) {
            case "FLAGS" -> StoreMode.REPLACE;
            case "+FLAGS" -> StoreMode.ADD;
            case "-FLAGS" -> StoreMode.REMOVE;
            default -> throw new IllegalArgumentException("unknown STORE data item: " + item);
        };
        List<ImapArgument> names = arguments.size() == 3 && arguments.get(2) instanceof ImapArgument.ListArgument list
                ? list.elements() : arguments.subList(2, arguments.size());
        List<String> flags = new ArrayList<>(names.size());
        for (ImapArgument name : names) {
            if (name == ImapArgument.Nil.NIL) {
                // flag-keyword is an atom, and NIL is one: only where an nstring is expected is it nothing.
                flags.add("NIL");
            } else if (name instanceof ImapArgument.Atom atom) {
                flags.add(atom.value());
            } else {
                throw new IllegalArgumentException("a flag is an atom: " + name);
            }
        }
        return new Store(set, mode, silent, flags);
    }

    private static Copy copy(List<ImapArgument> arguments) {
        require(arguments.size() == 2, "COPY and MOVE take a sequence set and a mailbox");
        SequenceSet set = set(arguments.get(0));
        ImapArgument mailbox = arguments.get(1);
        require(mailbox != ImapArgument.Nil.NIL && mailbox.stringValue() != null, "invalid mailbox name");
        return new Copy(set, mailbox.stringValue());
    }

    private static Expunge expunge(List<ImapArgument> arguments) {
        require(arguments.size() == 1, "UID EXPUNGE takes a UID set");
        return new Expunge(set(arguments.get(0)));
    }

    private static SequenceSet set(ImapArgument argument) {
        if (!(argument instanceof ImapArgument.Atom atom)) {
            throw new IllegalArgumentException("a sequence set is an atom: " + argument);
        }
        return SequenceSet.parse(atom.value());
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
