package dev.o365emulator.codec.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A POP3 server response, one of the four shapes RFC 1939 and RFC 5034 define; build them with
 * {@link Pop3Responses}.
 *
 * <p>Texts are checked when built: no CR, LF or NUL (a text must not be able to forge a second
 * response), and each line fits RFC 2449's {@value #MAX_LINE_LENGTH} octets, CRLF included.
 */
public sealed interface Pop3Response
        permits Pop3Response.Status, Pop3Response.Continuation, Pop3Response.MultiLine, Pop3Response.MessageContent {

    /** RFC 2449 §4: a response line is at most 512 octets, CRLF included. */
    int MAX_LINE_LENGTH = 512;

    /** {@code +OK text} or {@code -ERR text} on one line; just {@code +OK} when the text is empty. */
    record Status(boolean positive, String text) implements Pop3Response {
        public Status {
            checkLine(text, positive ? "+OK " : "-ERR ");
        }
    }

    /**
     * A SASL challenge, {@code + } followed by the base64 payload (RFC 5034 §4).
     *
     * <p>The space is always sent, even for an empty payload: Office 365 sends {@code "+ "} for
     * XOAUTH2, and some clients look for exactly that.
     */
    record Continuation(String payload) implements Pop3Response {
        public Continuation {
            checkText(payload);
        }
    }

    /**
     * {@code +OK text}, then the lines (dot-stuffed when sent), then {@code .}: CAPA, LIST, UIDL.
     */
    record MultiLine(String text, List<String> lines) implements Pop3Response {
        public MultiLine {
            checkLine(text, "+OK ");
            lines = List.copyOf(lines);
            for (String line : lines) {
                // One more octet for the dot a line starting with "." gets.
                checkLine(line, ".");
            }
        }
    }

    /**
     * {@code +OK text}, then raw message bytes, then {@code .}: RETR and TOP.
     *
     * <p>The encoder dot-stuffs the content, ends it with CRLF if it does not already, and sends
     * it in chunks that share memory with {@code content} wherever no stuffing is needed. This
     * response owns one reference to {@code content}; the encoder releases it.
     */
    record MessageContent(String text, ByteBuf content) implements Pop3Response, ByteBufHolder {
        public MessageContent {
            checkLine(text, "+OK ");
            Objects.requireNonNull(content, "content");
        }

        @Override
        public MessageContent copy() {
            return replace(content.copy());
        }

        @Override
        public MessageContent duplicate() {
            return replace(content.duplicate());
        }

        @Override
        public MessageContent retainedDuplicate() {
            return replace(content.retainedDuplicate());
        }

        @Override
        public MessageContent replace(ByteBuf newContent) {
            return new MessageContent(text, newContent);
        }

        @Override
        public int refCnt() {
            return content.refCnt();
        }

        @Override
        public MessageContent retain() {
            content.retain();
            return this;
        }

        @Override
        public MessageContent retain(int increment) {
            content.retain(increment);
            return this;
        }

        @Override
        public MessageContent touch() {
            content.touch();
            return this;
        }

        @Override
        public MessageContent touch(Object hint) {
            content.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return content.release();
        }

        @Override
        public boolean release(int decrement) {
            return content.release(decrement);
        }

        @Override
        public String toString() {
            return "MessageContent[text=" + text + ", content=" + content.readableBytes() + " bytes]";
        }
    }

    private static void checkLine(String text, String prefix) {
        checkText(text);
        // No UTF-16 char takes more than 3 octets in UTF-8 (a surrogate pair takes 4 for two): a text
        // short enough fits without being encoded, so the catalogue's short texts cost no copy per reply.
        if (prefix.length() + 3L * text.length() + 2 <= MAX_LINE_LENGTH) {
            return;
        }
        int octets = prefix.length() + text.getBytes(StandardCharsets.UTF_8).length + 2;
        if (octets > MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("response line of " + octets + " octets exceeds "
                    + MAX_LINE_LENGTH + ": " + text.substring(0, Math.min(text.length(), 40)) + "...");
        }
    }

    private static void checkText(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("response text contains CR, LF or NUL at " + i);
            }
        }
    }
}
