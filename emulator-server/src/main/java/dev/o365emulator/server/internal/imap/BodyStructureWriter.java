package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.MimePart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * Writes RFC 3501 {@code BODY} (no extension data) and {@code BODYSTRUCTURE} (with it) from the store's
 * parsed {@link MimePart} tree.
 *
 * <p>Shapes, as Exchange Online writes them (MailKit and MailSystem.NET issue logs) and as Dovecot does:
 * types, subtypes and parameter names lower case as the store keeps them, the transfer encoding as written.
 * A leaf's extension data is {@code md5 disposition language location}, md5 always {@code NIL}; a
 * multipart's is {@code parameters disposition language}, plus the location only when there is one, as
 * Exchange ends it after the language. Text without a charset gets {@code charset us-ascii}. Parameters
 * (RFC 2231 {@code filename*} included) are passed through undecoded: clients such as Angus Mail decode
 * them. A Content-Language with several tags becomes a list.
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
                disposition(out, part);
                out.text(" ");
                language(out, part.language());
                // Exchange ends a multipart's extension data after the language ("mixed" ("boundary" "…") NIL
                // NIL); the location, optional in RFC 3501's grammar, is added only when the part has one.
                if (part.location() != null) {
                    out.text(" ");
                    out.string(part.location());
                }
            }
        } else {
            out.string(part.type());
            out.text(" ");
            out.string(part.subtype());
            out.text(" ");
            parameters(out, leafParameters(part));
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
                disposition(out, part);
                out.text(" ");
                language(out, part.language());
                out.text(" ");
                out.string(part.location());
            }
        }
        out.text(")");
    }

    /** {@code SP disposition}, shared by leaves and multiparts. */
    private static void disposition(ImapUntaggedResponse.Builder out, MimePart part) {
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
    }

    /** RFC 2045 §5.2: text without a charset is us-ascii; Dovecot and Exchange say so explicitly. */
    private static Map<String, String> leafParameters(MimePart part) {
        if (!"text".equals(part.type()) || part.parameters().containsKey("charset")) {
            return part.parameters();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("charset", "us-ascii");
        parameters.putAll(part.parameters());
        return parameters;
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
            out.string(wireValue(parameter.getValue()));
        }
        out.text(")");
    }

    /**
     * The store hands parameter values decoded (mime4j decodes RFC 2047 words in {@code name="=?UTF-8?Q?…?="});
     * a non-ASCII value is encoded again as one UTF-8 encoded word, the form clients expect in
     * BODYSTRUCTURE without UTF8=ACCEPT. A parameter without a value ({@code ;name}) is the empty string.
     */
    static String wireValue(String value) {
        if (value == null) {
            return "";
        }
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
            return value;
        }
        return EncoderUtil.encodeEncodedWord(value, EncoderUtil.Usage.TEXT_TOKEN, 0, StandardCharsets.UTF_8,
                EncoderUtil.Encoding.B).replace("\r\n", "");
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
