package dev.o365emulator.codec.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An untagged response ({@code * ...}) made of text and literal parts, e.g. a FETCH with a body.
 *
 * <p>Literals are {@code {n}\r\n} followed by the bytes, written without copying them. The
 * response owns its literal buffers and is reference counted like a {@code ByteBufHolder}: the
 * encoder releases it after writing, and Netty releases it when a write fails earlier; whoever
 * builds one and never writes it calls {@link #release()}.
 *
 * <pre>{@code
 * ImapUntaggedResponse.builder()
 *     .text("12 FETCH (UID 37 BODY[] ").literal(messageBytes).text(")")
 *     .build();                       // * 12 FETCH (UID 37 BODY[] {1234}\r\n<bytes>)\r\n
 * }</pre>
 */
public final class ImapUntaggedResponse extends AbstractReferenceCounted implements ImapResponse {

    /** Strings longer than this are sent as literals rather than quoted. */
    public static final int MAX_QUOTED_LENGTH = 1024;

    /** One piece of the response line. */
    public sealed interface Part permits Text, Literal {
    }

    /** Text written as UTF-8, verbatim: the caller quotes what needs quoting (see the builder). */
    public record Text(String text) implements Part {

        public Text {
            ImapResponseText.requireSingleLine(text);
        }
    }

    /** Literal bytes, owned by the response. */
    public record Literal(ByteBuf content) implements Part {

        public Literal {
            Objects.requireNonNull(content, "content");
        }
    }

    private final List<Part> parts;

    private ImapUntaggedResponse(List<Part> parts) {
        // One piece of text is most responses (a FETCH of flags and envelope, EXISTS…): no array to copy.
        this.parts = parts.size() == 1 ? List.of(parts.get(0)) : List.copyOf(parts);
    }

    /** A text-only response: {@code of("3 EXISTS")} is written as {@code * 3 EXISTS}. */
    public static ImapUntaggedResponse of(String text) {
        return new ImapUntaggedResponse(List.of(new Text(text)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The parts after {@code "* "}. */
    public List<Part> parts() {
        return parts;
    }

    @Override
    protected void deallocate() {
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                literal.content().release();
            }
        }
    }

    @Override
    public ImapUntaggedResponse touch(Object hint) {
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                literal.content().touch(hint);
            }
        }
        return this;
    }

    @Override
    public ImapUntaggedResponse retain() {
        super.retain();
        return this;
    }

    @Override
    public ImapUntaggedResponse touch() {
        return touch(null);
    }

    @Override
    public String toString() {
        if (parts.size() == 1 && parts.get(0) instanceof Text only) {
            // FETCH ENVELOPE and most other responses: one piece of text, one copy (every response is recorded).
            return "* ".concat(only.text());
        }
        int size = 2;
        for (Part part : parts) {
            size += part instanceof Text t ? t.text().length() : 20;
        }
        StringBuilder text = new StringBuilder(size).append("* ");
        for (Part part : parts) {
            if (part instanceof Text t) {
                text.append(t.text());
            } else if (part instanceof Literal literal) {
                text.append('{').append(literal.content().readableBytes()).append("}<bytes>");
            }
        }
        return text.toString();
    }

    /** Builds a response part by part; IMAP strings are rendered quoted, as literals or as NIL. */
    public static final class Builder {

        private static final int INITIAL_TEXT_CAPACITY = 512;

        /** Text, literal, text is a FETCH of one body: room for that without growing. */
        private final List<Part> parts = new ArrayList<>(4);
        /** Sized for a FETCH of flags, envelope and size, so that the text is rarely copied to grow. */
        private final StringBuilder text = new StringBuilder(INITIAL_TEXT_CAPACITY);

        private Builder() {
        }

        /** Raw protocol text, e.g. {@code "1 FETCH (FLAGS (\\Seen) "}. */
        public Builder text(String raw) {
            text.append(raw);
            return this;
        }

        /** Literal bytes, wrapped without copying. */
        public Builder literal(byte[] bytes) {
            return literal(Unpooled.wrappedBuffer(bytes));
        }

        /** Literal bytes; the response takes ownership of {@code content}. */
        public Builder literal(ByteBuf content) {
            flushText();
            parts.add(new Literal(content));
            return this;
        }

        /**
         * An IMAP string: quoted when it is short 7-bit text without CR, LF, {@code "} or
         * {@code \}, otherwise a UTF-8 literal; {@code null} becomes {@code NIL} (an nstring).
         */
        public Builder string(String value) {
            if (value == null) {
                return text("NIL");
            }
            if (needsLiteral(value)) {
                return literal(value.getBytes(StandardCharsets.UTF_8));
            }
            text.append('"').append(value).append('"');
            return this;
        }

        /** An astring (mailbox names): a bare atom when it is one, else {@link #string(String)}. */
        public Builder astring(String value) {
            Objects.requireNonNull(value, "value");
            return isAtom(value) ? text(value) : string(value);
        }

        public ImapUntaggedResponse build() {
            flushText();
            return new ImapUntaggedResponse(parts);
        }

        private void flushText() {
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
        }

        private static boolean needsLiteral(String value) {
            if (value.length() > MAX_QUOTED_LENGTH) {
                return true;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == '"' || c == '\\' || c == 0 || c > 0x7e) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isAtom(String value) {
            if (value.isEmpty() || value.equalsIgnoreCase("NIL")) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
