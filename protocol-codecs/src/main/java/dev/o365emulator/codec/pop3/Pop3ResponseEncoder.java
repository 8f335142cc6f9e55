package dev.o365emulator.codec.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ByteProcessor;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Turns {@link Pop3Response}s into the exact bytes RFC 1939 and RFC 5034 prescribe.
 *
 * <p>Status, continuation and multi-line responses are written as one buffer each. Message content
 * (RETR, TOP) is written as a sequence of buffers of about {@code chunkSize} content octets: a chunk
 * with no line starting with {@code .} is a slice of the content (no copy, so a 50 MB message from
 * the store costs no second 50 MB), a chunk that needs dot-stuffing is copied with the extra dots,
 * which bounds each copy by the chunk size. The status line and the terminating {@code .CRLF} are
 * buffers of their own; all of them are written together and leave in one flush.
 *
 * <table>
 *   <caption>Limits (constructor parameters)</caption>
 *   <tr><th>limit</th><th>default</th></tr>
 *   <tr><td>{@code chunkSize}: content octets per written buffer</td><td>{@value #DEFAULT_CHUNK_SIZE}</td></tr>
 * </table>
 *
 * <p>Example: {@code Pop3Responses.message("120 octets", "Subject: x\r\n\r\n.hi".getBytes(US_ASCII))}
 * is sent as {@code "+OK 120 octets\r\nSubject: x\r\n\r\n..hi\r\n.\r\n"}.
 */
public final class Pop3ResponseEncoder extends MessageToMessageEncoder<Pop3Response> {

    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final int CRLF_LENGTH = 2;

    private final int chunkSize;

    /** An encoder that writes message content in {@value #DEFAULT_CHUNK_SIZE}-octet chunks. */
    public Pop3ResponseEncoder() {
        this(DEFAULT_CHUNK_SIZE);
    }

    /** An encoder that writes message content in {@code chunkSize}-octet chunks. */
    public Pop3ResponseEncoder(int chunkSize) {
        super(Pop3Response.class);
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pop3Response msg, List<Object> out) {
        if (msg instanceof Pop3Response.Status status) {
            out.add(statusLine(ctx, status.positive(), status.text(), 0));
        } else if (msg instanceof Pop3Response.Continuation continuation) {
            ByteBuf buf = ctx.alloc().buffer(2 + ByteBufUtil.utf8MaxBytes(continuation.payload()) + CRLF_LENGTH);
            buf.writeByte('+').writeByte(' ');
            ByteBufUtil.writeUtf8(buf, continuation.payload());
            out.add(buf.writeByte(CR).writeByte(LF));
        } else if (msg instanceof Pop3Response.MultiLine multiLine) {
            out.add(multiLine(ctx, multiLine));
        } else if (msg instanceof Pop3Response.MessageContent message) {
            // The superclass releases the message, and with it our reference to the content.
            encodeContent(ctx, message, out);
        }
    }

    private static ByteBuf statusLine(ChannelHandlerContext ctx, boolean positive, String text, int extra) {
        ByteBuf buf = ctx.alloc().buffer(5 + ByteBufUtil.utf8MaxBytes(text) + CRLF_LENGTH + extra);
        if (positive) {
            buf.writeByte('+').writeByte('O').writeByte('K');
        } else {
            buf.writeByte('-').writeByte('E').writeByte('R').writeByte('R');
        }
        if (!text.isEmpty()) {
            buf.writeByte(' ');
            ByteBufUtil.writeUtf8(buf, text);
        }
        return buf.writeByte(CR).writeByte(LF);
    }

    private static ByteBuf multiLine(ChannelHandlerContext ctx, Pop3Response.MultiLine response) {
        int size = 3;
        for (String line : response.lines()) {
            size += 1 + ByteBufUtil.utf8MaxBytes(line) + CRLF_LENGTH;
        }
        ByteBuf buf = statusLine(ctx, true, response.text(), size);
        for (String line : response.lines()) {
            if (!line.isEmpty() && line.charAt(0) == '.') {
                buf.writeByte(DOT);
            }
            ByteBufUtil.writeUtf8(buf, line);
            buf.writeByte(CR).writeByte(LF);
        }
        return buf.writeByte(DOT).writeByte(CR).writeByte(LF);
    }

    private void encodeContent(ChannelHandlerContext ctx, Pop3Response.MessageContent message, List<Object> out) {
        ByteBuf content = message.content();
        int start = content.readerIndex();
        int end = content.writerIndex();
        boolean endsWithCrlf = end - start >= CRLF_LENGTH
                && content.getByte(end - 2) == CR && content.getByte(end - 1) == LF;
        ByteBuf head = statusLine(ctx, true, message.text(), start == end ? 3 : 0);
        if (start == end) {
            out.add(head.writeByte(DOT).writeByte(CR).writeByte(LF));
            return;
        }
        // Each piece is its own buffer, not a composite: the TLS handler copies each once into its
        // records, whereas copying from a composite first merges it into a new array.
        out.add(head);
        int from = start;
        while (from < end) {
            int to = from + Math.min(chunkSize, end - from);
            out.add(chunk(ctx, content, start, from, to));
            from = to;
        }
        ByteBuf trailer = ctx.alloc().buffer(5);
        if (!endsWithCrlf) {
            trailer.writeByte(CR).writeByte(LF);
        }
        out.add(trailer.writeByte(DOT).writeByte(CR).writeByte(LF));
    }

    /** Content octets {@code [from, to)}, dot-stuffed; {@code start} is where the content begins. */
    private static ByteBuf chunk(ChannelHandlerContext ctx, ByteBuf content, int start, int from, int to) {
        boolean lineStart = from == start || content.getByte(from - 1) == LF;
        // One forEachByte per pass, not getByte per line: cheaper, and a leak-tracked buffer records one access.
        LineStartDots counter = new LineStartDots(lineStart, from, null);
        content.forEachByte(from, to - from, counter);
        if (counter.count == 0) {
            return content.retainedSlice(from, to - from);
        }
        LineStartDots finder = new LineStartDots(lineStart, from, new int[counter.count]);
        content.forEachByte(from, to - from, finder);
        ByteBuf stuffed = ctx.alloc().buffer(to - from + counter.count);
        int copied = from;
        for (int dot : finder.positions) {
            stuffed.writeBytes(content, copied, dot - copied).writeByte(DOT);
            copied = dot;
        }
        return stuffed.writeBytes(content, copied, to - copied);
    }

    /** Counts, and optionally records, the dots that begin a line: the ones RFC 1939 §3 doubles. */
    private static final class LineStartDots implements ByteProcessor {
        private final int[] positions;
        private boolean atLineStart;
        private int index;
        private int count;

        LineStartDots(boolean atLineStart, int from, int[] positions) {
            this.atLineStart = atLineStart;
            this.index = from;
            this.positions = positions;
        }

        @Override
        public boolean process(byte value) {
            if (atLineStart && value == DOT) {
                if (positions != null) {
                    positions[count] = index;
                }
                count++;
            }
            atLineStart = value == LF;
            index++;
            return true;
        }
    }
}
