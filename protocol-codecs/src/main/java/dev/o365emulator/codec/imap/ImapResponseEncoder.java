package dev.o365emulator.codec.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes {@link ImapResponse}s into bytes, one buffer per response, literals not copied.
 *
 * <p>A response with literals becomes one {@link CompositeByteBuf} whose components are the
 * text pieces and the literal buffers themselves, so a FETCH carrying a 1 MB body is one write.
 * Place it before {@link ImapRequestDecoder} in the pipeline: the decoder writes its literal
 * continuation requests through it.
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
            out.add(encodeUntagged(ctx, untagged));
        }
    }

    private static ByteBuf encodeUntagged(ChannelHandlerContext ctx, ImapUntaggedResponse response) {
        List<ImapUntaggedResponse.Part> parts = response.parts();
        boolean hasLiteral = parts.stream().anyMatch(ImapUntaggedResponse.Literal.class::isInstance);
        if (!hasLiteral) {
            StringBuilder line = new StringBuilder("* ");
            for (ImapUntaggedResponse.Part part : parts) {
                line.append(((ImapUntaggedResponse.Text) part).text());
            }
            return textBuffer(ctx, line.append("\r\n"));
        }
        CompositeByteBuf composite = ctx.alloc().compositeBuffer(parts.size() * 2 + 2);
        try {
            StringBuilder pending = new StringBuilder("* ");
            for (ImapUntaggedResponse.Part part : parts) {
                if (part instanceof ImapUntaggedResponse.Text text) {
                    pending.append(text.text());
                } else if (part instanceof ImapUntaggedResponse.Literal literal) {
                    ByteBuf content = literal.content();
                    pending.append('{').append(content.readableBytes()).append("}\r\n");
                    composite.addComponent(true, textBuffer(ctx, pending));
                    pending.setLength(0);
                    // The response is released after encoding; the composite keeps its own reference.
                    composite.addComponent(true, content.retainedDuplicate());
                }
            }
            composite.addComponent(true, textBuffer(ctx, pending.append("\r\n")));
            return composite;
        } catch (RuntimeException e) {
            composite.release();
            throw e;
        }
    }

    private static ByteBuf textBuffer(ChannelHandlerContext ctx, CharSequence text) {
        return ByteBufUtil.writeUtf8(ctx.alloc(), text);
    }
}
