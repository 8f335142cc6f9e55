package dev.o365emulator.codec.smtp;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.PipelinedInputDiscarder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes the bytes an SMTP client sends into {@link SmtpRequest}s, message content
 * ({@link SmtpContent} chunks, {@link SmtpChunkEnd}, {@link LastSmtpContent}) and AUTH
 * continuation lines ({@link SmtpSaslResponse}).
 *
 * <p>Bad input never throws and never closes the connection: a bad line becomes a request whose
 * {@link SmtpRequest#decoderResult()} is a failure, and decoding goes on after the next line end.
 * The arguments of MAIL and RCPT arrive typed ({@link SmtpRequest#mailFrom()},
 * {@link SmtpRequest#rcptTo()}): paths and ESMTP parameters, or why they do not parse.
 *
 * <table>
 *   <caption>Limits (constructor parameters)</caption>
 *   <tr><th>limit</th><th>default</th><th>when it is passed</th></tr>
 *   <tr><td>{@code maxLineLength}: a command line, CRLF included (RFC 5321 §4.5.3.1.4)</td>
 *       <td>{@value #DEFAULT_MAX_LINE_LENGTH}</td>
 *       <td>failed request ({@link TooLongFrameException}) once the line ends; the rest of the
 *       line is skipped as it arrives, never buffered</td></tr>
 *   <tr><td>{@code maxSaslLineLength}: an {@code AUTH} command line or a line answering a
 *       {@code 334} challenge (RFC 4954 §4 asks for 12288; OAuth tokens are long)</td>
 *       <td>{@value #DEFAULT_MAX_SASL_LINE_LENGTH}</td><td>as above</td></tr>
 *   <tr><td>{@code endlessLineLength}: octets of a command or SASL line before its LF</td>
 *       <td>{@value #DEFAULT_ENDLESS_LINE_LENGTH}</td>
 *       <td>one failed request ({@link EndlessLineException}) as soon as the line passes it, in place
 *       of the failure at its end: a line that may never end must not be read forever, so the
 *       session answers and closes; the decoder itself goes on skipping to the line's end</td></tr>
 *   <tr><td>{@code maxMessageSize}: content octets of one message, counted after
 *       dot-unstuffing; for BDAT, over all chunks</td>
 *       <td>{@value #DEFAULT_MAX_MESSAGE_SIZE} (Office 365's {@code SIZE})</td>
 *       <td>content is consumed but no longer emitted; the message ends with a
 *       {@linkplain LastSmtpContent#tooLarge() too large} {@link LastSmtpContent}</td></tr>
 *   <tr><td>{@code maxChunkSize}: octets in one emitted {@link SmtpContent}</td>
 *       <td>{@value #DEFAULT_MAX_CHUNK_SIZE}</td><td>content is split into more chunks</td></tr>
 * </table>
 *
 * <p>CRLF is strict by default: a command line ended by a bare LF is a failed request, and in
 * DATA only {@code <CRLF>.<CRLF>} ends the message ({@code <LF>.<LF>} and {@code <LF>.<CRLF>}
 * are content: this is what stops SMTP smuggling). {@code allowBareLf} makes a bare LF end a line
 * everywhere, like lenient servers do. Bare LFs inside content are kept as sent.
 *
 * <p>The session, not the decoder, decides when DATA content starts: the server may refuse DATA,
 * and a client must wait for {@code 354}. The session calls {@link #startData()} while it handles
 * the DATA request in its {@code channelRead}; {@link ByteToMessageDecoder} passes each request
 * on before it decodes further input, so the switch applies to the very next byte even when the
 * content arrived in the same read. The session must therefore run on the decoder's event loop.
 * BDAT is different: the decoder reads {@code BDAT <size> [LAST]} itself and then consumes exactly
 * {@code <size>} octets (binary, no unstuffing) whether or not the session accepts the chunk, so
 * that the connection stays in sync.
 *
 * <p>Example pipeline: {@code pipeline.addLast(new SmtpRequestDecoder(), new SmtpResponseEncoder(), session)}.
 *
 * <p>Longer than most classes: one state machine over commands, DATA with dot-unstuffing, BDAT chunks and
 * SASL lines, with the bounds of each; its transitions must be read together to be checked.
 */
public final class SmtpRequestDecoder extends ByteToMessageDecoder implements PipelinedInputDiscarder {

    /** RFC 5321 §4.5.3.1.4: 512 octets including the CRLF. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 512;
    /** RFC 4954 §4: 12288 octets for an AUTH line or a SASL response line. */
    public static final int DEFAULT_MAX_SASL_LINE_LENGTH = 12_288;
    /** Office 365 advertises {@code SIZE 157286400}. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 157_286_400L;
    /** Small enough to keep per-connection memory low, large enough that a 150 MB message is ~19 000 chunks. */
    public static final int DEFAULT_MAX_CHUNK_SIZE = 8_192;
    /**
     * Five times the SASL line limit: far beyond any line a client means to send, small enough that a
     * client streaming a line without end is stopped after reading tens of kilobytes, not gigabytes.
     */
    public static final int DEFAULT_ENDLESS_LINE_LENGTH = 64 * 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    /** Longer size strings would overflow a long; no real chunk is near that. */
    private static final int MAX_BDAT_SIZE_DIGITS = 18;

    private enum State { COMMAND, DISCARD_LINE, DATA, BDAT }

    private final int maxLineLength;
    private final int maxSaslLineLength;
    private final int maxChunkSize;
    private final boolean allowBareLf;
    private final int endlessLineLength;
    private long maxMessageSize;

    private State state = State.COMMAND;
    /** How far the current unfinished line was already searched for LF, so drip-fed lines cost O(n). */
    private int lineScanned;
    private boolean saslResponseExpected;
    private boolean discardingSaslLine;
    private int discardingLimit;
    /** Octets of the line being skipped so far, and whether it was already reported as endless. */
    private long discarded;
    private boolean endlessReported;

    private long messageLimit;
    private long messageSize;
    private boolean tooLarge;
    private boolean lineStart;
    private boolean previousCr;
    private boolean bdatInProgress;
    private long bdatRemaining;
    private long bdatChunkSize;
    private boolean bdatLast;

    /** A decoder with every default limit and strict CRLF. */
    public SmtpRequestDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SASL_LINE_LENGTH, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_MAX_CHUNK_SIZE, false);
    }

    /**
     * A decoder with the given limits (see the class javadoc) and the default
     * {@value #DEFAULT_ENDLESS_LINE_LENGTH}-octet endless-line length.
     *
     * @param allowBareLf whether a bare LF ends a line like CRLF does (off by default: smuggling)
     */
    public SmtpRequestDecoder(int maxLineLength, int maxSaslLineLength, long maxMessageSize,
            int maxChunkSize, boolean allowBareLf) {
        this(maxLineLength, maxSaslLineLength, maxMessageSize, maxChunkSize, allowBareLf,
                Math.max(DEFAULT_ENDLESS_LINE_LENGTH, maxSaslLineLength));
    }

    /**
     * A decoder with the given limits (see the class javadoc).
     *
     * @param allowBareLf whether a bare LF ends a line like CRLF does (off by default: smuggling)
     * @param endlessLineLength octets of a line without its LF past which it is reported as endless;
     *     at least {@code maxSaslLineLength}
     */
    public SmtpRequestDecoder(int maxLineLength, int maxSaslLineLength, long maxMessageSize,
            int maxChunkSize, boolean allowBareLf, int endlessLineLength) {
        if (maxLineLength < 6) {
            throw new IllegalArgumentException("maxLineLength must fit a command: " + maxLineLength);
        }
        if (maxSaslLineLength < maxLineLength) {
            throw new IllegalArgumentException("maxSaslLineLength must be >= maxLineLength");
        }
        if (maxMessageSize < 0 || maxChunkSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be >= 0 and maxChunkSize >= 1");
        }
        if (endlessLineLength < maxSaslLineLength) {
            throw new IllegalArgumentException("endlessLineLength must be >= maxSaslLineLength");
        }
        this.maxLineLength = maxLineLength;
        this.maxSaslLineLength = maxSaslLineLength;
        this.maxMessageSize = maxMessageSize;
        this.maxChunkSize = maxChunkSize;
        this.allowBareLf = allowBareLf;
        this.endlessLineLength = endlessLineLength;
    }

    /**
     * Switches to DATA content with the decoder's message size limit; call it while handling the
     * DATA request, right before writing {@code 354}.
     */
    public void startData() {
        startData(maxMessageSize);
    }

    /**
     * Switches to DATA content with this message size limit (a per-mailbox limit, for instance).
     *
     * @throws IllegalStateException if the decoder is not between commands
     */
    public void startData(long maxSize) {
        if (state != State.COMMAND) {
            throw new IllegalStateException("startData() while decoding " + state);
        }
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize: " + maxSize);
        }
        startMessage(maxSize);
        bdatInProgress = false;
        lineStart = true;
        previousCr = false;
        state = State.DATA;
    }

    /**
     * Makes the next line an {@link SmtpSaslResponse} (with the SASL line limit) instead of a
     * command; call it while handling AUTH, when writing a {@code 334} challenge.
     */
    public void expectSaslResponse() {
        saslResponseExpected = true;
    }

    /**
     * Sets the message size limit for BDAT transactions and DATA started without a limit from now on.
     */
    public void setMaxMessageSize(long maxMessageSize) {
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Forgets the octets counted for the current BDAT transaction, for a session that ends a
     * transaction in a way the decoder does not see (RSET, MAIL, HELO and EHLO reset it already).
     */
    public void resetTransaction() {
        bdatInProgress = false;
    }

    @Override
    public int discardBufferedInput() {
        ByteBuf buffered = internalBuffer();
        int count = buffered.readableBytes();
        buffered.skipBytes(count);
        lineScanned = 0;
        return count;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case COMMAND -> decodeLine(in, out);
            case DISCARD_LINE -> discardLine(in, out);
            case DATA -> decodeData(in, out);
            case BDAT -> decodeBdat(in, out);
        }
    }

    private void decodeLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int limit = saslResponseExpected || startsWithAuth(in) ? maxSaslLineLength : maxLineLength;
        int searchEnd = start + Math.min(readable, limit);
        int lf = in.indexOf(start + Math.min(lineScanned, readable), searchEnd, LF);
        if (lf < 0) {
            if (readable < limit) {
                lineScanned = readable;
                return;
            }
            // Over the limit without a line end: skip it, and the rest of the line as it arrives.
            in.skipBytes(limit);
            lineScanned = 0;
            discardingSaslLine = saslResponseExpected;
            discardingLimit = limit;
            discarded = limit;
            endlessReported = false;
            saslResponseExpected = false;
            state = State.DISCARD_LINE;
            return;
        }
        lineScanned = 0;
        int frameLength = lf - start + 1;
        boolean crlf = lf > start && in.getByte(lf - 1) == CR;
        int lineLength = frameLength - (crlf ? 2 : 1);
        ByteBuf line = in.slice(start, lineLength);
        boolean sasl = saslResponseExpected;
        saslResponseExpected = false;
        String text = null;
        Throwable failure = null;
        if (!crlf && !allowBareLf) {
            failure = new CorruptedFrameException("line ended by a bare LF");
        } else if (line.indexOf(line.readerIndex(), line.writerIndex(), (byte) 0) >= 0) {
            failure = new CorruptedFrameException("NUL byte in line");
        } else {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(line.nioBuffer())
                        .toString();
            } catch (CharacterCodingException e) {
                failure = new CorruptedFrameException("line is not valid UTF-8");
            }
        }
        in.skipBytes(frameLength);
        if (sasl) {
            out.add(new SmtpSaslResponse(text == null ? "" : text,
                    failure == null ? DecoderResult.SUCCESS : DecoderResult.failure(failure)));
        } else if (failure != null) {
            out.add(SmtpRequest.failure(SmtpRequest.UNPARSED, "", failure));
        } else {
            decodeCommand(text, in, out);
        }
    }

    private static boolean startsWithAuth(ByteBuf in) {
        if (in.readableBytes() < 5) {
            return false;
        }
        int i = in.readerIndex();
        return (in.getByte(i) | 0x20) == 'a' && (in.getByte(i + 1) | 0x20) == 'u'
                && (in.getByte(i + 2) | 0x20) == 't' && (in.getByte(i + 3) | 0x20) == 'h'
                && in.getByte(i + 4) == ' ';
    }

    private void decodeCommand(String line, ByteBuf in, List<Object> out) {
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1);
        if (verb.isEmpty()) {
            out.add(SmtpRequest.failure(SmtpRequest.UNPARSED, line, new CorruptedFrameException(
                    line.isEmpty() ? "empty line" : "line starts with a space")));
            return;
        }
        SmtpCommand command = SmtpCommand.valueOf(verb);
        if (command.equals(SmtpCommand.RSET) || command.equals(SmtpCommand.MAIL)
                || command.equals(SmtpCommand.EHLO) || command.equals(SmtpCommand.HELO)) {
            bdatInProgress = false;
        }
        if (command.equals(SmtpCommand.BDAT)) {
            decodeBdatCommand(argument, out);
            return;
        }
        out.add(SmtpRequest.of(command, argument));
    }

    private void decodeBdatCommand(String argument, List<Object> out) {
        String[] parts = argument.strip().split(" +");
        boolean sizeOk = parts.length >= 1 && parts.length <= 2 && !parts[0].isEmpty()
                && parts[0].length() <= MAX_BDAT_SIZE_DIGITS && parts[0].chars().allMatch(c -> c >= '0' && c <= '9');
        boolean lastOk = parts.length == 1 || "LAST".equalsIgnoreCase(parts[parts.length - 1]);
        if (!sizeOk || !lastOk) {
            out.add(SmtpRequest.failure(SmtpCommand.BDAT, argument,
                    new CorruptedFrameException("BDAT needs <size> [LAST]")));
            return;
        }
        out.add(SmtpRequest.of(SmtpCommand.BDAT, argument));
        if (!bdatInProgress) {
            startMessage(maxMessageSize);
            bdatInProgress = true;
        }
        bdatChunkSize = Long.parseLong(parts[0]);
        bdatRemaining = bdatChunkSize;
        bdatLast = parts.length == 2;
        state = State.BDAT;
        if (bdatRemaining == 0) {
            // Nothing more may arrive, so the chunk must end now rather than on the next read.
            endBdatChunk(out);
        }
    }

    private void discardLine(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
        int skipped = (lf < 0 ? in.writerIndex() : lf) - in.readerIndex();
        discarded += skipped;
        if (!endlessReported && discarded > endlessLineLength) {
            // Decided by the line's length alone, not by where the reads split it.
            endlessReported = true;
            emitLineFailure(out, new EndlessLineException("line of more than " + endlessLineLength
                    + " octets without an end"));
        }
        if (lf < 0) {
            in.skipBytes(skipped);
            return;
        }
        in.readerIndex(lf + 1);
        state = State.COMMAND;
        if (!endlessReported) {
            emitLineFailure(out, new TooLongFrameException("line longer than " + discardingLimit + " octets"));
        }
    }

    private void emitLineFailure(List<Object> out, TooLongFrameException failure) {
        if (discardingSaslLine) {
            out.add(new SmtpSaslResponse("", DecoderResult.failure(failure)));
        } else {
            out.add(SmtpRequest.failure(SmtpRequest.UNPARSED, "", failure));
        }
    }

    private void decodeData(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (lineStart) {
                int i = in.readerIndex();
                int readable = in.readableBytes();
                if (in.getByte(i) == DOT) {
                    if (readable < 2) {
                        return;
                    }
                    byte next = in.getByte(i + 1);
                    if (next == CR) {
                        if (readable < 3) {
                            return;
                        }
                        if (in.getByte(i + 2) == LF) {
                            in.skipBytes(3);
                            endMessage(out);
                            return;
                        }
                    } else if (next == LF && allowBareLf) {
                        in.skipBytes(2);
                        endMessage(out);
                        return;
                    }
                    // RFC 5321 §4.5.2: a line starting with a dot that is not the end loses that dot.
                    in.skipBytes(1);
                }
                lineStart = false;
            }
            emitDataRun(in, out);
        }
    }

    /** Emits content up to the start of a line that begins with a dot, the end of input, or the chunk cap. */
    private void emitDataRun(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int cap = start + Math.min(maxChunkSize, end - start);
        boolean cr = previousCr;
        int i = start;
        while (i < cap) {
            byte b = in.getByte(i++);
            if (b == LF && (cr || allowBareLf)) {
                cr = false;
                if (i >= end || in.getByte(i) == DOT) {
                    lineStart = true;
                    break;
                }
            } else {
                cr = b == CR;
            }
        }
        previousCr = cr;
        emitContent(in, i - start, out);
    }

    private void decodeBdat(ByteBuf in, List<Object> out) {
        int count = (int) Math.min(Math.min(in.readableBytes(), bdatRemaining), maxChunkSize);
        emitContent(in, count, out);
        bdatRemaining -= count;
        if (bdatRemaining == 0) {
            endBdatChunk(out);
        }
    }

    private void startMessage(long limit) {
        messageLimit = limit;
        messageSize = 0;
        tooLarge = false;
    }

    private void emitContent(ByteBuf in, int count, List<Object> out) {
        if (count == 0) {
            return;
        }
        if (!tooLarge && messageSize + count <= messageLimit) {
            out.add(new DefaultSmtpContent(in.readRetainedSlice(count)));
        } else {
            tooLarge = true;
            in.skipBytes(count);
        }
        messageSize += count;
    }

    private void endBdatChunk(List<Object> out) {
        state = State.COMMAND;
        if (bdatLast) {
            bdatInProgress = false;
            out.add(lastContent());
        } else {
            out.add(new SmtpChunkEnd(bdatChunkSize, messageSize, tooLarge));
        }
    }

    private void endMessage(List<Object> out) {
        state = State.COMMAND;
        out.add(lastContent());
    }

    private LastSmtpContent lastContent() {
        return tooLarge ? LastSmtpContent.tooLarge(messageSize, messageLimit) : LastSmtpContent.ofSize(messageSize);
    }
}
