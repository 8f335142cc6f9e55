package dev.o365emulator.codec.imap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One argument of an IMAP command, as the client wrote it.
 *
 * <p>The decoder keeps the syntactic form (atom, quoted string, literal, list, {@code NIL}) so the
 * command layer can apply the grammar of each command. Literals that are aggregated into an
 * {@link ImapRequest} are copied into a {@code byte[]} (they are at most
 * {@link ImapRequestDecoder#DEFAULT_STREAMING_THRESHOLD} bytes by default), so an argument never
 * holds a reference-counted buffer; larger literals arrive as {@link ImapLiteralContent} chunks.
 */
public sealed interface ImapArgument
        permits ImapArgument.Atom, ImapArgument.QuotedString, ImapArgument.Literal,
                ImapArgument.ListArgument, ImapArgument.Nil {

    /**
     * The value as an RFC 3501 {@code astring}: the text of an atom, quoted string or literal
     * (as UTF-8); {@code NIL} is the string {@code "NIL"} here; {@code null} for lists.
     */
    default String stringValue() {
        if (this instanceof Atom atom) {
            return atom.value();
        }
        if (this instanceof QuotedString quoted) {
            return quoted.value();
        }
        if (this instanceof Literal literal) {
            return literal.utf8();
        }
        return this == Nil.NIL ? "NIL" : null;
    }

    /** The value as an RFC 3501 {@code nstring}: like {@link #stringValue()}, but {@code NIL} is {@code null}. */
    default String nstringValue() {
        return this == Nil.NIL ? null : stringValue();
    }

    /**
     * An unquoted token: a command name, flag ({@code \Seen}), sequence set ({@code 1:*}), list
     * pattern ({@code INBOX/%}) or fetch attribute, which keeps its {@code [section]} and
     * {@code <partial>} parts ({@code BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>}).
     */
    record Atom(String value) implements ImapArgument {
    }

    /** A quoted string with its escapes removed, decoded as UTF-8. */
    record QuotedString(String value) implements ImapArgument {
    }

    /** A literal ({@code {n}} or {@code {n+}}) small enough to be aggregated into the request. */
    record Literal(byte[] bytes) implements ImapArgument {

        public Literal {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public int size() {
            return bytes.length;
        }

        public String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Literal literal && Arrays.equals(bytes, literal.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Literal[" + bytes.length + " bytes]";
        }
    }

    /** A parenthesised list. */
    record ListArgument(List<ImapArgument> elements) implements ImapArgument {

        public ListArgument {
            elements = List.copyOf(elements);
        }
    }

    /** The atom {@code NIL}, which IMAP treats as the absent value rather than a string. */
    enum Nil implements ImapArgument {
        NIL
    }
}
