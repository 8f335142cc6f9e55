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
 * (RETR, TOP) whose whole response (status line, dot-stuffed content, terminating {@code .CRLF}) takes
 * at most {@code singleBufferLimit} octets is copied into one buffer: the TLS handler makes one record
 * of it, where separate pieces would first be gathered into a new buffer by a copy of their own, and the
 * response leaves in one write. The buffer is direct for a TLS engine that encrypts direct memory where
 * it lies (OpenSSL), on the heap for one that works on arrays (the JDK's). Larger content is written as a
 * sequence of buffers of about {@code chunkSize} content octets: a chunk with no line starting with
 * {@code .} is a slice of the content (no copy, so a 50 MB message from the store costs no second 50
 * MB), a chunk that needs dot-stuffing is copied with the extra dots, which bounds each copy by the chunk
 * size. The status line and the terminator are buffers of their own then; all of them are written
 * together and leave in one flush.
 *
 * <table>
 *   <caption>Limits (constructor parameters)</caption>
 *   <tr><th>limit</th><th>default</th></tr>
 *   <tr><td>{@code chunkSize}: content octets per written buffer</td><td>{@value #DEFAULT_CHUNK_SIZE}</td></tr>
 *   <tr><td>{@code singleBufferLimit}: octets of a message response written as one buffer</td>
 *       <td>{@value #DEFAULT_SINGLE_BUFFER_LIMIT}</td></tr>
 * </table>
 *
 * <p>Example: {@code Pop3Responses.message("120 octets", "Subject: x\r\n\r\n.hi".getBytes(US_ASCII))}
 * is sent as {@code "+OK 120 octets\r\nSubject: x\r\n\r\n..hi\r\n.\r\n"}.
 */
public final class Pop3ResponseEncoder extends MessageToMessageEncoder<Pop3Response> {

    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    /** The plaintext of one TLS record (RFC 8446 §5.1): a message response up to it is one record. */
    public static final int DEFAULT_SINGLE_BUFFER_LIMIT = 16 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final int CRLF_LENGTH = 2;

    private final int chunkSize;
    private final int singleBufferLimit;
    private final boolean direct;

    /**
     * An encoder that writes a message response of up to {@value #DEFAULT_SINGLE_BUFFER_LIMIT} octets as
     * one direct buffer, and larger content in {@value #DEFAULT_CHUNK_SIZE}-octet chunks.
     */
    public Pop3ResponseEncoder() {
        this(DEFAULT_CHUNK_SIZE, DEFAULT_SINGLE_BUFFER_LIMIT, true);
    }

    /**
     * An encoder that writes message content in {@code chunkSize}-octet chunks, and a message response
     * of up to {@code singleBufferLimit} octets as one buffer (0: never), direct or on the heap.
     */
    public Pop3ResponseEncoder(int chunkSize, int singleBufferLimit, boolean direct) {
        super(Pop3Response.class);
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
        }
        if (singleBufferLimit < 0) {
            throw new IllegalArgumentException("singleBufferLimit must not be negative: " + singleBufferLimit);
        }
        this.chunkSize = chunkSize;
        this.singleBufferLimit = singleBufferLimit;
        this.direct = direct;
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
        ByteBuf buf = ctx.alloc().buffer(statusLength(text) + extra);
        return writeStatusLine(buf, positive, text);
    }

    /** At least the octets of a status line with {@code text}, CRLF included. */
    private static int statusLength(String text) {
        return 5 + ByteBufUtil.utf8MaxBytes(text) + CRLF_LENGTH;
    }

    private static ByteBuf writeStatusLine(ByteBuf buf, boolean positive, String text) {
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
        if (start == end) {
            out.add(statusLine(ctx, true, message.text(), 3).writeByte(DOT).writeByte(CR).writeByte(LF));
            return;
        }
        if (end - start < singleBufferLimit) {
            // Counted first, so that the buffer is allocated at its size and filled by plain copies.
            int dots = countLineStartDots(content, start, end, true);
            int trailer = (endsWithCrlf ? 0 : CRLF_LENGTH) + 3;
            int size = statusLength(message.text()) + end - start + dots + trailer;
            if (size <= singleBufferLimit) {
                ByteBuf buf = direct ? ctx.alloc().directBuffer(size) : ctx.alloc().heapBuffer(size);
                writeStatusLine(buf, true, message.text());
                copyStuffed(content, start, end, dots, buf);
                if (!endsWithCrlf) {
                    buf.writeByte(CR).writeByte(LF);
                }
                out.add(buf.writeByte(DOT).writeByte(CR).writeByte(LF));
                return;
            }
        }
        // Each piece is its own buffer, not a composite: the TLS handler copies each once into its
        // records, whereas copying from a composite first merges it into a new array.
        out.add(statusLine(ctx, true, message.text(), 0));
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

    /** The dots that begin a line in {@code [from, to)}: the ones RFC 1939 §3 doubles. */
    private static int countLineStartDots(ByteBuf content, int from, int to, boolean atLineStart) {
        if (content.hasArray()) {
            byte[] array = content.array();
            int offset = content.arrayOffset();
            int count = atLineStart && array[offset + from] == DOT ? 1 : 0;
            for (int i = offset + from, last = offset + to - 1; i < last; i++) {
                if (array[i] == LF && array[i + 1] == DOT) {
                    count++;
                }
            }
            return count;
        }
        LineStartDots counter = new LineStartDots(atLineStart, from, null);
        content.forEachByte(from, to - from, counter);
        return counter.count;
    }

    /** Content octets {@code [from, to)} into {@code buf}, with a dot before each of the {@code dots} line-start dots. */
    private static void copyStuffed(ByteBuf content, int from, int to, int dots, ByteBuf buf) {
        if (dots == 0) {
            copy(content, from, to - from, buf);
            return;
        }
        // A line-start dot is written with the segment before it, so each stuffed dot costs one write.
        int copied = from;
        if (content.getByte(from) == DOT) {
            buf.writeByte(DOT);
        }
        int at = from;
        while (at < to) {
            int lf = content.indexOf(at, to, LF);
            if (lf < 0 || lf + 1 >= to) {
                break;
            }
            at = lf + 1;
            if (content.getByte(at) == DOT) {
                copy(content, copied, at - copied, buf);
                buf.writeByte(DOT);
                copied = at;
            }
        }
        copy(content, copied, to - copied, buf);
    }

    /** From the array where there is one: copying from a buffer makes a view object of it per call. */
    private static void copy(ByteBuf content, int from, int length, ByteBuf buf) {
        if (content.hasArray()) {
            buf.writeBytes(content.array(), content.arrayOffset() + from, length);
        } else {
            buf.writeBytes(content, from, length);
        }
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
