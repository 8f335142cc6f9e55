package dev.o365emulator.codec.imap;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.PipelinedInputDiscarder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Decodes IMAP client bytes into {@link ImapRequest}s (RFC 3501 framing, LITERAL+ of RFC 7888).
 *
 * <p>What it emits:
 * <ul>
 *   <li>{@link ImapRequest} for a whole command; literals up to the streaming threshold are
 *       aggregated into it as {@link ImapArgument.Literal} (copied to {@code byte[]}). The
 *       arguments of FETCH, SEARCH, STORE, COPY, MOVE (and their UID forms) and UID EXPUNGE
 *       arrive typed too ({@link ImapRequest#typedArguments()}): sequence sets, fetch attributes
 *       and search keys, or why they are invalid.</li>
 *   <li>For a top-level literal larger than the streaming threshold (APPEND's message):
 *       {@link ImapStreamedRequest}, then {@link ImapLiteralContent} chunks (the last one
 *       flagged, each to be released by the receiver), then an {@link ImapRequestTrailer}.</li>
 *   <li>{@link ImapContinuationLine} for the one line after {@link #expectContinuationLine()}
 *       (SASL responses, IDLE's {@code DONE}).</li>
 * </ul>
 *
 * <p>Literal sizes are decided before the client may send them: for an accepted synchronising
 * literal {@code {n}} the decoder itself writes an {@link ImapContinuationResponse}
 * ({@code + Ready for additional command text.}, Exchange's wording) with
 * {@code ctx.writeAndFlush}, so the {@link ImapResponseEncoder} must sit between this decoder and
 * the socket: add it to the pipeline <em>before</em> the decoder
 * ({@code pipeline.addLast(new ImapResponseEncoder(), new ImapRequestDecoder(), session)}).
 * A rejected literal yields a failed {@link ImapRequest} at once, with no continuation; the client
 * of a synchronising literal then sends nothing more for that command, while the bytes of a
 * rejected {@code {n+}} literal are skipped (never buffered) together with the rest of its line.
 *
 * <p>Bad input never closes the connection: the decoder emits a failed {@link ImapRequest}
 * (carrying the tag when one could be read, so the session answers {@code <tag> BAD ...}, else
 * {@code * BAD ...}) and resynchronises at the next line. Line endings are strict CRLF unless
 * bare LF is allowed; NUL and other control bytes in a command line are errors. Literal contents
 * are opaque bytes.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>what happens past it</th></tr>
 *   <tr><td>line length (bytes of one line segment, without CRLF)</td>
 *       <td>{@value #DEFAULT_MAX_LINE_LENGTH}</td><td>failed request, rest of the line skipped</td></tr>
 *   <tr><td>endless line (bytes of an over-long line before its LF, fixed)</td>
 *       <td>{@value #ENDLESS_LINE_LENGTH}</td><td>a second failed request, untagged, caused by an
 *       {@link EndlessLineException}: a line that may never end must not be read forever, so the
 *       session closes; the decoder itself goes on skipping to the line's end</td></tr>
 *   <tr><td>literal size, mutable through {@link #setMaxLiteralSize(long)}</td>
 *       <td>{@value #DEFAULT_MAX_LITERAL_SIZE_UNAUTHENTICATED} before login; the session raises
 *       it (e.g. to {@value #DEFAULT_MAX_LITERAL_SIZE_AUTHENTICATED}) after login</td>
 *       <td>failed request, no continuation</td></tr>
 *   <tr><td>literals per command</td><td>{@value #DEFAULT_MAX_LITERALS_PER_COMMAND}</td>
 *       <td>failed request</td></tr>
 *   <tr><td>list nesting depth</td><td>{@value #DEFAULT_MAX_NESTING_DEPTH}</td>
 *       <td>failed request</td></tr>
 *   <tr><td>command size (line bytes without CRLFs plus aggregated literals; a streamed literal
 *       is bounded by the literal size instead)</td><td>{@value #DEFAULT_MAX_COMMAND_SIZE}</td>
 *       <td>failed request, no continuation</td></tr>
 *   <tr><td>streaming threshold (larger literals stream)</td>
 *       <td>{@value #DEFAULT_STREAMING_THRESHOLD}</td><td>-</td></tr>
 *   <tr><td>tag length (fixed)</td><td>{@value #MAX_TAG_LENGTH}</td>
 *       <td>failed request without a tag: the session answers {@code * BAD}, so a reply never
 *       echoes more than this of what the client sent</td></tr>
 * </table>
 *
 * <p>Example: {@code a1 LOGIN "joe" {5}\r\n} is answered with {@code + Ready for additional
 * command text.}; after {@code s3cr3\r\n} the decoder emits
 * {@code ImapRequest[a1 LOGIN [QuotedString[joe], Literal[5 bytes]]]}.
 *
 * <p>Not thread-safe; the session calls {@link #setMaxLiteralSize(long)},
 * {@link #expectContinuationLine()} and {@link #discardBufferedInput()} on the channel's event
 * loop, typically while handling the message that changes them (messages are fired one at a
 * time, so a pipelined command after LOGIN already sees the new limit).
 *
 * <p>Longer than most classes: one state machine over IMAP's framing (tags, atoms, quoted strings, lists,
 * literals and their continuations, streaming), whose transitions must be read together to be checked.
 */
public final class ImapRequestDecoder extends ByteToMessageDecoder implements PipelinedInputDiscarder {

    /**
     * 64 KiB, Dovecot's {@code imap_max_line_length}: RFC 2971 lets an {@code ID} command carry 30
     * fields of up to 1,024 octets (about 32 KB on one line, the most a client may send), and RFC 7162
     * §4 asks servers for at least 8,192 octets. Office 365's own limit is not known. The decoder
     * holds only the bytes that have arrived, so the limit costs nothing on a connection whose
     * lines are short: a line is buffered up to this, never preallocated.
     */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
    public static final long DEFAULT_MAX_LITERAL_SIZE_UNAUTHENTICATED = 8 * 1024;
    /** About Office 365's default 36 MB receive limit; what the session sets is policy. */
    public static final long DEFAULT_MAX_LITERAL_SIZE_AUTHENTICATED = 36L * 1024 * 1024;
    public static final int DEFAULT_MAX_LITERALS_PER_COMMAND = 16;
    public static final int DEFAULT_MAX_NESTING_DEPTH = 8;
    public static final int DEFAULT_MAX_COMMAND_SIZE = 256 * 1024;
    public static final int DEFAULT_STREAMING_THRESHOLD = 64 * 1024;
    public static final String DEFAULT_CONTINUATION_TEXT = "Ready for additional command text.";
    /**
     * The longest tag the decoder reads as one. RFC 3501 sets no limit, but clients use short counters
     * ({@code A0001}, {@code 1}); a reply echoes the tag, so a longer one is read as no tag at all.
     */
    public static final int MAX_TAG_LENGTH = 64;
    /**
     * Far beyond any line a client means to send: four times the default line limit (so a line
     * that is only too long is answered {@code BAD} and the session goes on), and the default
     * command size. The over-long line is skipped, not buffered, while it is counted.
     */
    public static final int ENDLESS_LINE_LENGTH = 256 * 1024;

    /** RFC 3501's {@code number} is 32-bit unsigned; ten digits cover it. */
    private static final int MAX_LITERAL_DIGITS = 10;
    /** Enough trailing bytes of a skipped line to recognise a {@code {4294967295+}} marker. */
    private static final int SKIP_WINDOW = 16;

    private enum State { LINE, LITERAL, STREAM, SKIP_LINE, SKIP_LITERAL }

    private final int maxLineLength;
    private final int maxLiteralsPerCommand;
    private final int maxNestingDepth;
    private final int maxCommandSize;
    private final int streamingThreshold;
    private final String continuationText;
    private final boolean allowBareLineFeed;
    private long maxLiteralSize;
    private boolean continuationLineExpected;

    private State state = State.LINE;
    private long remaining;
    private final StringBuilder skipWindow = new StringBuilder();
    /** Bytes of the over-long line being skipped so far, or -1 when the line skipped is not an over-long one. */
    private long skippedOfLongLine = -1;
    /**
     * Bytes after the reader index already searched for LF without finding one: a line trickled in
     * small reads is scanned once, not once per read (64 KiB lines made the rescans quadratic).
     */
    private int scannedOfLine;

    // The command being decoded; it spans line segments when it contains literals.
    private String tag;
    private String command;
    private final Deque<List<ImapArgument>> lists = new ArrayDeque<>();
    private int literalCount;
    private long commandSize;
    private boolean streamed;

    /** A decoder with every default, in the unauthenticated state. */
    public ImapRequestDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LITERAL_SIZE_UNAUTHENTICATED,
                DEFAULT_MAX_LITERALS_PER_COMMAND, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_COMMAND_SIZE,
                DEFAULT_STREAMING_THRESHOLD, DEFAULT_CONTINUATION_TEXT, false);
    }

    /**
     * A decoder with explicit limits (see the class javadoc's table).
     *
     * @param maxLiteralSize the initial literal limit; {@link #setMaxLiteralSize(long)} changes it
     * @param continuationText the text after {@code + } sent for an accepted synchronising literal
     * @param allowBareLineFeed accept LF without CR as a line end (off by default: strict CRLF)
     */
    public ImapRequestDecoder(int maxLineLength, long maxLiteralSize, int maxLiteralsPerCommand,
                              int maxNestingDepth, int maxCommandSize, int streamingThreshold,
                              String continuationText, boolean allowBareLineFeed) {
        if (maxLineLength < 1 || maxLiteralSize < 0 || maxLiteralsPerCommand < 0 || maxNestingDepth < 0
                || maxCommandSize < maxLineLength || streamingThreshold < 0) {
            throw new IllegalArgumentException("invalid IMAP decoder limits");
        }
        this.maxLineLength = maxLineLength;
        this.maxLiteralSize = maxLiteralSize;
        this.maxLiteralsPerCommand = maxLiteralsPerCommand;
        this.maxNestingDepth = maxNestingDepth;
        this.maxCommandSize = maxCommandSize;
        this.streamingThreshold = streamingThreshold;
        this.continuationText = continuationText;
        this.allowBareLineFeed = allowBareLineFeed;
    }

    /** Changes the literal size limit for literals announced from now on (the session raises it after login). */
    public void setMaxLiteralSize(long maxLiteralSize) {
        if (maxLiteralSize < 0) {
            throw new IllegalArgumentException("maxLiteralSize < 0");
        }
        this.maxLiteralSize = maxLiteralSize;
    }

    public long maxLiteralSize() {
        return maxLiteralSize;
    }

    /**
     * Makes the next line an {@link ImapContinuationLine} instead of a command: call it after
     * sending {@code +} to AUTHENTICATE, or when IDLE starts (waiting for {@code DONE}).
     */
    public void expectContinuationLine() {
        continuationLineExpected = true;
    }

    @Override
    public int discardBufferedInput() {
        int dropped = actualReadableBytes();
        if (dropped > 0) {
            internalBuffer().skipBytes(dropped);
        }
        resetCommand();
        state = State.LINE;
        skippedOfLongLine = -1;
        scannedOfLine = 0;
        continuationLineExpected = false;
        return dropped;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One message per call: the session reacts to it (new limits, continuation mode) before
        // the next bytes are decoded. Each step consumes input or returns.
        while (out.isEmpty()) {
            int before = in.readableBytes();
            State stateBefore = state;
            switch (state) {
                case LINE -> decodeLine(ctx, in, out);
                case LITERAL -> decodeLiteral(in);
                case STREAM -> decodeStream(in, out);
                case SKIP_LINE -> skipLine(in, out);
                case SKIP_LITERAL -> skipLiteral(in);
                default -> throw new IllegalStateException(state.name());
            }
            // A zero-length literal completes without consuming anything, hence the state check.
            if (out.isEmpty() && in.readableBytes() == before && state == stateBefore) {
                return;
            }
        }
    }

    private void decodeLine(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int searchLength = Math.min(readable, maxLineLength + 2);
        int lf = scannedOfLine >= searchLength ? -1
                : in.indexOf(start + scannedOfLine, start + searchLength, (byte) '\n');
        if (lf < 0) {
            scannedOfLine = searchLength;
            if (readable >= maxLineLength + 2) {
                scannedOfLine = 0;
                String lineTag = tag != null ? tag : readTagBeforeSpace(in, start, searchLength);
                TooLongFrameException cause = new TooLongFrameException(
                        "line longer than " + maxLineLength + " bytes");
                if (continuationLineExpected && command == null) {
                    continuationLineExpected = false;
                    out.add(ImapContinuationLine.invalid(cause));
                    resetCommand();
                } else {
                    fail(out, lineTag, cause);
                }
                skipWindow.setLength(0);
                state = State.SKIP_LINE;
                skippedOfLongLine = 0;
                skipLine(in, out);
            }
            return;
        }
        scannedOfLine = 0;
        boolean crlf = lf > start && in.getByte(lf - 1) == '\r';
        byte[] line = new byte[(crlf ? lf - 1 : lf) - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);

        if (continuationLineExpected && command == null) {
            continuationLineExpected = false;
            String problem = !crlf && !allowBareLineFeed ? "bare LF"
                    : line.length > maxLineLength ? "line too long" : controlCharacterIn(line, 0, line.length);
            out.add(problem == null
                    ? new ImapContinuationLine(new String(line, StandardCharsets.US_ASCII))
                    : ImapContinuationLine.invalid(new DecoderException(problem)));
            return;
        }
        String lineTag = tag != null ? tag : readTag(line);
        if (!crlf && !allowBareLineFeed) {
            failLine(out, lineTag, new DecoderException("line ended by a bare LF"), line);
            return;
        }
        if (line.length > maxLineLength) {
            failLine(out, lineTag, new TooLongFrameException("line longer than " + maxLineLength + " bytes"), line);
            return;
        }
        commandSize += line.length;
        if (commandSize > maxCommandSize) {
            failLine(out, lineTag, new TooLongFrameException("command longer than " + maxCommandSize + " bytes"), line);
            return;
        }
        new SegmentParser(ctx, line, out).parse();
    }

    private void decodeLiteral(ByteBuf in) {
        if (in.readableBytes() < remaining) {
            return;
        }
        byte[] bytes = new byte[(int) remaining];
        in.readBytes(bytes);
        lists.peek().add(new ImapArgument.Literal(bytes));
        commandSize += bytes.length;
        state = State.LINE;
    }

    private void decodeStream(ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int length = (int) Math.min(in.readableBytes(), remaining);
        remaining -= length;
        out.add(new ImapLiteralContent(in.readRetainedSlice(length), remaining == 0));
        if (remaining == 0) {
            state = State.LINE;
        }
    }

    private void skipLine(ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        int end = lf < 0 ? in.writerIndex() : lf;
        if (skippedOfLongLine >= 0) {
            long before = skippedOfLongLine;
            skippedOfLongLine += end - start;
            if (before <= ENDLESS_LINE_LENGTH && skippedOfLongLine > ENDLESS_LINE_LENGTH) {
                // Decided by the line's length alone, not by where the reads split it.
                out.add(ImapRequest.invalid(null, new EndlessLineException(
                        "line of more than " + ENDLESS_LINE_LENGTH + " bytes without an end")));
            }
            if (lf >= 0) {
                skippedOfLongLine = -1;
            }
        }
        int windowStart = Math.max(start, end - SKIP_WINDOW);
        skipWindow.append(in.toString(windowStart, end - windowStart, StandardCharsets.ISO_8859_1));
        if (skipWindow.length() > SKIP_WINDOW) {
            skipWindow.delete(0, skipWindow.length() - SKIP_WINDOW);
        }
        if (lf < 0) {
            in.skipBytes(end - start);
            return;
        }
        in.readerIndex(lf + 1);
        String text = skipWindow.toString();
        skipWindow.setLength(0);
        afterFailedLine(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }

    private void skipLiteral(ByteBuf in) {
        int length = (int) Math.min(in.readableBytes(), remaining);
        in.skipBytes(length);
        remaining -= length;
        if (remaining == 0) {
            state = State.SKIP_LINE;
        }
    }

    /** A failed line may announce a {@code {n+}} literal, whose bytes the client sends anyway. */
    private void afterFailedLine(String lineEnd) {
        long size = nonSynchronizingLiteralAtEnd(lineEnd);
        if (size > 0) {
            remaining = size;
            state = State.SKIP_LITERAL;
        } else if (size == 0) {
            state = State.SKIP_LINE;
        } else {
            state = State.LINE;
        }
    }

    private void failLine(List<Object> out, String lineTag, Exception cause, byte[] line) {
        fail(out, lineTag, cause);
        int from = Math.max(0, line.length - SKIP_WINDOW);
        afterFailedLine(new String(line, from, line.length - from, StandardCharsets.ISO_8859_1));
    }

    private void fail(List<Object> out, String lineTag, Exception cause) {
        out.add(streamed ? ImapRequestTrailer.invalid(cause) : ImapRequest.invalid(lineTag, cause));
        resetCommand();
        state = State.LINE;
    }

    private void resetCommand() {
        tag = null;
        command = null;
        lists.clear();
        literalCount = 0;
        commandSize = 0;
        streamed = false;
    }

    /** The size of a {@code {n+}} marker ending {@code text}, or -1. */
    private static long nonSynchronizingLiteralAtEnd(String text) {
        if (!text.endsWith("+}")) {
            return -1;
        }
        int open = text.lastIndexOf('{');
        if (open < 0 || open == text.length() - 3 || text.length() - 3 - open > MAX_LITERAL_DIGITS) {
            return -1;
        }
        long size = 0;
        for (int i = open + 1; i < text.length() - 2; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            size = size * 10 + (c - '0');
        }
        return size;
    }

    /**
     * The tag that starts a line known only in part (it is too long): a valid tag only if a SP follows
     * it within what was read, since the end of what was read is not the end of the line.
     */
    private static String readTagBeforeSpace(ByteBuf in, int start, int length) {
        byte[] prefix = new byte[Math.min(length, MAX_TAG_LENGTH + 1)];
        in.getBytes(start, prefix);
        int end = tagEnd(prefix);
        return end > 0 && end < prefix.length && prefix[end] == ' '
                ? new String(prefix, 0, end, StandardCharsets.US_ASCII) : null;
    }

    /** The tag that starts a (possibly broken) line, if it is a valid tag followed by SP or the end. */
    private static String readTag(byte[] line) {
        int end = tagEnd(line);
        if (end == 0 || (end < line.length && line[end] != ' ')) {
            return null;
        }
        return new String(line, 0, end, StandardCharsets.US_ASCII);
    }

    /** Where the run of tag characters that starts {@code line} ends; 0 if there is none or it is too long. */
    private static int tagEnd(byte[] line) {
        int i = 0;
        while (i < line.length && isTagChar(line[i])) {
            if (++i > MAX_TAG_LENGTH) {
                return 0;
            }
        }
        return i;
    }

    /** RFC 3501: any ASTRING-CHAR except "+", so no list-wildcards or quoted-specials either. */
    private static boolean isTagChar(byte b) {
        return isAtomChar(b) && b != '+' && b != '%' && b != '*' && b != '\\';
    }

    /** RFC 3501 ATOM-CHAR plus list-wildcards, {@code \} (flags) and {@code ]} (resp-specials). */
    private static boolean isAtomChar(byte b) {
        return b > 0x20 && b < 0x7f && b != '(' && b != ')' && b != '{' && b != '"';
    }

    private static String controlCharacterIn(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == 0) {
                return "NUL byte in command line";
            }
            int b = line[i] & 0xff;
            if (b < 0x20 || b == 0x7f) {
                return "control character in command line";
            }
        }
        return null;
    }

    /** Parses one line segment: a whole command line, or the part after a literal up to the next one. */
    private final class SegmentParser {

        private final ChannelHandlerContext ctx;
        private final byte[] line;
        private final List<Object> out;
        private int pos;

        SegmentParser(ChannelHandlerContext ctx, byte[] line, List<Object> out) {
            this.ctx = ctx;
            this.line = line;
            this.out = out;
        }

        void parse() {
            String problem = controlCharacterIn(line, 0, line.length);
            if (problem == null && command == null) {
                problem = parseTagAndCommand();
            }
            if (problem == null) {
                problem = parseArguments();
            }
            if (problem != null) {
                failLine(out, tag != null ? tag : readTag(line), new DecoderException(problem), line);
            }
        }

        private String parseTagAndCommand() {
            int tagEnd = 0;
            while (tagEnd < line.length && isTagChar(line[tagEnd])) {
                tagEnd++;
            }
            if (line.length == 0) {
                return "empty command line";
            }
            if (tagEnd > MAX_TAG_LENGTH) {
                return "tag longer than " + MAX_TAG_LENGTH + " characters";
            }
            if (tagEnd == 0 || tagEnd == line.length || line[tagEnd] != ' ') {
                return tagEnd == line.length ? "missing command" : "invalid tag";
            }
            String candidateTag = new String(line, 0, tagEnd, StandardCharsets.US_ASCII);
            pos = tagEnd + 1;
            int commandEnd = pos;
            while (commandEnd < line.length && isAtomChar(line[commandEnd])
                    && line[commandEnd] != '[' && line[commandEnd] != ']') {
                commandEnd++;
            }
            if (commandEnd == pos || (commandEnd < line.length && line[commandEnd] != ' ')) {
                tag = candidateTag;
                return commandEnd == pos ? "missing command" : "invalid command name";
            }
            tag = candidateTag;
            command = new String(line, pos, commandEnd - pos, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
            pos = commandEnd;
            lists.push(new ArrayList<>());
            return null;
        }

        /** Continues after the command name or a literal: both are complete elements. */
        private String parseArguments() {
            boolean afterElement = true;
            boolean justOpened = false;
            while (true) {
                if (afterElement) {
                    if (pos == line.length) {
                        return lists.size() > 1 ? "unclosed list" : complete();
                    }
                    byte c = line[pos];
                    if (c == ' ') {
                        pos++;
                        afterElement = false;
                        justOpened = false;
                        continue;
                    }
                    if (c == ')') {
                        if (lists.size() < 2) {
                            return "unexpected ')'";
                        }
                        closeList();
                        pos++;
                        continue;
                    }
                    return "expected SP between arguments";
                }
                if (pos == line.length) {
                    return "missing argument";
                }
                byte c = line[pos];
                if (c == ')' && justOpened) {
                    closeList();
                    pos++;
                    afterElement = true;
                    continue;
                }
                if (c == '(') {
                    if (lists.size() > maxNestingDepth) {
                        return "lists nested deeper than " + maxNestingDepth;
                    }
                    lists.push(new ArrayList<>());
                    pos++;
                    justOpened = true;
                    continue;
                }
                justOpened = false;
                String problem;
                if (c == '"') {
                    problem = parseQuoted();
                } else if (c == '{') {
                    return parseLiteralMarker();
                } else {
                    problem = parseAtom();
                }
                if (problem != null) {
                    return problem;
                }
                afterElement = true;
            }
        }

        private void closeList() {
            List<ImapArgument> closed = lists.pop();
            lists.peek().add(new ImapArgument.ListArgument(closed));
        }

        private String complete() {
            List<ImapArgument> arguments = lists.peek();
            out.add(streamed ? new ImapRequestTrailer(arguments) : new ImapRequest(tag, command, arguments));
            resetCommand();
            state = State.LINE;
            return null;
        }

        private String parseQuoted() {
            byte[] value = new byte[line.length];
            int length = 0;
            pos++;
            while (pos < line.length) {
                byte c = line[pos++];
                if (c == '"') {
                    lists.peek().add(new ImapArgument.QuotedString(new String(value, 0, length, StandardCharsets.UTF_8)));
                    return null;
                }
                if (c == '\\') {
                    if (pos == line.length || (line[pos] != '"' && line[pos] != '\\')) {
                        return "invalid escape in quoted string";
                    }
                    c = line[pos++];
                }
                value[length++] = c;
            }
            return "unterminated quoted string";
        }

        private String parseAtom() {
            int start = pos;
            boolean inBrackets = false;
            while (pos < line.length) {
                byte c = line[pos];
                if (inBrackets) {
                    if (c < 0x20 || c >= 0x7f) {
                        return "invalid character in atom";
                    }
                    inBrackets = c != ']';
                } else if (c == '[' && closedLater(pos)) {
                    // A section (BODY[HEADER.FIELDS (TO)]) may hold spaces and parentheses up to its ']'.
                    inBrackets = true;
                } else if (c == ' ' || c == ')') {
                    break;
                } else if (!isAtomChar(c)) {
                    return c < 0 ? "8-bit character in atom" : "invalid character in atom";
                }
                pos++;
            }
            if (pos == start) {
                return "missing argument";
            }
            String value = new String(line, start, pos - start, StandardCharsets.US_ASCII);
            lists.peek().add("NIL".equalsIgnoreCase(value) ? ImapArgument.Nil.NIL : new ImapArgument.Atom(value));
            return null;
        }

        /** Whether a ']' follows on the line: without one, '[' is an ATOM-CHAR like any other (RFC 3501). */
        private boolean closedLater(int from) {
            for (int i = from + 1; i < line.length; i++) {
                if (line[i] == ']') {
                    return true;
                }
            }
            return false;
        }

        private String parseLiteralMarker() {
            int digitsStart = ++pos;
            long size = 0;
            while (pos < line.length && line[pos] >= '0' && line[pos] <= '9' && pos - digitsStart < MAX_LITERAL_DIGITS) {
                size = size * 10 + (line[pos++] - '0');
            }
            boolean nonSynchronizing = pos < line.length && line[pos] == '+';
            if (nonSynchronizing) {
                pos++;
            }
            if (pos == digitsStart || pos != line.length - 1 || line[pos] != '}') {
                return "invalid literal marker";
            }
            String rejection = literalRejection(size);
            if (rejection != null) {
                return rejection;
            }
            literalCount++;
            remaining = size;
            if (size > streamingThreshold) {
                out.add(new ImapStreamedRequest(tag, command, lists.peek(), size, nonSynchronizing));
                streamed = true;
                lists.clear();
                lists.push(new ArrayList<>());
                state = State.STREAM;
            } else {
                state = State.LITERAL;
            }
            if (!nonSynchronizing) {
                ctx.writeAndFlush(new ImapContinuationResponse(continuationText));
            }
            return null;
        }

        private String literalRejection(long size) {
            if (literalCount >= maxLiteralsPerCommand) {
                return "more than " + maxLiteralsPerCommand + " literals in one command";
            }
            if (size > maxLiteralSize) {
                return "literal of " + size + " bytes exceeds the limit of " + maxLiteralSize;
            }
            if (size > streamingThreshold) {
                if (lists.size() > 1) {
                    return "large literal inside a list";
                }
                if (streamed) {
                    return "more than one large literal in one command";
                }
                return null;
            }
            if (commandSize + size > maxCommandSize) {
                return "command longer than " + maxCommandSize + " bytes";
            }
            return null;
        }
    }
}
