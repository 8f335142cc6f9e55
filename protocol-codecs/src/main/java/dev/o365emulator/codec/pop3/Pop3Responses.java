package dev.o365emulator.codec.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;

/** Factories for {@link Pop3Response}s. */
public final class Pop3Responses {

    private Pop3Responses() {
    }

    /** {@code +OK text}. */
    public static Pop3Response.Status ok(String text) {
        return new Pop3Response.Status(true, text);
    }

    /** {@code +OK} alone, as Office 365 answers CAPA. */
    public static Pop3Response.Status ok() {
        return ok("");
    }

    /** {@code -ERR text}. */
    public static Pop3Response.Status err(String text) {
        return new Pop3Response.Status(false, text);
    }

    /** {@code + payload}; {@code "+ "} for an empty payload. */
    public static Pop3Response.Continuation continuation(String base64Payload) {
        return new Pop3Response.Continuation(base64Payload);
    }

    /** {@code +OK text}, the lines, {@code .}. */
    public static Pop3Response.MultiLine multiLine(String text, List<String> lines) {
        return new Pop3Response.MultiLine(text, lines);
    }

    /** {@code +OK text}, the message bytes, {@code .}; the array is shared, not copied, so it must not change. */
    public static Pop3Response.MessageContent message(String text, byte[] content) {
        return new Pop3Response.MessageContent(text, Unpooled.wrappedBuffer(content));
    }

    /** {@code +OK text}, the readable bytes of {@code content}, {@code .}; takes over one reference. */
    public static Pop3Response.MessageContent message(String text, ByteBuf content) {
        return new Pop3Response.MessageContent(text, content);
    }
}
