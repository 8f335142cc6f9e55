package dev.o365emulator.codec.smtp;

import static dev.o365emulator.codec.smtp.DecoderHarness.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SmtpRequestDecoderTest {

    private static List<String> decode(String input) {
        return new DecoderHarness().write(input).finish();
    }

    /** Feeds the input split in two at every offset, and byte by byte, and asserts the same events each time. */
    private static void assertSameAtEverySplit(Supplier<DecoderHarness> harnesses, byte[] input, List<String> expected) {
        for (int split = 0; split <= input.length; split++) {
            DecoderHarness harness = harnesses.get();
            harness.write(Arrays.copyOfRange(input, 0, split)).write(Arrays.copyOfRange(input, split, input.length));
            assertThat(harness.finish()).as("split at %d", split).isEqualTo(expected);
        }
        DecoderHarness oneByOne = harnesses.get();
        for (byte b : input) {
            oneByOne.write(new byte[] {b});
        }
        assertThat(oneByOne.finish()).as("byte by byte").isEqualTo(expected);
    }

    @Test
    void decodesEachWellKnownCommandWithItsArgument() {
        List<String> events = decode("EHLO client.example\r\nHELO client.example\r\nMAIL FROM:<a@example.com> SIZE=10\r\n"
                + "RCPT TO:<b@example.com>\r\nRSET\r\nNOOP\r\nVRFY b\r\nEXPN list\r\nHELP\r\nSTARTTLS\r\n");
        assertThat(events).containsExactly("CMD EHLO client.example", "CMD HELO client.example",
                "CMD MAIL FROM:<a@example.com> SIZE=10", "CMD RCPT TO:<b@example.com>", "CMD RSET", "CMD NOOP",
                "CMD VRFY b", "CMD EXPN list", "CMD HELP", "CMD STARTTLS", "DISCARDED 0");
        assertThat(decode("AUTH LOGIN dXNlcg==\r\nquit\r\n")).containsExactly("CMD AUTH LOGIN dXNlcg==", "CMD QUIT");
    }

    @Test
    void keepsUnknownVerbsSoTheSessionCanNameThem() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("xyzzy plugh\r\n");
        assertThat(harness.finish()).containsExactly("CMD XYZZY plugh");
        assertThat(SmtpCommand.valueOf("xyzzy").isKnown()).isFalse();
        assertThat(SmtpCommand.valueOf("ehlo")).isSameAs(SmtpCommand.EHLO);
    }

    @Test
    void givesTheSameMessagesWhateverTheSplitOfAWholeSession() {
        String input = "EHLO c\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\nbody\r\n.\r\n"
                + "BDAT 7\r\n\r\n.\r\n\0\nBDAT 2 LAST\r\nokQUIT\r\n";
        List<String> expected = List.of("CMD EHLO c", "CMD MAIL FROM:<a@b.c>", "CMD RCPT TO:<d@e.f>", "CMD DATA",
                "DATA Subject: x\\r\\n\\r\\n.dot\\r\\nbody\\r\\n", "END 26", "CMD BDAT 7", "DATA \\r\\n.\\r\\n\\0\\n",
                "CHUNK-END 7 7", "CMD BDAT 2 LAST", "DATA ok", "END 9", "CMD QUIT");
        assertSameAtEverySplit(DecoderHarness::new, ascii(input), expected);
    }

    @Test
    void acceptsALineOfExactlyTheLimitAndRejectsOneOctetMore() {
        String atLimit = "NOOP " + "x".repeat(SmtpRequestDecoder.DEFAULT_MAX_LINE_LENGTH - 7) + "\r\n";
        assertThat(atLimit).hasSize(512);
        String overLimit = "NOOP " + "x".repeat(SmtpRequestDecoder.DEFAULT_MAX_LINE_LENGTH - 6) + "\r\n";
        assertThat(decode(atLimit)).singleElement().asString().startsWith("CMD NOOP xxx");
        assertThat(decode(overLimit + "QUIT\r\n")).containsExactly("BAD  TooLongFrameException", "CMD QUIT");
    }

    @Test
    void rejectsAnOverlongLineAndResyncsWhenItArrivesInPieces() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("NOOP " + "x".repeat(300)).write("y".repeat(300)).write("z\r\nRSET\r\n");
        assertThat(harness.finish()).containsExactly("BAD  TooLongFrameException", "CMD RSET");
    }

    @Test
    void skipsATenMegabyteLineWithoutBufferingItAndReportsItEndlessOnce() {
        DecoderHarness harness = new DecoderHarness();
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        for (int written = 0; written < 10 * 1024 * 1024; written += piece.length) {
            harness.write(piece);
        }
        assertThat(harness.events).containsExactly("BAD  EndlessLineException");
        assertThat(harness.decoder.discardBufferedInput()).isLessThanOrEqualTo(SmtpRequestDecoder.DEFAULT_MAX_LINE_LENGTH);
        harness.write("a\r\nNOOP\r\n");
        assertThat(harness.finish()).containsExactly("BAD  EndlessLineException", "CMD NOOP");
    }

    @Test
    void reportsALineEndlessOnlyOnceItPassesTheEndlessLength() {
        int endless = SmtpRequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH;
        // The octets before the LF count, its CR included.
        String atLimit = "NOOP " + "x".repeat(endless - 6) + "\r";
        assertThat(atLimit).hasSize(endless);
        // At the endless length the line is only too long.
        assertThat(decode(atLimit + "\nQUIT\r\n")).containsExactly("BAD  TooLongFrameException", "CMD QUIT");
        DecoderHarness harness = new DecoderHarness();
        harness.write(atLimit);
        assertThat(harness.events).isEmpty();
        harness.write("y");
        assertThat(harness.events).containsExactly("BAD  EndlessLineException");
        harness.write("z".repeat(100_000)).write("\r\nQUIT\r\n");
        assertThat(harness.finish()).containsExactly("BAD  EndlessLineException", "CMD QUIT");
        // One octet more is endless however the reads split it.
        assertThat(decode(atLimit + "y\r\nQUIT\r\n")).containsExactly("BAD  EndlessLineException", "CMD QUIT");
    }

    @Test
    void reportsAnEndlessSaslResponseLineAsASaslFailure() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("AUTH LOGIN\r\n").write("b".repeat(SmtpRequestDecoder.DEFAULT_ENDLESS_LINE_LENGTH + 1));
        assertThat(harness.events).containsExactly("CMD AUTH LOGIN", "SASL-BAD EndlessLineException");
        harness.write("\r\nNOOP\r\n");
        assertThat(harness.finish()).containsExactly("CMD AUTH LOGIN", "SASL-BAD EndlessLineException", "CMD NOOP");
    }

    @Test
    void refusesAnEndlessLineLengthBelowTheSaslLimit() {
        assertThatThrownBy(() -> new SmtpRequestDecoder(512, 12_288, 1000, 8192, false, 12_287))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsLongAuthLinesUpToTheSaslLimit() {
        String token = "A".repeat(4000);
        assertThat(decode("AUTH XOAUTH2 " + token + "\r\n")).containsExactly("CMD AUTH XOAUTH2 " + token);
        String tooLong = "AUTH XOAUTH2 " + "A".repeat(SmtpRequestDecoder.DEFAULT_MAX_SASL_LINE_LENGTH) + "\r\n";
        assertThat(decode(tooLong + "NOOP\r\n")).containsExactly("BAD  TooLongFrameException", "CMD NOOP");
    }

    @Test
    void decodesSaslResponseLinesAfterAChallengeAsTheyWereSent() {
        assertThat(decode("AUTH LOGIN\r\ndXNlcg==\r\nNOOP\r\n"))
                .containsExactly("CMD AUTH LOGIN", "SASL dXNlcg==", "CMD NOOP");
        assertThat(decode("AUTH XOAUTH2\r\n" + "b".repeat(5000) + "\r\n"))
                .containsExactly("CMD AUTH XOAUTH2", "SASL " + "b".repeat(5000));
        assertThat(decode("AUTH PLAIN\r\n" + "b".repeat(13_000) + "\r\nNOOP\r\n"))
                .containsExactly("CMD AUTH PLAIN", "SASL-BAD TooLongFrameException", "CMD NOOP");
        assertThat(SmtpRequest.of(SmtpCommand.AUTH, "PLAIN c2VjcmV0").toString()).doesNotContain("c2VjcmV0");
        assertThat(new SmtpSaslResponse("c2VjcmV0", io.netty.handler.codec.DecoderResult.SUCCESS).toString())
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void rejectsABareLfLineInStrictModeAndResyncs() {
        assertThat(decode("NOOP\nRSET\r\n")).containsExactly("BAD  CorruptedFrameException", "CMD RSET");
    }

    @Test
    void acceptsBareLfLinesWhenAllowed() {
        DecoderHarness harness = new DecoderHarness(new SmtpRequestDecoder(512, 12_288, 1000, 8192, true));
        harness.write("NOOP\nDATA\nhi\n.\nQUIT\n");
        assertThat(harness.finish()).containsExactly("CMD NOOP", "CMD DATA", "DATA hi\\n", "END 3", "CMD QUIT");
    }

    @Test
    void rejectsNulEmptyLinesAndBrokenUtf8ButAcceptsUtf8Addresses() {
        assertThat(decode("NO\0OP\r\n\r\n \r\nNOOP\r\n")).containsExactly("BAD  CorruptedFrameException",
                "BAD  CorruptedFrameException", "BAD  CorruptedFrameException", "CMD NOOP");
        DecoderHarness harness = new DecoderHarness();
        harness.write(new byte[] {'V', 'R', 'F', 'Y', ' ', (byte) 0xC3, '\r', '\n'});
        harness.write("MAIL FROM:<用户@例子.广告> SMTPUTF8\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(harness.finish()).containsExactly("BAD  CorruptedFrameException", "CMD MAIL FROM:<用户@例子.广告> SMTPUTF8");
    }

    @Test
    void decodesPipelinedCommandsFromOneBufferInOrder() {
        assertThat(decode("MAIL FROM:<a@b.c>\r\nRCPT TO:<x@y.z>\r\nRCPT TO:<w@y.z>\r\nDATA\r\n"))
                .containsExactly("CMD MAIL FROM:<a@b.c>", "CMD RCPT TO:<x@y.z>", "CMD RCPT TO:<w@y.z>", "CMD DATA");
    }

    @Test
    void switchesToContentForTheVeryNextByteAfterDataEvenInOneBuffer() {
        byte[] input = ascii("DATA\r\nline one\r\n.\r\nQUIT\r\n");
        assertSameAtEverySplit(DecoderHarness::new, input, List.of("CMD DATA", "DATA line one\\r\\n", "END 10", "CMD QUIT"));
    }

    @Test
    void unstuffsLinesThatStartWithADot() {
        byte[] input = ascii("DATA\r\n..hidden\r\n...two\r\n.x\r\n.\rz\r\n..\r\n.\r\n");
        assertSameAtEverySplit(DecoderHarness::new, input,
                List.of("CMD DATA", "DATA .hidden\\r\\n..two\\r\\nx\\r\\n\\rz\\r\\n.\\r\\n", "END 26"));
    }

    @Test
    void endsAnEmptyMessageAtTheFirstDotLine() {
        assertThat(decode("DATA\r\n.\r\nNOOP\r\n")).containsExactly("CMD DATA", "DATA ", "END 0", "CMD NOOP");
    }

    @Test
    void endsDataWhenTheTerminatorIsSplitAcrossBuffers() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("DATA\r\nbody\r").write("\n.").write("\r").write("\nNOOP\r\n");
        assertThat(harness.finish()).containsExactly("CMD DATA", "DATA body\\r\\n", "END 6", "CMD NOOP");
    }

    @Test
    void doesNotEndDataAtSmugglingTerminatorsInStrictMode() {
        String smuggled = "a\n.\nMAIL FROM:<x@y>\r\nb\n.\r\nRCPT TO:<z@y>\r\nc\r\n.\nDATA\r\n";
        byte[] input = ascii("DATA\r\n" + smuggled + ".\r\nQUIT\r\n");
        // The "." after a CRLF that is followed by LF is an ordinary dot-stuffed line: one dot goes.
        assertSameAtEverySplit(DecoderHarness::new, input, List.of("CMD DATA",
                "DATA a\\n.\\nMAIL FROM:<x@y>\\r\\nb\\n.\\r\\nRCPT TO:<z@y>\\r\\nc\\r\\n\\nDATA\\r\\n", "END 51", "CMD QUIT"));
    }

    @Test
    void endsDataAtABareLfTerminatorOnlyWhenLeniencyIsAskedFor() {
        DecoderHarness harness = new DecoderHarness(new SmtpRequestDecoder(512, 12_288, 1000, 8192, true));
        harness.write("DATA\r\na\n.\nNOOP\r\n");
        assertThat(harness.finish()).containsExactly("CMD DATA", "DATA a\\n", "END 2", "CMD NOOP");
    }

    @Test
    void acceptsAMessageOfExactlyTheLimitAndFlagsOneOctetMoreButStaysInSync() {
        DecoderHarness atLimit = new DecoderHarness();
        atLimit.dataLimit = 10;
        atLimit.write("DATA\r\n12345678\r\n.\r\nNOOP\r\n");
        assertThat(atLimit.finish()).containsExactly("CMD DATA", "DATA 12345678\\r\\n", "END 10", "CMD NOOP");

        Supplier<DecoderHarness> limited = () -> {
            DecoderHarness harness = new DecoderHarness();
            harness.dataLimit = 10;
            return harness;
        };
        byte[] overLimit = ascii("DATA\r\n..123456789\r\nmore\r\n.\r\nNOOP\r\n");
        // How much content was emitted before the limit depends on the split; the end and the resync do not.
        for (int split = 0; split <= overLimit.length; split++) {
            DecoderHarness harness = limited.get();
            harness.write(Arrays.copyOfRange(overLimit, 0, split)).write(Arrays.copyOfRange(overLimit, split, overLimit.length));
            List<String> events = harness.finish();
            assertThat(events).as("split at %d", split).startsWith("CMD DATA").endsWith("END-TOO-LARGE 18", "CMD NOOP");
        }
    }

    @Test
    void streamsLargeMessagesInBoundedChunks() {
        DecoderHarness harness = new DecoderHarness();
        String line = "y".repeat(998) + "\r\n";
        harness.write("DATA\r\n" + line.repeat(200) + ".\r\n");
        assertThat(harness.finish()).endsWith("END 200000");
        assertThat(harness.largestChunk).isLessThanOrEqualTo(SmtpRequestDecoder.DEFAULT_MAX_CHUNK_SIZE);
    }

    @Test
    void readsBdatChunksAsBinaryIncludingWhatLooksLikeATerminator() {
        byte[] chunk = {'\r', '\n', '.', '\r', '\n', 0, (byte) 0xFF, '\n'};
        byte[] head = ascii("BDAT 8\r\n");
        byte[] tail = ascii("BDAT 3 LAST\r\n..xNOOP\r\n");
        byte[] input = new byte[head.length + chunk.length + tail.length];
        System.arraycopy(head, 0, input, 0, head.length);
        System.arraycopy(chunk, 0, input, head.length, chunk.length);
        System.arraycopy(tail, 0, input, head.length + chunk.length, tail.length);
        assertSameAtEverySplit(DecoderHarness::new, input, List.of("CMD BDAT 8", "DATA \\r\\n.\\r\\n\\0\u00ff\\n",
                "CHUNK-END 8 8", "CMD BDAT 3 LAST", "DATA ..x", "END 11", "CMD NOOP"));
    }

    @Test
    void endsAnEmptyLastBdatChunkWithoutWaitingForMoreInput() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("BDAT 0 LAST\r\n");
        assertThat(harness.events).containsExactly("CMD BDAT 0 LAST", "DATA ", "END 0");
        harness.finish();
    }

    @Test
    void rejectsMalformedBdatSizesWithoutConsumingContent() {
        assertThat(decode("BDAT\r\nBDAT abc\r\nBDAT -1\r\nBDAT 3 FIRST\r\nBDAT 1234567890123456789\r\nNOOP\r\n"))
                .containsExactly("BAD BDAT CorruptedFrameException", "BAD BDAT CorruptedFrameException",
                        "BAD BDAT CorruptedFrameException", "BAD BDAT CorruptedFrameException",
                        "BAD BDAT CorruptedFrameException", "CMD NOOP");
    }

    @Test
    void consumesBdatChunksPastTheLimitAndResetsOnRset() {
        DecoderHarness harness = new DecoderHarness(new SmtpRequestDecoder(512, 12_288, 5, 8192, false));
        harness.write("BDAT 3\r\nabcBDAT 3\r\ndefBDAT 1 LAST\r\ngRSET\r\nBDAT 5 LAST\r\nhijklNOOP\r\n");
        assertThat(harness.finish()).containsExactly("CMD BDAT 3", "DATA abc", "CHUNK-END 3 3", "CMD BDAT 3",
                "DATA ", "CHUNK-END 3 6 tooLarge", "CMD BDAT 1 LAST", "DATA ", "END-TOO-LARGE 7", "CMD RSET",
                "CMD BDAT 5 LAST", "DATA hijkl", "END 5", "CMD NOOP");
    }

    @Test
    void dropsPlaintextPipelinedAfterStartTls() {
        DecoderHarness harness = new DecoderHarness();
        harness.write("STARTTLS\r\nMAIL FROM:<evil@example.com>\r\n");
        harness.write("EHLO after-tls\r\n");
        assertThat(harness.finish()).containsExactly("CMD STARTTLS", "DISCARDED 30", "CMD EHLO after-tls");
    }

    @Test
    void refusesToStartDataInTheMiddleOfAChunk() {
        SmtpRequestDecoder decoder = new SmtpRequestDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("BDAT 10\r\nabc", StandardCharsets.US_ASCII));
        assertThatThrownBy(decoder::startData).isInstanceOf(IllegalStateException.class);
        channel.finishAndReleaseAll();
    }
}
