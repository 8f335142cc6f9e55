package dev.o365emulator.server.imap;

import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.store.MimePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes RFC 3501 {@code BODY} (no extension data) and {@code BODYSTRUCTURE} (with it) from the store's
 * parsed {@link MimePart} tree.
 *
 * <p>Shapes, as Dovecot writes them: types, subtypes and parameter names lower case as the store keeps
 * them, the transfer encoding as written; a leaf's extension data is {@code md5 disposition language
 * location} (md5 always {@code NIL}, as Exchange), a multipart's is {@code parameters disposition
 * language location}. Parameters (RFC 2231 {@code filename*} included) are passed through undecoded:
 * clients such as Angus Mail decode them. A Content-Language with several tags becomes a list.
 */
final class BodyStructureWriter {

    /** Deeper than the store's own nesting limit, so only a corrupt tree reaches it. */
    static final int MAX_DEPTH = 100;

    private BodyStructureWriter() {
    }

    static void write(ImapUntaggedResponse.Builder out, MimePart part, boolean extended) {
        write(out, part, extended, 0);
    }

    private static void write(ImapUntaggedResponse.Builder out, MimePart part, boolean extended, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("MIME tree deeper than " + MAX_DEPTH);
        }
        out.text("(");
        if (part.isMultipart()) {
            for (MimePart child : part.children()) {
                write(out, child, extended, depth + 1);
            }
            out.text(" ");
            out.string(part.subtype());
            if (extended) {
                out.text(" ");
                parameters(out, part.parameters());
                extension(out, part);
            }
        } else {
            out.string(part.type());
            out.text(" ");
            out.string(part.subtype());
            out.text(" ");
            parameters(out, part.parameters());
            out.text(" ");
            out.string(part.contentId());
            out.text(" ");
            out.string(part.description());
            out.text(" ");
            out.string(part.encoding());
            out.text(" " + part.bodySize());
            if (part.isMessage()) {
                out.text(" ");
                EnvelopeWriter.write(out, part.envelope());
                out.text(" ");
                write(out, part.message(), extended, depth + 1);
                out.text(" " + part.lineCount());
            } else if ("text".equals(part.type())) {
                out.text(" " + part.lineCount());
            }
            if (extended) {
                out.text(" ");
                out.string(part.md5());
                extension(out, part);
            }
        }
        out.text(")");
    }

    /** {@code SP disposition SP language SP location}, shared by leaves and multiparts. */
    private static void extension(ImapUntaggedResponse.Builder out, MimePart part) {
        out.text(" ");
        if (part.disposition() == null) {
            out.text("NIL");
        } else {
            out.text("(");
            out.string(part.disposition());
            out.text(" ");
            parameters(out, part.dispositionParameters());
            out.text(")");
        }
        out.text(" ");
        language(out, part.language());
        out.text(" ");
        out.string(part.location());
    }

    private static void parameters(ImapUntaggedResponse.Builder out, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            out.text("NIL");
            return;
        }
        out.text("(");
        boolean first = true;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!first) {
                out.text(" ");
            }
            first = false;
            out.string(parameter.getKey());
            out.text(" ");
            // A parameter without a value (";name") is still a parameter; its value is the empty string.
            out.string(parameter.getValue() == null ? "" : parameter.getValue());
        }
        out.text(")");
    }

    private static void language(ImapUntaggedResponse.Builder out, String language) {
        List<String> tags = new ArrayList<>();
        if (language != null) {
            for (String tag : language.split(",")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        }
        if (tags.isEmpty()) {
            out.text("NIL");
        } else if (tags.size() == 1) {
            out.string(tags.get(0));
        } else {
            out.text("(");
            for (int i = 0; i < tags.size(); i++) {
                out.text(i == 0 ? "" : " ");
                out.string(tags.get(i));
            }
            out.text(")");
        }
    }
}
