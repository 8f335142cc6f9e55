package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.codec.imap.FetchAttribute.BodySection;
import dev.o365emulator.codec.imap.FetchAttribute.Partial;
import dev.o365emulator.codec.imap.FetchAttribute.SectionText;
import dev.o365emulator.codec.imap.FetchAttribute.Simple;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.MessageStructure;
import dev.o365emulator.server.internal.store.MimePart;
import dev.o365emulator.server.internal.store.StoredMessage;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders FETCH responses from stored messages (RFC 3501 §7.4.2).
 *
 * <p>Items appear in the order requested, as Exchange echoes them; a UID that {@code UID FETCH} adds
 * without being asked comes last, as Office 365 answers {@code UID FETCH 84 (RFC822.SIZE)} with
 * {@code * 1 FETCH (RFC822.SIZE 45274 UID 84)} (django-mailbox PR #232; Dovecot puts it first). Message bytes are literals that wrap
 * read-only slices of the stored message, never copies ({@code HEADER.FIELDS} is the exception: it is
 * assembled from the selected fields). {@code BODY.PEEK[...]} is answered as {@code BODY[...]}, a partial
 * fetch as {@code BODY[...]<origin>}.
 *
 * <p>A section that does not exist (part {@code 9} of a two-part message, {@code 1.HEADER} when part 1
 * is not a message/rfc822) is {@code NIL}: RFC 3501 leaves it open, Exchange answers {@code NIL}, and
 * Angus Mail and imaplib accept it. A partial fetch starting beyond the end is the empty string
 * {@code ""}, as RFC 3501 asks; so is any empty section.
 */
public final class FetchRenderer {

    /** {@code "17-Jul-1996 02:44:25 -0700"}; the store's internal dates are instants, given in UTC. */
    private static final DateTimeFormatter INTERNAL_DATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private FetchRenderer() {
    }

    /** Whether fetching these attributes sets \Seen (a non-PEEK BODY[...], RFC822, RFC822.TEXT). */
    public static boolean setsSeen(List<FetchAttribute> attributes) {
        for (FetchAttribute attribute : attributes) {
            if (attribute == Simple.RFC822 || attribute == Simple.RFC822_TEXT
                    || attribute instanceof BodySection section && !section.peek()) {
                return true;
            }
        }
        return false;
    }

    /** "* <sequence> FETCH (...)" for one message; includes UID when includeUid (UID FETCH) even if not asked. */
    public static ImapUntaggedResponse render(long sequence, MessageHandle message, List<FetchAttribute> attributes,
            boolean includeUid) {
        ImapUntaggedResponse.Builder out = ImapUntaggedResponse.builder().text(sequence + " FETCH (");
        boolean first = true;
        for (FetchAttribute attribute : attributes) {
            if (!first) {
                out.text(" ");
            }
            first = false;
            if (attribute instanceof Simple simple) {
                simple(out, simple, message);
            } else {
                section(out, (BodySection) attribute, message.message());
            }
        }
        if (includeUid && !attributes.contains(Simple.UID)) {
            out.text((first ? "" : " ") + "UID " + message.uid());
        }
        return out.text(")").build();
    }

    private static void simple(ImapUntaggedResponse.Builder out, Simple item, MessageHandle handle) {
        StoredMessage message = handle.message();
        switch (item) {
            case FLAGS -> out.text("FLAGS (").text(handle.flags().joined()).text(")");
            case INTERNALDATE -> out.text("INTERNALDATE \"" + INTERNAL_DATE.format(message.internalDate()) + "\"");
            case RFC822_SIZE -> out.text("RFC822.SIZE " + message.size());
            case UID -> out.text("UID " + handle.uid());
            case ENVELOPE -> {
                out.text("ENVELOPE ");
                EnvelopeWriter.write(out, message.structure());
            }
            case BODY -> {
                out.text("BODY ");
                BodyStructureWriter.write(out, message.structure().root(), false);
            }
            case BODYSTRUCTURE -> {
                out.text("BODYSTRUCTURE ");
                BodyStructureWriter.write(out, message.structure().root(), true);
            }
            case RFC822 -> {
                out.text("RFC822 ");
                bytes(out, message.raw());
            }
            case RFC822_HEADER -> {
                MimePart root = message.structure().root();
                out.text("RFC822.HEADER ");
                bytes(out, message.slice(root.headerStart(), root.bodyStart()));
            }
            case RFC822_TEXT -> {
                MimePart root = message.structure().root();
                out.text("RFC822.TEXT ");
                bytes(out, message.slice(root.bodyStart(), root.bodyEnd()));
            }
        }
    }

    private static void section(ImapUntaggedResponse.Builder out, BodySection section, StoredMessage message) {
        out.text("BODY[" + sectionSpec(section) + "]");
        Partial partial = section.partial();
        if (partial != null) {
            out.text("<" + partial.offset() + ">");
        }
        out.text(" ");
        ByteBuffer content = content(section, message);
        if (content == null) {
            out.text("NIL");
            return;
        }
        if (partial != null) {
            int length = content.remaining();
            int start = (int) Math.min(partial.offset(), length);
            int end = (int) Math.min((long) start + partial.length(), length);
            content = content.slice(content.position() + start, end - start);
        }
        bytes(out, content);
    }

    /** The section's bytes, or {@code null} when the message has no such section. */
    private static ByteBuffer content(BodySection section, StoredMessage message) {
        MessageStructure structure = message.structure();
        MimePart entity;
        if (section.part().isEmpty()) {
            entity = structure.root();
            if (section.text() == SectionText.WHOLE) {
                return message.raw();
            }
        } else {
            Optional<MimePart> found = structure.part(section.part().stream().mapToInt(Integer::intValue).toArray());
            if (found.isEmpty()) {
                return null;
            }
            MimePart part = found.get();
            switch (section.text()) {
                case WHOLE:
                    return message.slice(part.bodyStart(), part.bodyEnd());
                case MIME:
                    return message.slice(part.headerStart(), part.bodyStart());
                default:
                    // HEADER and TEXT after a part number address an embedded message (RFC 3501 §6.4.5).
                    if (!part.isMessage()) {
                        return null;
                    }
                    entity = part.message();
            }
        }
        return switch (section.text()) {
            case HEADER -> message.slice(entity.headerStart(), entity.bodyStart());
            case TEXT -> message.slice(entity.bodyStart(), entity.bodyEnd());
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> ByteBuffer.wrap(FetchHeaderFields
                    .parse(message.raw(), entity.headerStart(), entity.bodyStart())
                    .select(section.fields(), section.text() == SectionText.HEADER_FIELDS));
            default -> throw new IllegalStateException("unexpected section " + section.text());
        };
    }

    /** The section as the response names it: {@code 1.2.HEADER.FIELDS (From To)}. */
    static String sectionSpec(BodySection section) {
        StringBuilder spec = new StringBuilder();
        for (int n : section.part()) {
            spec.append(spec.length() == 0 ? "" : ".").append(n);
        }
        if (section.text() != SectionText.WHOLE) {
            spec.append(spec.length() == 0 ? "" : ".").append(switch (section.text()) {
                case HEADER -> "HEADER";
                case HEADER_FIELDS -> "HEADER.FIELDS";
                case HEADER_FIELDS_NOT -> "HEADER.FIELDS.NOT";
                case TEXT -> "TEXT";
                case MIME -> "MIME";
                default -> throw new IllegalStateException();
            });
        }
        if (section.text() == SectionText.HEADER_FIELDS || section.text() == SectionText.HEADER_FIELDS_NOT) {
            spec.append(" (");
            for (int i = 0; i < section.fields().size(); i++) {
                spec.append(i == 0 ? "" : " ").append(headerName(section.fields().get(i)));
            }
            spec.append(')');
        }
        return spec.toString();
    }

    /** Field names are echoed as the client wrote them: an atom when they are one, else quoted. */
    private static String headerName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\[]".indexOf(c) >= 0) {
                return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return name;
    }

    /** A literal wrapping the bytes without copying them; {@code ""} when empty. */
    private static void bytes(ImapUntaggedResponse.Builder out, ByteBuffer content) {
        if (!content.hasRemaining()) {
            out.text("\"\"");
        } else {
            out.literal(Unpooled.wrappedBuffer(content));
        }
    }
}
