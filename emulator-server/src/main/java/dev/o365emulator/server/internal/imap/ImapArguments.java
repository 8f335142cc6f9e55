package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.store.Flags;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the handlers read from a command's arguments beyond the decoder's typing: mailbox names (modified
 * UTF-7), flags as the store knows them, APPEND's date. Anything outside the grammar throws
 * {@link BadArguments}.
 */
final class ImapArguments {

    private static final DateTimeFormatter APPEND_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

    private ImapArguments() {
    }

    static void require(boolean condition) {
        if (!condition) {
            throw new BadArguments();
        }
    }

    /** The arguments the decoder typed for the command, if they fit its grammar. */
    static <T extends ImapCommandArguments> T typed(ImapRequest request, Class<T> type) {
        require(type.isInstance(request.typedArguments()));
        return type.cast(request.typedArguments());
    }

    /** The only argument of a command that names one mailbox (SELECT, CREATE, DELETE, SUBSCRIBE…), decoded. */
    static String onlyMailbox(ImapRequest request) {
        require(request.arguments().size() == 1);
        return mailboxName(request.arguments().get(0));
    }

    /** Whether the request is the UID form of its command ({@code UID FETCH}…). */
    static boolean uid(ImapRequest request) {
        return "UID".equals(request.command());
    }

    /** A mailbox name argument, decoded from modified UTF-7; {@code NIL} and lists are not names. */
    static String mailboxName(ImapArgument argument) {
        String name = argument.stringValue();
        if (name == null || argument == ImapArgument.Nil.NIL) {
            throw new BadArguments();
        }
        return mailboxName(name);
    }

    /** A mailbox name as written on the wire, decoded from modified UTF-7. */
    static String mailboxName(String wire) {
        try {
            return ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException e) {
            throw new UndecodableMailboxName();
        }
    }

    /** A list of flag atoms (APPEND's); anything but an atom is outside the grammar. */
    static Flags flagList(List<ImapArgument> names) {
        List<String> atoms = new ArrayList<>(names.size());
        for (ImapArgument name : names) {
            if (name == ImapArgument.Nil.NIL) {
                atoms.add("NIL"); // an atom that is a keyword here, as in STORE
            } else if (name instanceof ImapArgument.Atom atom) {
                atoms.add(atom.value());
            } else {
                throw new BadArguments();
            }
        }
        return flags(atoms);
    }

    /** Flag names as the store keeps them; {@code \Recent} is the server's to set (RFC 3501 §2.3.2) and is dropped. */
    static Flags flags(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (!name.equalsIgnoreCase("\\Recent")) {
                out.add(name);
            }
        }
        try {
            return Flags.of(out);
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
    }

    /** APPEND's {@code date-time}, e.g. {@code 17-Jul-1996 02:44:25 -0700}. */
    static Instant date(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), APPEND_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadArguments();
        }
    }
}
