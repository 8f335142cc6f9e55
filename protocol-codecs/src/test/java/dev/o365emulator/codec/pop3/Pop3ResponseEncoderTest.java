package dev.o365emulator.codec.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pop3ResponseEncoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new Pop3ResponseEncoder());

    @AfterEach
    void channelHoldsNothingAfterwards() {
        assertThat(channel.finishAndReleaseAll()).as("unread output").isFalse();
    }

    @Test
    void encodesStatusLinesExactly() {
        assertThat(encode(channel, Pop3Responses.ok("The Microsoft Exchange POP3 service is ready.")))
                .isEqualTo("+OK The Microsoft Exchange POP3 service is ready.\r\n");
        assertThat(encode(channel, Pop3Responses.ok())).isEqualTo("+OK\r\n");
        assertThat(encode(channel, Pop3Responses.err("Logon failure: unknown user name or bad password.")))
                .isEqualTo("-ERR Logon failure: unknown user name or bad password.\r\n");
        assertThat(encode(channel, Pop3Responses.err(""))).isEqualTo("-ERR\r\n");
    }

    @Test
    void encodesContinuationWithItsSpaceEvenWhenEmpty() {
        assertThat(encode(channel, Pop3Responses.continuation(""))).isEqualTo("+ \r\n");
        assertThat(encode(channel, Pop3Responses.continuation("eyJzdGF0dXMiOiI0MDEifQ==")))
                .isEqualTo("+ eyJzdGF0dXMiOiI0MDEifQ==\r\n");
    }

    @Test
    void encodesOffice365CapaExactly() {
        Pop3Response capa = Pop3Responses.multiLine("", List.of("TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER"));

        assertThat(encode(channel, capa)).isEqualTo("+OK\r\nTOP\r\nUIDL\r\nSASL PLAIN XOAUTH2\r\nUSER\r\n.\r\n");
    }

    @Test
    void dotStuffsMultiLineListLines() {
        Pop3Response uidl = Pop3Responses.multiLine("2 messages", List.of("1 .abc", ".", "..", ""));

        assertThat(encode(channel, uidl)).isEqualTo("+OK 2 messages\r\n1 .abc\r\n..\r\n...\r\n\r\n.\r\n");
    }

    @Test
    void writesEachSmallResponseAsOneBufferAndALargeMessageAsStatusContentAndTerminator() {
        byte[] raw = largeMessage(Pop3ResponseEncoder.DEFAULT_SINGLE_BUFFER_LIMIT, 0);
        channel.writeOutbound(Pop3Responses.multiLine("", List.of("TOP", "USER")));
        channel.writeOutbound(Pop3Responses.message("16384 octets", raw));

        List<ByteBuf> written = drain(channel);
        assertThat(written).hasSize(4);
        // The content is the stored array itself, between its status line and the terminator.
        assertThat(written.get(2).array()).isSameAs(raw);
        assertThat(new String(concatAndRelease(written.subList(1, 4)), UTF_8))
                .isEqualTo("+OK 16384 octets\r\n" + reference(raw));
        written.get(0).release();
    }

    @Test
    void writesAMessageResponseThatFitsOneTlsRecordAsOneDirectBuffer() {
        byte[] raw = "Subject: x\r\n\r\n.hi\r\nthere\r\n".getBytes(US_ASCII);

        channel.writeOutbound(Pop3Responses.message("28 octets", raw));
        List<ByteBuf> written = drain(channel);

        assertThat(written).hasSize(1);
        assertThat(written.get(0).isDirect()).isTrue();
        assertThat(new String(concatAndRelease(written), UTF_8))
                .isEqualTo("+OK 28 octets\r\nSubject: x\r\n\r\n..hi\r\nthere\r\n.\r\n");
    }

    @Test
    void writesTheOneBufferOnTheHeapForAnEngineThatWorksOnArrays() {
        EmbeddedChannel heap = new EmbeddedChannel(new Pop3ResponseEncoder(
                Pop3ResponseEncoder.DEFAULT_CHUNK_SIZE, Pop3ResponseEncoder.DEFAULT_SINGLE_BUFFER_LIMIT, false));

        heap.writeOutbound(Pop3Responses.message("", ".a\r\n".getBytes(US_ASCII)));
        List<ByteBuf> written = drain(heap);

        assertThat(written).hasSize(1);
        assertThat(written.get(0).isDirect()).isFalse();
        assertThat(new String(concatAndRelease(written), UTF_8)).isEqualTo("+OK\r\n..a\r\n.\r\n");
        assertThat(heap.finishAndReleaseAll()).isFalse();
    }

    @Test
    void writesAResponseOfExactlyTheLimitAsOneBufferAndOneOctetMoreInPieces() {
        // "+OK\r\n" (5) + content + ".\r\n" (3); the status line is counted at its UTF-8 maximum.
        int limit = 64;
        int statusAtMost = 5 + ByteBufUtil.utf8MaxBytes("") + 2;
        byte[] fits = (".".repeat(1) + "x".repeat(limit - statusAtMost - 3 - 4) + "\r\n").getBytes(US_ASCII);
        byte[] over = (".".repeat(1) + "x".repeat(limit - statusAtMost - 3 - 3) + "\r\n").getBytes(US_ASCII);
        EmbeddedChannel ch = new EmbeddedChannel(new Pop3ResponseEncoder(16, limit, true));

        ch.writeOutbound(Pop3Responses.message("", fits));
        List<ByteBuf> one = drain(ch);
        ch.writeOutbound(Pop3Responses.message("", over));
        List<ByteBuf> pieces = drain(ch);

        assertThat(one).hasSize(1);
        assertThat(one.get(0).readableBytes()).isLessThanOrEqualTo(limit);
        assertThat(new String(concatAndRelease(one), UTF_8)).isEqualTo("+OK\r\n" + reference(fits));
        assertThat(pieces).hasSizeGreaterThan(2);
        assertThat(new String(concatAndRelease(pieces), UTF_8)).isEqualTo("+OK\r\n" + reference(over));
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void stuffsTheSameInOneBufferAsInPiecesFromArraysAndFromDirectMemory() {
        List<String> contents = List.of(".", "..", ".\r\n", "\r\n.", "a\r\n.", "a\n.\r\nb\r\n",
                ".a\r\n.\r\nbb\r\n..\n.c\r\nd.\r\n.", "no newline", "\n\n..\n", "x\r\n\r\n...\r\n.y");
        for (String text : contents) {
            byte[] content = text.getBytes(US_ASCII);
            String expected = "+OK 7 octets\r\n" + reference(content);
            for (int limit : new int[] {0, Pop3ResponseEncoder.DEFAULT_SINGLE_BUFFER_LIMIT}) {
                EmbeddedChannel ch = new EmbeddedChannel(new Pop3ResponseEncoder(3, limit, true));
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(content);

                assertThat(encode(ch, Pop3Responses.message("7 octets", content)))
                        .as("%s from an array, limit %d", text, limit).isEqualTo(expected);
                assertThat(encode(ch, Pop3Responses.message("7 octets", direct)))
                        .as("%s from direct memory, limit %d", text, limit).isEqualTo(expected);
                assertThat(direct.refCnt()).isZero();
                assertThat(ch.finishAndReleaseAll()).isFalse();
            }
        }
    }

    @Test
    void stuffsAMessageLikeTheBenchmarksInOneBuffer() {
        byte[] raw = largeMessage(4096, 10);

        channel.writeOutbound(Pop3Responses.message("", raw));
        List<ByteBuf> written = drain(channel);

        assertThat(written).hasSize(1);
        assertThat(concatAndRelease(written)).isEqualTo(("+OK\r\n" + reference(raw)).getBytes(US_ASCII));
    }

    @Test
    void refusesTextsThatWouldForgeALine() {
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.ok("fine\r\n+OK forged"));
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.err("bare\nLF"));
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.continuation("AAA\r"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Pop3Responses.multiLine("", List.of("ok", "not\r\nok")));
    }

    @Test
    void enforcesThe512OctetResponseLine() {
        String longest = "x".repeat(512 - "+OK ".length() - 2);

        assertThat(encode(channel, Pop3Responses.ok(longest))).hasSize(512);
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.ok(longest + "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.err(longest));
    }

    @Test
    void countsTheResponseLineInUtf8Octets() {
        // Two octets a character: 253 of them fill the line, one more does not fit.
        String twoOctets = "\u00e9".repeat(253);
        assertThat(Pop3Responses.ok(twoOctets).text()).isEqualTo(twoOctets);
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.ok(twoOctets + "\u00e9"));
        // Three octets a character: 168 fit, 169 do not.
        String threeOctets = "\u20ac".repeat(168);
        assertThat(Pop3Responses.ok(threeOctets).text()).isEqualTo(threeOctets);
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.ok(threeOctets + "\u20ac"));
        assertThatIllegalArgumentException().isThrownBy(() -> Pop3Responses.message(threeOctets + "\u20ac", new byte[0]));
    }

    @Test
    void dotStuffsMessageContent() {
        String content = ".starts\r\nplain\r\n.\r\n..\r\nmid.dle\r\n.\r\n";

        assertThat(encode(channel, Pop3Responses.message("40 octets", content.getBytes(US_ASCII))))
                .isEqualTo("+OK 40 octets\r\n..starts\r\nplain\r\n..\r\n...\r\nmid.dle\r\n..\r\n.\r\n");
    }

    @Test
    void endsContentWithoutTrailingCrlfBeforeTheTerminator() {
        assertThat(encode(channel, Pop3Responses.message("", "Subject: x\r\n\r\nno newline".getBytes(US_ASCII))))
                .isEqualTo("+OK\r\nSubject: x\r\n\r\nno newline\r\n.\r\n");
        assertThat(encode(channel, Pop3Responses.message("", "ends with a dot\r\n.".getBytes(US_ASCII))))
                .isEqualTo("+OK\r\nends with a dot\r\n..\r\n.\r\n");
        assertThat(encode(channel, Pop3Responses.message("", "bare lf\n".getBytes(US_ASCII))))
                .isEqualTo("+OK\r\nbare lf\n\r\n.\r\n");
    }

    @Test
    void dotStuffsLinesAfterBareLf() {
        // A client that splits lines at LF alone must not see ".\r\n" as the end of the message.
        assertThat(encode(channel, Pop3Responses.message("", "a\n.\r\nb\r\n".getBytes(US_ASCII))))
                .isEqualTo("+OK\r\na\n..\r\nb\r\n.\r\n");
    }

    @Test
    void encodesEmptyContentAsTerminatorOnly() {
        assertThat(encode(channel, Pop3Responses.message("0 octets", new byte[0])))
                .isEqualTo("+OK 0 octets\r\n.\r\n");
    }

    @Test
    void encodesOnlyTheReadableBytesOfABuffer() {
        ByteBuf content = Unpooled.copiedBuffer("skipped.\r\nkept\r\n", US_ASCII);
        content.skipBytes("skipped".length());

        assertThat(encode(channel, Pop3Responses.message("", content))).isEqualTo("+OK\r\n..\r\nkept\r\n.\r\n");
        assertThat(content.refCnt()).isZero();
    }

    @Test
    void dotStuffsCorrectlyAtEveryChunkBoundary() {
        byte[] content = ".a\r\n.\r\nbb\r\n..\n.c\r\nd.\r\n.".getBytes(US_ASCII);
        String expected = "+OK\r\n" + reference(content);

        for (int chunkSize = 1; chunkSize <= content.length + 1; chunkSize++) {
            EmbeddedChannel ch = new EmbeddedChannel(new Pop3ResponseEncoder(chunkSize, 0, true));

            assertThat(encode(ch, Pop3Responses.message("", content))).as("chunk size %d", chunkSize)
                    .isEqualTo(expected);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void streamsLargeMessageCorrectlyAndReleasesEverything() {
        byte[] raw = largeMessage(8 * 1024 * 1024, 37);
        ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer(raw.length).writeBytes(raw);

        channel.writeOutbound(Pop3Responses.message("8388608 octets", content));
        List<ByteBuf> written = drain(channel);

        assertThat(written).hasSizeGreaterThan(100);
        assertThat(concatAndRelease(written)).isEqualTo(("+OK 8388608 octets\r\n" + reference(raw)).getBytes(US_ASCII));
        assertThat(content.refCnt()).as("content released once every chunk was written").isZero();
    }

    @Test
    void sharesCleanContentInsteadOfCopyingIt() {
        byte[] raw = largeMessage(8 * 1024 * 1024, 0);

        channel.writeOutbound(Pop3Responses.message("", raw));
        List<ByteBuf> written = drain(channel);

        List<ByteBuf> middle = written.subList(1, written.size() - 1);
        assertThat(middle).hasSize(128).allSatisfy(chunk -> {
            assertThat(chunk.hasArray()).isTrue();
            assertThat(chunk.array()).isSameAs(raw);
        });
        assertThat(concatAndRelease(written)).isEqualTo(("+OK\r\n" + reference(raw)).getBytes(US_ASCII));
    }

    /** Lines of base64-like text; every {@code dotEvery}-th line starts with a dot (0: none). */
    private static byte[] largeMessage(int size, int dotEvery) {
        StringBuilder sb = new StringBuilder(size + 100);
        sb.append("Subject: big\r\n\r\n");
        for (int line = 0; sb.length() < size; line++) {
            if (dotEvery > 0 && line % dotEvery == 0) {
                sb.append(line % 2 == 0 ? "." : "..");
            }
            sb.append("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n");
        }
        sb.setLength(size);
        return sb.toString().getBytes(US_ASCII);
    }

    /** RFC 1939 §3 byte stuffing, written the obvious way, to compare the encoder with. */
    private static String reference(byte[] content) {
        StringBuilder sb = new StringBuilder(content.length + 1024);
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '.' && (i == 0 || content[i - 1] == '\n')) {
                sb.append('.');
            }
            sb.append((char) content[i]);
        }
        if (content.length > 0 && !(sb.length() >= 2 && sb.charAt(sb.length() - 2) == '\r'
                && sb.charAt(sb.length() - 1) == '\n')) {
            sb.append("\r\n");
        }
        return sb.append(".\r\n").toString();
    }

    private static String encode(EmbeddedChannel ch, Pop3Response response) {
        ch.writeOutbound(response);
        return new String(concatAndRelease(drain(ch)), UTF_8);
    }

    private static List<ByteBuf> drain(EmbeddedChannel ch) {
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf buf = ch.readOutbound(); buf != null; buf = ch.readOutbound()) {
            out.add(buf);
        }
        return out;
    }

    private static byte[] concatAndRelease(List<ByteBuf> buffers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf buf : buffers) {
            bytes.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return bytes.toByteArray();
    }

    @Test
    void referenceStuffingMatchesRfcExample() {
        // Guards the test oracle itself.
        assertThat(reference(".x\r\n".getBytes(US_ASCII))).isEqualTo("..x\r\n.\r\n");
        assertThat(reference(new byte[0])).isEqualTo(".\r\n");
    }
}
