package dev.o365emulator.codec.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pop3RequestDecoderTest {

    private final Pop3RequestDecoder decoder = new Pop3RequestDecoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @AfterEach
    void channelHoldsNothingAfterwards() {
        assertThat(channel.finishAndReleaseAll()).as("undecoded leftovers").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "USER alice@contoso.com                            | USER | alice@contoso.com",
        "PASS secret                                       | PASS | secret",
        "APOP mrose c4c9334bac560ecc979e58001b3e22fb       | APOP | mrose,c4c9334bac560ecc979e58001b3e22fb",
        "AUTH                                              | AUTH | ''",
        "AUTH XOAUTH2                                      | AUTH | XOAUTH2",
        "AUTH PLAIN =                                      | AUTH | PLAIN,=",
        "STLS                                              | STLS | ''",
        "CAPA                                              | CAPA | ''",
        "STAT                                              | STAT | ''",
        "LIST                                              | LIST | ''",
        "LIST 1                                            | LIST | 1",
        "UIDL                                              | UIDL | ''",
        "UIDL 2                                            | UIDL | 2",
        "RETR 1                                            | RETR | 1",
        "TOP 1 0                                           | TOP  | 1,0",
        "DELE 3                                            | DELE | 3",
        "RSET                                              | RSET | ''",
        "NOOP                                              | NOOP | ''",
        "QUIT                                              | QUIT | ''",
    })
    void decodesEachCommand(String line, String verb, String arguments) {
        Pop3Request request = single(line + "\r\n");

        assertThat(request.isSuccess()).isTrue();
        assertThat(request.command()).isSameAs(Pop3Command.of(verb));
        assertThat(request.command().isKnown()).isTrue();
        assertThat(request.arguments()).containsExactlyElementsOf(
                arguments.isEmpty() ? List.of() : List.of(arguments.split(",")));
    }

    @Test
    void readsVerbsCaseInsensitively() {
        assertThat(single("quit\r\n").command()).isSameAs(Pop3Command.QUIT);
        assertThat(single("Retr 7\r\n").messageNumber()).isEqualTo(7);
    }

    @Test
    void keepsUnknownVerbsWithTheirArguments() {
        Pop3Request request = single("xtnd xmit\r\n");

        assertThat(request.isSuccess()).isTrue();
        assertThat(request.command().name()).isEqualTo("XTND");
        assertThat(request.command().isKnown()).isFalse();
        assertThat(request.arguments()).containsExactly("xmit");
    }

    @Test
    void keepsPasswordWithSpacesVerbatim() {
        Pop3Request request = single("PASS  correct horse battery staple \r\n");

        assertThat(request.isSuccess()).isTrue();
        assertThat(request.arguments()).containsExactly(" correct horse battery staple ");
    }

    @Test
    void keepsNonAsciiPasswordAsUtf8() {
        Pop3Request request = single("PASS pässwörd\r\n");

        assertThat(request.arguments()).containsExactly("pässwörd");
    }

    @Test
    void givesTypedMessageNumberAndLineCount() {
        Pop3Request top = single("TOP 2147483647 0\r\n");
        Pop3Request list = single("LIST\r\n");

        assertThat(top.messageNumber()).isEqualTo(Integer.MAX_VALUE);
        assertThat(top.lineCount()).isZero();
        assertThat(list.optionalMessageNumber()).isEmpty();
        assertThat(single("LIST 0012\r\n").optionalMessageNumber()).hasValue(12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RETR 7             | 7  | ''",
        "DELE 0003          | 3  | ''",
        "TOP 2 10           | 2  | 10",
        "LIST 4             | 4  | ''",
        "UIDL 5             | 5  | ''",
        "LIST               | '' | ''",
        "UIDL               | '' | ''",
        "STAT               | '' | ''",
        "USER 12            | '' | ''",
        "PASS 12            | '' | ''",
        "AUTH PLAIN 12      | '' | ''",
        "XTND 1 2           | '' | ''",
        "RETR x             | '' | ''",
        "TOP 1 x            | '' | ''",
    })
    void carriesTheNumbersItParsedAndNoneWhereTheLineHasNone(String line, String number, String lines) {
        Pop3Request request = single(line + "\r\n");

        assertThat(request.number()).isEqualTo(number.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(number)));
        assertThat(request.lines()).isEqualTo(lines.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(lines)));
    }

    @Test
    void aRequestBuiltByHandCarriesTheSameNumbersAsADecodedOne() {
        assertThat(Pop3Request.of(Pop3Command.TOP, "2", "10")).isEqualTo(single("TOP 2 10\r\n"));
        assertThat(Pop3Request.of(Pop3Command.LIST)).isEqualTo(single("LIST\r\n"));
        assertThat(Pop3Request.of(Pop3Command.RETR, "x").number()).isEmpty();
        assertThatThrownBy(() -> Pop3Request.of(Pop3Command.RETR, "x").messageNumber())
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RETR 0            | INVALID_MESSAGE_NUMBER",
        "RETR -1           | INVALID_MESSAGE_NUMBER",
        "RETR +1           | INVALID_MESSAGE_NUMBER",
        "RETR 1x           | INVALID_MESSAGE_NUMBER",
        "DELE 2147483648   | INVALID_MESSAGE_NUMBER",
        "LIST 00000000001  | INVALID_MESSAGE_NUMBER",
        "UIDL one          | INVALID_MESSAGE_NUMBER",
        "TOP x 1           | INVALID_MESSAGE_NUMBER",
        "TOP 1 -1          | INVALID_LINE_COUNT",
        "TOP 1 ten         | INVALID_LINE_COUNT",
        "RETR              | WRONG_ARGUMENT_COUNT",
        "TOP 1             | WRONG_ARGUMENT_COUNT",
        "STAT 1            | WRONG_ARGUMENT_COUNT",
        "QUIT now          | WRONG_ARGUMENT_COUNT",
        "USER a b          | WRONG_ARGUMENT_COUNT",
        "AUTH PLAIN x y    | WRONG_ARGUMENT_COUNT",
        "XFOO a b c d e    | TOO_MANY_ARGUMENTS",
    })
    void rejectsArgumentsOutsideTheGrammar(String line, Reason reason) {
        Pop3Request request = single(line + "\r\n");

        assertThat(request.isSuccess()).isFalse();
        assertThat(request.failureReason()).hasValue(reason);
        assertThat(request.command().name()).isEqualTo(line.split(" ")[0]);
        assertThat(request.decoderResult().cause()).hasMessageNotContaining("\r");
    }

    @Test
    void rejectsEmptyArgumentsFromDoubleOrTrailingSpaces() {
        List<Object> requests = decode("LIST  1\r\nLIST 1 \r\nRETR \r\n");

        assertThat(requests).extracting(r -> ((Pop3Request) r).failureReason().orElseThrow())
                .containsExactly(Reason.EMPTY_ARGUMENT, Reason.EMPTY_ARGUMENT, Reason.EMPTY_ARGUMENT);
        assertThat(((Pop3Request) requests.get(2)).arguments()).containsExactly("");
    }

    @Test
    void rejectsBadLinesAndResyncsAfterEach() {
        List<Object> requests = decode("\r\n RETR 1\r\nNO\0OP\r\nNO\rOP\r\nSTAT\nRETR 1\r\n");

        assertThat(requests).extracting(r -> ((Pop3Request) r).failureReason().orElse(null))
                .containsExactly(Reason.EMPTY_LINE, Reason.MISSING_COMMAND, Reason.NUL_BYTE, Reason.BARE_CR,
                        Reason.BARE_LF, null);
        assertThat(((Pop3Request) requests.get(4)).command()).isEqualTo(Pop3Command.STAT);
        assertThat(((Pop3Request) requests.get(5)).messageNumber()).isEqualTo(1);
    }

    @Test
    void acceptsBareLfWhenAllowed() {
        EmbeddedChannel lenient = new EmbeddedChannel(new Pop3RequestDecoder(255, 16384, 4, true));
        lenient.writeInbound(Unpooled.copiedBuffer("STAT\nRETR 2\r\n", UTF_8));

        Pop3Request stat = lenient.readInbound();
        Pop3Request retr = lenient.readInbound();
        assertThat(stat.isSuccess()).isTrue();
        assertThat(stat.command()).isEqualTo(Pop3Command.STAT);
        assertThat(retr.messageNumber()).isEqualTo(2);
        assertThat(lenient.finishAndReleaseAll()).isFalse();
    }

    @Test
    void acceptsLineOfExactly255OctetsWithCrlf() {
        String line = "XLNG " + "a".repeat(255 - 5 - 2);

        Pop3Request request = single(line + "\r\n");

        assertThat(request.isSuccess()).isTrue();
        assertThat(request.arguments().get(0)).hasSize(248);
    }

    @Test
    void rejectsLineOf256OctetsAndResyncs() {
        String line = "XLNG " + "a".repeat(255 - 5 - 1);

        List<Object> requests = decode(line + "\r\nNOOP\r\n");

        Pop3Request tooLong = (Pop3Request) requests.get(0);
        assertThat(tooLong.failureReason()).hasValue(Reason.LINE_TOO_LONG);
        assertThat(tooLong.command().name()).isEqualTo("XLNG");
        assertThat(((Pop3Request) requests.get(1)).command()).isEqualTo(Pop3Command.NOOP);
        assertThat(requests).hasSize(2);
    }

    @Test
    void skipsHugeLineWithoutBufferingIt() {
        channel.writeInbound(Unpooled.copiedBuffer("RETR ", UTF_8));
        // 60 KiB: long, but short of the endless-line length.
        for (int i = 0; i < 15; i++) {
            channel.writeInbound(Unpooled.copiedBuffer("9".repeat(4096), UTF_8));
        }
        assertThat(channel.inboundMessages()).as("nothing before the line ends").isEmpty();
        channel.writeInbound(Unpooled.copiedBuffer("9\r\nNOOP\r\n", UTF_8));

        Pop3Request tooLong = channel.readInbound();
        Pop3Request noop = channel.readInbound();
        assertThat(tooLong.failureReason()).hasValue(Reason.LINE_TOO_LONG);
        assertThat(tooLong.command()).isEqualTo(Pop3Command.RETR);
        assertThat(noop.command()).isEqualTo(Pop3Command.NOOP);
    }

    @Test
    void reportsALineEndlessOnceItPassesTheEndlessLengthAndResyncsAtItsEnd() {
        int endless = Pop3RequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH;
        channel.writeInbound(Unpooled.copiedBuffer("RETR " + "9".repeat(endless - 5), UTF_8));
        assertThat(channel.inboundMessages()).as("nothing at the endless length").isEmpty();

        channel.writeInbound(Unpooled.copiedBuffer("9", UTF_8));
        Pop3Request endlessLine = channel.readInbound();
        assertThat(endlessLine.failureReason()).hasValue(Reason.ENDLESS_LINE);
        assertThat(endlessLine.command()).isEqualTo(Pop3Command.RETR);

        channel.writeInbound(Unpooled.copiedBuffer("9".repeat(200_000), UTF_8));
        assertThat(channel.inboundMessages()).as("reported once").isEmpty();
        channel.writeInbound(Unpooled.copiedBuffer("\r\nNOOP\r\n", UTF_8));
        assertThat(((Pop3Request) channel.readInbound()).command()).isEqualTo(Pop3Command.NOOP);
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void decidesAnEndlessLineByItsLengthWhereverTheReadsSplitIt() {
        int endless = Pop3RequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH;
        // endless octets before the LF (the CR counts): only too long; one more: endless.
        assertThat(decode("XLNG " + "a".repeat(endless - 6) + "\r\nNOOP\r\n"))
                .map(Pop3RequestDecoderTest::describe).containsExactly("XLNG [] LINE_TOO_LONG", "NOOP [] OK");
        assertThat(decode("XLNG " + "a".repeat(endless - 5) + "\r\nNOOP\r\n"))
                .map(Pop3RequestDecoderTest::describe).containsExactly("XLNG [] ENDLESS_LINE", "NOOP [] OK");
    }

    @Test
    void reportsAnEndlessSaslResponseAsASaslFailure() {
        decoder.expectSaslResponse();
        channel.writeInbound(Unpooled.copiedBuffer("A".repeat(Pop3RequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH + 1), UTF_8));

        Pop3SaslResponse response = channel.readInbound();
        assertThat(response.failureReason()).hasValue(Reason.ENDLESS_LINE);
        channel.writeInbound(Unpooled.copiedBuffer("\r\nQUIT\r\n", UTF_8));
        assertThat(((Pop3Request) channel.readInbound()).command()).isEqualTo(Pop3Command.QUIT);
    }

    @Test
    void refusesAnEndlessLineLengthBelowTheSaslLimit() {
        assertThatThrownBy(() -> new Pop3RequestDecoder(255, 16_384, 4, false, 16_383))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdsNoBytesOfAnOverlongLineWhileSkippingIt() {
        channel.writeInbound(Unpooled.copiedBuffer("X".repeat(60_000), UTF_8));

        // What the decoder would drop is what it still holds.
        assertThat(decoder.discardBufferedInput()).isZero();
    }

    @Test
    void allowsLongAuthLineForInitialResponse() {
        String token = "dXNlcj1h".repeat(500);

        Pop3Request request = single("auth XOAUTH2 " + token + "\r\n");

        assertThat(request.isSuccess()).isTrue();
        assertThat(request.command()).isSameAs(Pop3Command.AUTH);
        assertThat(request.arguments()).containsExactly("XOAUTH2", token);
    }

    @Test
    void decodesSameInputSplitAtEveryByteOffset() {
        String input = "USER alice\r\nPASS a b \r\nRETR 1\r\n\r\nTOP 3 10\r\nXLNG " + "a".repeat(300)
                + "\r\nNO\0OP\r\nXFOO\r\n";
        byte[] bytes = input.getBytes(UTF_8);
        List<String> whole = decode(input).stream().map(Pop3RequestDecoderTest::describe).toList();
        assertThat(whole).containsExactly("USER [alice] OK", "PASS [a b ] OK", "RETR [1] OK", "NONE [] EMPTY_LINE",
                "TOP [3, 10] OK", "XLNG [] LINE_TOO_LONG", "NO [] NUL_BYTE", "XFOO [] OK");

        for (int split = 0; split <= bytes.length; split++) {
            EmbeddedChannel ch = new EmbeddedChannel(new Pop3RequestDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));

            assertThat(drain(ch)).as("split at %d", split)
                    .map(Pop3RequestDecoderTest::describe)
                    .isEqualTo(whole);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void decodesLineFedOneByteAtATime() {
        byte[] bytes = "PASS one two\r\nQUIT\r\n".getBytes(UTF_8);
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        Pop3Request pass = channel.readInbound();
        Pop3Request quit = channel.readInbound();
        assertThat(pass.arguments()).containsExactly("one two");
        assertThat(quit.command()).isEqualTo(Pop3Command.QUIT);
    }

    @Test
    void decodesPipelinedCommandsFromOneBuffer() {
        // RFC 2449 §6.6 PIPELINING: a client may send several commands in one packet.
        List<Object> requests = decode("STAT\r\nLIST\r\nRETR 1\r\nDELE 1\r\nQUIT\r\n");

        assertThat(requests).extracting(r -> ((Pop3Request) r).command())
                .containsExactly(Pop3Command.STAT, Pop3Command.LIST, Pop3Command.RETR, Pop3Command.DELE,
                        Pop3Command.QUIT);
    }

    @Test
    void readsOneSaslResponseLineAfterAChallenge() {
        assertThat(single("AUTH PLAIN\r\n").command()).isEqualTo(Pop3Command.AUTH);
        decoder.expectSaslResponse();

        List<Object> lines = decode("AGFsaWNlAHNlY3JldA==\r\nNOOP\r\n");

        assertThat(lines.get(0)).isEqualTo(Pop3SaslResponse.of("AGFsaWNlAHNlY3JldA=="));
        assertThat(((Pop3Request) lines.get(1)).command()).isEqualTo(Pop3Command.NOOP);
    }

    @Test
    void readsCancelAndEmptySaslResponses() {
        decoder.expectSaslResponse();
        Pop3SaslResponse cancel = (Pop3SaslResponse) decode("*\r\n").get(0);
        decoder.expectSaslResponse();
        Pop3SaslResponse empty = (Pop3SaslResponse) decode("\r\n").get(0);

        assertThat(cancel.isCancel()).isTrue();
        assertThat(empty.isSuccess()).isTrue();
        assertThat(empty.line()).isEmpty();
        assertThat(empty.isCancel()).isFalse();
    }

    @Test
    void rejectsOverlongSaslResponseAndReturnsToCommands() {
        decoder.expectSaslResponse();

        List<Object> lines = decode("A".repeat(Pop3RequestDecoder.DEFAULT_MAX_SASL_LINE_LENGTH) + "\r\nQUIT\r\n");

        assertThat(((Pop3SaslResponse) lines.get(0)).failureReason()).hasValue(Reason.LINE_TOO_LONG);
        assertThat(((Pop3Request) lines.get(1)).command()).isEqualTo(Pop3Command.QUIT);
    }

    @Test
    void switchesToSaslForLinePipelinedBehindAuth() {
        List<Object> seen = new ArrayList<>();
        Pop3RequestDecoder sessionDecoder = new Pop3RequestDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(sessionDecoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                if (msg instanceof Pop3Request r && r.command() == Pop3Command.AUTH) {
                    sessionDecoder.expectSaslResponse();
                }
            }
        });

        // Base64 that looks like a command must still be read as a SASL line.
        ch.writeInbound(Unpooled.copiedBuffer("AUTH XOAUTH2\r\nQUIT\r\nQUIT\r\n", UTF_8));

        assertThat(seen).hasSize(3);
        assertThat(seen.get(1)).isEqualTo(Pop3SaslResponse.of("QUIT"));
        assertThat(((Pop3Request) seen.get(2)).command()).isEqualTo(Pop3Command.QUIT);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void discardsPlaintextPipelinedAfterStls() {
        List<Object> seen = new ArrayList<>();
        int[] dropped = {-1};
        Pop3RequestDecoder sessionDecoder = new Pop3RequestDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(sessionDecoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(msg);
                if (msg instanceof Pop3Request r && r.command() == Pop3Command.STLS) {
                    dropped[0] = sessionDecoder.discardBufferedInput();
                }
            }
        });

        ch.writeInbound(Unpooled.copiedBuffer("STLS\r\nUSER mallory\r\nPASS x\r\n", UTF_8));
        ch.writeInbound(Unpooled.copiedBuffer("CAPA\r\n", UTF_8));

        assertThat(dropped[0]).isEqualTo("USER mallory\r\nPASS x\r\n".length());
        assertThat(seen).extracting(r -> ((Pop3Request) r).command())
                .containsExactly(Pop3Command.STLS, Pop3Command.CAPA);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void discardForgetsPendingSaslModeAndPartialLines() {
        decoder.expectSaslResponse();
        channel.writeInbound(Unpooled.copiedBuffer("partial", UTF_8));

        assertThat(decoder.discardBufferedInput()).isEqualTo(7);
        assertThat(single("QUIT\r\n").command()).isEqualTo(Pop3Command.QUIT);
    }

    private Pop3Request single(String input) {
        List<Object> out = decode(input);
        assertThat(out).hasSize(1);
        return (Pop3Request) out.get(0);
    }

    private List<Object> decode(String input) {
        channel.writeInbound(Unpooled.copiedBuffer(input, UTF_8));
        return drain(channel);
    }

    private static String describe(Object msg) {
        Pop3Request r = (Pop3Request) msg;
        String name = r.command().name().isEmpty() ? "NONE" : r.command().name();
        return name + " " + r.arguments() + " " + r.failureReason().map(Enum::name).orElse("OK");
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object msg = ch.readInbound(); msg != null; msg = ch.readInbound()) {
            out.add(msg);
        }
        return out;
    }
}
