package dev.o365emulator.codec.pop3;

import dev.o365emulator.codec.PipelinedInputDiscarder;
import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns the client's bytes into {@link Pop3Request}s, one per CRLF-terminated line, and into a
 * {@link Pop3SaslResponse} for the line after {@link #expectSaslResponse()}.
 *
 * <p>Bad input never throws and never closes the connection: the decoder emits a request whose
 * {@code DecoderResult} failed with a {@link Pop3DecoderException} (the session answers
 * {@code -ERR}), skips to the next LF with bounded memory and decodes the next line. Each line is
 * emitted before the next one is decoded, so a session that switches modes while handling a
 * request (SASL, STLS) is in time for the line after it, even when the client pipelined them.
 *
 * <table>
 *   <caption>Limits (constructor parameters)</caption>
 *   <tr><th>limit</th><th>default</th><th>what happens beyond it</th></tr>
 *   <tr><td>{@code maxLineLength}: octets of a command line, CRLF included (RFC 2449 §4)</td>
 *       <td>{@value #DEFAULT_MAX_LINE_LENGTH}</td>
 *       <td>{@link Reason#LINE_TOO_LONG} once the line ends; its bytes are dropped as they come</td></tr>
 *   <tr><td>{@code maxSaslLineLength}: octets of an {@code AUTH} command line and of a SASL
 *       response line, CRLF included (RFC 5034 lifts the 255 limit for responses; an XOAUTH2
 *       token is a few kilobytes)</td>
 *       <td>{@value #DEFAULT_MAX_SASL_LINE_LENGTH}</td>
 *       <td>{@link Reason#LINE_TOO_LONG}, as above</td></tr>
 *   <tr><td>{@code endlessLineLength}: octets of a line before its LF</td>
 *       <td>{@value #DEFAULT_ENDLESS_LINE_LENGTH}</td>
 *       <td>{@link Reason#ENDLESS_LINE} as soon as the line passes it, in place of the failure at its
 *       end: a line that may never end must not be read forever, so the session answers and closes;
 *       the decoder itself goes on skipping to the line's end</td></tr>
 *   <tr><td>{@code maxArguments}: arguments of an unknown verb (known verbs have their own
 *       grammar: at most two)</td>
 *       <td>{@value #DEFAULT_MAX_ARGUMENTS}</td>
 *       <td>{@link Reason#TOO_MANY_ARGUMENTS}</td></tr>
 *   <tr><td>{@code allowBareLf}: accept LF alone as a line end</td>
 *       <td>{@code false}</td>
 *       <td>{@link Reason#BARE_LF}</td></tr>
 * </table>
 *
 * <p>Example: {@code "RETR 1\r\nTOP 2 10\r\nPASS my secret\r\n"} gives {@code RETR [1]},
 * {@code TOP [2, 10]} and {@code PASS [my secret]}; {@code "RETR x\r\n"} gives a failed
 * {@code RETR} with {@link Reason#INVALID_MESSAGE_NUMBER}.
 */
public final class Pop3RequestDecoder extends ByteToMessageDecoder implements PipelinedInputDiscarder {

    /** RFC 2449 §4: a command line is at most 255 octets, CRLF included. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 255;
    public static final int DEFAULT_MAX_SASL_LINE_LENGTH = 16 * 1024;
    public static final int DEFAULT_MAX_ARGUMENTS = 4;
    /**
     * Four times the SASL line limit: far beyond any line a client means to send, small enough that a
     * client streaming a line without end is stopped after reading tens of kilobytes, not gigabytes.
     */
    public static final int DEFAULT_ENDLESS_LINE_LENGTH = 64 * 1024;

    /** "QUIT\r\n" must fit, and "AUTH " must be recognisable before the limit applies. */
    private static final int MIN_LINE_LENGTH = 8;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] AUTH_PREFIX = {'A', 'U', 'T', 'H', ' '};

    private final int maxLineLength;
    private final int maxSaslLineLength;
    private final int maxArguments;
    private final boolean allowBareLf;
    private final int endlessLineLength;

    private boolean saslNext;
    /** Skipping the rest of an over-long line; its failure is emitted when the line ends. */
    private boolean discarding;
    private boolean discardingSasl;
    private Pop3Command discardingCommand = Pop3Command.NONE;
    /** Octets of the line being skipped so far, and whether it was already reported as endless. */
    private long discarded;
    private boolean endlessReported;

    /** A decoder with the defaults in the class javadoc. */
    public Pop3RequestDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_SASL_LINE_LENGTH, DEFAULT_MAX_ARGUMENTS, false);
    }

    /** A decoder with the given limits and the default endless-line length; see the class javadoc. */
    public Pop3RequestDecoder(int maxLineLength, int maxSaslLineLength, int maxArguments, boolean allowBareLf) {
        this(maxLineLength, maxSaslLineLength, maxArguments, allowBareLf,
                Math.max(DEFAULT_ENDLESS_LINE_LENGTH, maxSaslLineLength));
    }

    /** A decoder with the given limits; see the class javadoc. */
    public Pop3RequestDecoder(int maxLineLength, int maxSaslLineLength, int maxArguments, boolean allowBareLf,
            int endlessLineLength) {
        if (maxLineLength < MIN_LINE_LENGTH) {
            throw new IllegalArgumentException("maxLineLength must be at least " + MIN_LINE_LENGTH + ": " + maxLineLength);
        }
        if (maxSaslLineLength < maxLineLength) {
            throw new IllegalArgumentException("maxSaslLineLength must be at least maxLineLength: " + maxSaslLineLength);
        }
        if (maxArguments < 0) {
            throw new IllegalArgumentException("maxArguments must not be negative: " + maxArguments);
        }
        if (endlessLineLength < maxSaslLineLength) {
            throw new IllegalArgumentException("endlessLineLength must be at least maxSaslLineLength: "
                    + endlessLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.maxSaslLineLength = maxSaslLineLength;
        this.maxArguments = maxArguments;
        this.allowBareLf = allowBareLf;
        this.endlessLineLength = endlessLineLength;
    }

    /**
     * Decodes the next line as a {@link Pop3SaslResponse} instead of a command.
     *
     * <p>The session calls this each time it sends a {@code + } challenge during {@code AUTH}; it
     * applies to one line only, so a session cannot get stuck in SASL mode.
     */
    public void expectSaslResponse() {
        saslNext = true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Also forgets a pending {@link #expectSaslResponse()} and any over-long line being skipped,
     * because nothing read before the TLS handshake may shape what is read after it.
     */
    @Override
    public int discardBufferedInput() {
        ByteBuf buffered = internalBuffer();
        int dropped = buffered.readableBytes();
        buffered.skipBytes(dropped);
        saslNext = false;
        discarding = false;
        discardingSasl = false;
        discardingCommand = Pop3Command.NONE;
        return dropped;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (discarding) {
            skipRestOfLongLine(in, out);
            return;
        }
        boolean sasl = saslNext;
        int start = in.readerIndex();
        int limit = sasl || startsWithAuth(in) ? maxSaslLineLength : maxLineLength;
        int searchEnd = start + Math.min(in.readableBytes(), limit);
        int lf = in.indexOf(start, searchEnd, LF);
        if (lf < 0) {
            if (in.readableBytes() >= limit) {
                // Keep only the verb, so the session can say which command was too long.
                discarding = true;
                discardingSasl = sasl;
                discardingCommand = sasl ? Pop3Command.NONE : verbOf(in, start, searchEnd, false);
                discarded = searchEnd - start;
                endlessReported = false;
                saslNext = false;
                in.readerIndex(searchEnd);
            }
            return;
        }
        saslNext = false;
        boolean crlf = lf > start && in.getByte(lf - 1) == CR;
        int end = crlf ? lf - 1 : lf;
        in.readerIndex(lf + 1);

        Reason framing = null;
        if (!crlf && !allowBareLf) {
            framing = Reason.BARE_LF;
        } else if (in.indexOf(start, end, (byte) 0) >= 0) {
            framing = Reason.NUL_BYTE;
        } else if (in.indexOf(start, end, CR) >= 0) {
            framing = Reason.BARE_CR;
        }
        if (framing != null) {
            String why = switch (framing) {
                case BARE_LF -> "line ends with LF without CR";
                case NUL_BYTE -> "line contains a NUL byte";
                default -> "line contains a CR that does not end it";
            };
            out.add(sasl
                    ? Pop3SaslResponse.failure(framing, why)
                    : Pop3Request.failure(verbOf(in, start, end, true), List.of(), framing, why));
            return;
        }
        String line = in.toString(start, end - start, StandardCharsets.UTF_8);
        out.add(sasl ? Pop3SaslResponse.of(line) : parse(line));
    }

    private void skipRestOfLongLine(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), LF);
        int skipped = (lf < 0 ? in.writerIndex() : lf) - in.readerIndex();
        discarded += skipped;
        if (!endlessReported && discarded > endlessLineLength) {
            // Decided by the line's length alone, not by where the reads split it.
            endlessReported = true;
            out.add(lineFailure(Reason.ENDLESS_LINE, "line of more than " + endlessLineLength + " octets without an end"));
        }
        if (lf < 0) {
            in.skipBytes(skipped);
            return;
        }
        in.readerIndex(lf + 1);
        discarding = false;
        if (!endlessReported) {
            String why = "line is longer than " + (discardingSasl || discardingCommand.equals(Pop3Command.AUTH)
                    ? maxSaslLineLength : maxLineLength) + " octets";
            out.add(lineFailure(Reason.LINE_TOO_LONG, why));
        }
        discardingCommand = Pop3Command.NONE;
    }

    private Object lineFailure(Reason reason, String why) {
        return discardingSasl
                ? Pop3SaslResponse.failure(reason, why)
                : Pop3Request.failure(discardingCommand, List.of(), reason, why);
    }

    private Pop3Request parse(String line) {
        if (line.isEmpty()) {
            return Pop3Request.failure(Pop3Command.NONE, List.of(), Reason.EMPTY_LINE, "empty line");
        }
        int space = line.indexOf(' ');
        if (space == 0) {
            return Pop3Request.failure(Pop3Command.NONE, List.of(), Reason.MISSING_COMMAND, "line starts with a space");
        }
        Pop3Command command = Pop3Command.of(space < 0 ? line : line.substring(0, space));
        List<String> arguments;
        if (space < 0) {
            arguments = List.of();
        } else if (command == Pop3Command.PASS) {
            // Verbatim: a password may contain spaces, even leading or trailing ones.
            arguments = List.of(line.substring(space + 1));
        } else if (line.indexOf(' ', space + 1) < 0) {
            // One argument (RETR n, DELE n, USER name): the list the request keeps, without a list to grow.
            arguments = List.of(line.substring(space + 1));
            if (arguments.get(0).isEmpty()) {
                return Pop3Request.failure(command, arguments, Reason.EMPTY_ARGUMENT, "empty argument");
            }
        } else {
            arguments = split(line, space + 1, Math.max(maxArguments, 2) + 1);
            if (arguments.contains("")) {
                return Pop3Request.failure(command, arguments, Reason.EMPTY_ARGUMENT, "empty argument");
            }
        }
        return checkGrammar(command, arguments);
    }

    /** Splits on single spaces, stopping after {@code maxParts} parts: enough to know there are too many. */
    private static List<String> split(String line, int from, int maxParts) {
        List<String> parts = new ArrayList<>(4);
        int start = from;
        while (parts.size() < maxParts) {
            int space = line.indexOf(' ', start);
            if (space < 0) {
                parts.add(line.substring(start));
                break;
            }
            parts.add(line.substring(start, space));
            start = space + 1;
        }
        return parts;
    }

    private Pop3Request checkGrammar(Pop3Command command, List<String> arguments) {
        int count = arguments.size();
        if (!command.isKnown()) {
            return count > maxArguments
                    ? Pop3Request.failure(command, arguments, Reason.TOO_MANY_ARGUMENTS,
                            "more than " + maxArguments + " arguments")
                    : new Pop3Request(command, arguments, DecoderResult.SUCCESS, OptionalInt.empty(),
                            OptionalInt.empty());
        }
        int min;
        int max;
        switch (command.name()) {
            case "USER", "PASS", "RETR", "DELE" -> { min = 1; max = 1; }
            case "APOP", "TOP" -> { min = 2; max = 2; }
            case "AUTH" -> { min = 0; max = 2; }
            case "LIST", "UIDL" -> { min = 0; max = 1; }
            default -> { min = 0; max = 0; }
        }
        if (count < min || count > max) {
            String expected = min == max ? Integer.toString(min) : min + " to " + max;
            return Pop3Request.failure(command, arguments, Reason.WRONG_ARGUMENT_COUNT,
                    command + " takes " + expected + " argument" + (max == 1 ? "" : "s") + ", got " + count);
        }
        OptionalInt number = Pop3Arguments.messageNumber(command, arguments);
        if (Pop3Arguments.namesMessage(command, count) && number.isEmpty()) {
            return Pop3Request.failure(command, arguments, Reason.INVALID_MESSAGE_NUMBER,
                    "invalid message number: " + arguments.get(0));
        }
        OptionalInt lines = Pop3Arguments.lineCount(command, arguments);
        if (command == Pop3Command.TOP && lines.isEmpty()) {
            return Pop3Request.failure(command, arguments, Reason.INVALID_LINE_COUNT,
                    "invalid line count: " + arguments.get(1));
        }
        // Typed here, once: the session reads the numbers, never the text again.
        return new Pop3Request(command, arguments, DecoderResult.SUCCESS, number, lines);
    }

    private static boolean startsWithAuth(ByteBuf in) {
        if (in.readableBytes() < AUTH_PREFIX.length) {
            return false;
        }
        int start = in.readerIndex();
        for (int i = 0; i < AUTH_PREFIX.length; i++) {
            // Case-insensitive: a lower-case ASCII letter is the upper-case one with bit 5 set.
            byte b = in.getByte(start + i);
            byte expected = AUTH_PREFIX[i];
            if (b != expected && !(expected != ' ' && b == (expected | 0x20))) {
                return false;
            }
        }
        return true;
    }

    /** The verb of a rejected line; {@code lineEnds} says whether {@code end} ends the line or only what was read of it. */
    private static Pop3Command verbOf(ByteBuf in, int start, int end, boolean lineEnds) {
        // The verb stops at a control byte too, so a NUL or CR never becomes part of a command name.
        int stop = in.forEachByte(start, end - start, b -> b > ' ' && b != 0x7f);
        int verbEnd = stop < 0 ? end : stop;
        if (verbEnd == start || (stop < 0 && !lineEnds)) {
            return Pop3Command.NONE;
        }
        return Pop3Command.of(in.toString(start, verbEnd - start, StandardCharsets.US_ASCII));
    }
}
