package dev.o365emulator.codec.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes an {@link SmtpResponse} as {@code 250-first}, …, {@code 250 last} lines with CRLF, all
 * into one buffer, so a multi-line reply leaves in one write.
 */
@ChannelHandler.Sharable
public final class SmtpResponseEncoder extends MessageToByteEncoder<SmtpResponse> {

    public SmtpResponseEncoder() {
        super(SmtpResponse.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, SmtpResponse response, boolean preferDirect) {
        int size = 0;
        for (String line : response.lines()) {
            // code, separator, enhanced code and space, text (UTF-8 worst case), CRLF
            size += 4 + (response.enhancedStatus() == null ? 0 : response.enhancedStatus().length() + 1)
                    + ByteBufUtil.utf8MaxBytes(line) + 2;
        }
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SmtpResponse response, ByteBuf out) {
        String code = Integer.toString(response.code());
        List<String> lines = response.lines();
        for (int i = 0; i < lines.size(); i++) {
            out.writeCharSequence(code, StandardCharsets.US_ASCII);
            out.writeByte(i == lines.size() - 1 ? ' ' : '-');
            if (response.enhancedStatus() != null) {
                out.writeCharSequence(response.enhancedStatus(), StandardCharsets.US_ASCII);
                if (!lines.get(i).isEmpty()) {
                    out.writeByte(' ');
                }
            }
            out.writeCharSequence(lines.get(i), StandardCharsets.UTF_8);
            out.writeByte('\r');
            out.writeByte('\n');
        }
    }
}
