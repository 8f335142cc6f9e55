package dev.o365emulator.codec.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
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
        StringBuilder pending = new StringBuilder(128).append("* ");
        int added = out.size();
        try {
            for (ImapUntaggedResponse.Part part : parts) {
                if (part instanceof ImapUntaggedResponse.Text text) {
                    pending.append(text.text());
                } else if (part instanceof ImapUntaggedResponse.Literal literal) {
                    ByteBuf content = literal.content();
                    pending.append('{').append(content.readableBytes()).append("}\r\n");
                    out.add(textBuffer(ctx, pending));
                    pending.setLength(0);
                    // The response is released after encoding; the written buffer keeps its own reference.
                    out.add(content.retainedDuplicate());
                }
            }
            out.add(textBuffer(ctx, pending.append("\r\n")));
        } catch (RuntimeException e) {
            for (int i = out.size() - 1; i >= added; i--) {
                ((ByteBuf) out.remove(i)).release();
            }
            throw e;
        }
    }

    private static ByteBuf textBuffer(ChannelHandlerContext ctx, CharSequence text) {
        return ByteBufUtil.writeUtf8(ctx.alloc(), text);
    }
}
