package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.internal.store.MimePart;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * The searchable text of one message, computed on first use: decoded header values and decoded body text.
 *
 * <p>Header values are unfolded and RFC 2047 decoded. The body text is every {@code text/*} leaf of the
 * MIME tree (embedded messages included), transfer-decoded (quoted-printable, base64) and converted from
 * its charset; an unknown charset is read as UTF-8 with replacement characters. Other parts (images, PDFs)
 * are not searched: their encoded bytes are not text, and matching base64 fragments would only surprise.
 */
final class SearchText {

    private final StoredMessage message;
    private FetchHeaderFields header;
    private String headerText;
    private String bodyText;

    SearchText(StoredMessage message) {
        this.message = message;
    }

    /** The decoded values of every top-level header field with this name. */
    List<String> header(String name) {
        List<String> values = new ArrayList<>();
        for (String raw : fields().values(name)) {
            values.add(decodeWords(raw));
        }
        return values;
    }

    /** Every top-level header field as {@code Name: decoded value}, one per line. */
    String headerText() {
        if (headerText == null) {
            StringBuilder text = new StringBuilder();
            FetchHeaderFields fields = fields();
            for (FetchHeaderFields.Field field : fields.fields()) {
                text.append(field.name()).append(": ").append(decodeWords(fields.value(field))).append('\n');
            }
            headerText = text.toString();
        }
        return headerText;
    }

    /** The decoded text of the body's text parts. */
    String bodyText() {
        if (bodyText == null) {
            StringBuilder text = new StringBuilder();
            appendText(text, message.structure().root(), 0);
            bodyText = text.toString();
        }
        return bodyText;
    }

    /** Case-insensitive substring test (IMAP SEARCH semantics); the empty needle is in everything. */
    static boolean contains(String haystack, String needle) {
        return fold(haystack).contains(fold(needle));
    }

    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private FetchHeaderFields fields() {
        if (header == null) {
            MimePart root = message.structure().root();
            header = FetchHeaderFields.parse(message.raw(), root.headerStart(), root.bodyStart());
        }
        return header;
    }

    private static String decodeWords(String value) {
        try {
            return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    private void appendText(StringBuilder text, MimePart part, int depth) {
        if (depth > BodyStructureWriter.MAX_DEPTH) {
            return;
        }
        if (part.isMultipart()) {
            for (MimePart child : part.children()) {
                appendText(text, child, depth + 1);
            }
        } else if (part.isMessage()) {
            appendText(text, part.message(), depth + 1);
        } else if ("text".equals(part.type())) {
            text.append(decodeBody(part)).append('\n');
        }
    }

    private String decodeBody(MimePart part) {
        ByteBuffer slice = message.slice(part.bodyStart(), part.bodyEnd());
        byte[] encoded = new byte[slice.remaining()];
        slice.get(encoded);
        String encoding = part.encoding().toLowerCase(Locale.ROOT);
        byte[] decoded = encoded;
        try {
            if (encoding.equals("quoted-printable")) {
                decoded = readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(encoded), DecodeMonitor.SILENT));
            } else if (encoding.equals("base64")) {
                decoded = readAll(new Base64InputStream(new ByteArrayInputStream(encoded), DecodeMonitor.SILENT));
            }
        } catch (IOException undecodable) {
            decoded = encoded;
        }
        return decode(decoded, part.parameters().get("charset"));
    }

    /** Reads a decoding stream; its output is never longer than its (bounded) input. */
    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static String decode(byte[] bytes, String charsetName) {
        Charset charset = StandardCharsets.UTF_8;
        if (charsetName != null) {
            try {
                charset = Charset.forName(charsetName.trim());
            } catch (IllegalArgumentException unknown) {
                charset = StandardCharsets.UTF_8;
            }
        }
        if (charset.equals(StandardCharsets.US_ASCII)) {
            // Mislabelled 8-bit text is common; UTF-8 reads ASCII the same and keeps the rest.
            charset = StandardCharsets.UTF_8;
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException mislabelled) {
            return new String(bytes, charset.equals(StandardCharsets.UTF_8) ? StandardCharsets.ISO_8859_1 : charset);
        }
    }
}
