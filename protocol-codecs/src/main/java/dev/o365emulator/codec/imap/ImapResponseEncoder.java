package dev.o365emulator.codec.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes {@link ImapResponse}s into bytes, literals not copied.
 *
 * <p>A response with literals is written as its text pieces and the literal buffers themselves, one
 * after the other (a FETCH carrying a 1 MB body is three buffers, the body the stored bytes). They are
 * separate buffers rather than one {@code CompositeByteBuf}: the TLS handler gathers what is written
 * into records by copying each buffer once, whereas copying from a composite first merges it into a
 * new array, an extra copy and allocation of every body. Place it before {@link ImapRequestDecoder}
 * in the pipeline: the decoder writes its literal continuation requests through it.
 */
@ChannelHandler.Sharable
public final class ImapResponseEncoder extends MessageToMessageEncoder<ImapResponse> {


    public ImapResponseEncoder() {
        super(ImapResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ImapResponse response, List<Object> out) {
        if (response instanceof ImapTaggedResponse tagged) {
            StringBuilder line = new StringBuilder(tagged.tag()).append(' ').append(tagged.status().name()).append(' ');
            if (tagged.code() != null) {
                line.append('[').append(tagged.code()).append("] ");
            }
            out.add(textBuffer(ctx, line.append(tagged.text()).append("\r\n")));
        } else if (response instanceof ImapContinuationResponse continuation) {
            out.add(textBuffer(ctx, "+ " + continuation.text() + "\r\n"));
        } else if (response instanceof ImapUntaggedResponse untagged) {
            encodeUntagged(ctx, untagged, out);
        }
    }

    private static void encodeUntagged(ChannelHandlerContext ctx, ImapUntaggedResponse response, List<Object> out) {
        List<ImapUntaggedResponse.Part> parts = response.parts();
        // Text goes straight into the buffer, no StringBuilder in between: FETCH writes one response per message.
        ByteBuf pending = ctx.alloc().buffer(textSize(parts, 0));
        int added = out.size();
        try {
            pending.writeByte('*').writeByte(' ');
            for (int i = 0; i < parts.size(); i++) {
                ImapUntaggedResponse.Part part = parts.get(i);
                if (part instanceof ImapUntaggedResponse.Text text) {
                    // The JDK's encoder, not Netty's CharSequence loop: on a server that loop's charAt calls
                    // meet many CharSequence types and stop being inlined, most of a FETCH ENVELOPE's time.
                    pending.writeBytes(text.text().getBytes(StandardCharsets.UTF_8));
                } else if (part instanceof ImapUntaggedResponse.Literal literal) {
                    ByteBuf content = literal.content();
                    pending.writeByte('{');
                    ByteBufUtil.writeAscii(pending, Integer.toString(content.readableBytes()));
                    pending.writeByte('}').writeByte('\r').writeByte('\n');
                    out.add(pending);
                    pending = null;
                    // The response is released after encoding; the written buffer keeps its own reference.
                    out.add(content.retainedDuplicate());
                    pending = ctx.alloc().buffer(textSize(parts, i + 1));
                }
            }
            out.add(pending.writeByte('\r').writeByte('\n'));
            pending = null;
        } catch (RuntimeException e) {
            if (pending != null) {
                pending.release();
            }
            for (int i = out.size() - 1; i >= added; i--) {
                ((ByteBuf) out.remove(i)).release();
            }
            throw e;
        }
    }

    /**
     * Room for the text from {@code from} up to the next literal's length prefix, and the line's end;
     * exact for ASCII text (anything else grows the buffer).
     */
    private static int textSize(List<ImapUntaggedResponse.Part> parts, int from) {
        int size = 2 + 2 + 22; // "* ", CRLF, "{<length>}" + CRLF
        for (int i = from; i < parts.size() && parts.get(i) instanceof ImapUntaggedResponse.Text text; i++) {
            size += text.text().length();
        }
        return size;
    }

    private static ByteBuf textBuffer(ChannelHandlerContext ctx, CharSequence text) {
        return ByteBufUtil.writeUtf8(ctx.alloc(), text);
    }
}
