package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImapResponseEncoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder());

    @AfterEach
    void releaseEverything() {
        channel.finishAndReleaseAll();
    }

    @Test
    void writesTaggedResponsesWithAndWithoutResponseCode() {
        assertThat(encode(new ImapTaggedResponse("a2", ImapStatus.OK, "READ-WRITE", "SELECT completed.")))
                .isEqualTo("a2 OK [READ-WRITE] SELECT completed.\r\n");
        assertThat(encode(new ImapTaggedResponse("a1", ImapStatus.NO, "LOGIN failed.")))
                .isEqualTo("a1 NO LOGIN failed.\r\n");
        assertThat(encode(new ImapTaggedResponse("a3", ImapStatus.BAD, "User is authenticated but not connected.")))
                .isEqualTo("a3 BAD User is authenticated but not connected.\r\n");
    }

    @Test
    void writesContinuationResponses() {
        assertThat(encode(new ImapContinuationResponse("IDLE accepted, awaiting DONE command.")))
                .isEqualTo("+ IDLE accepted, awaiting DONE command.\r\n");
        assertThat(encode(new ImapContinuationResponse(""))).isEqualTo("+ \r\n");
    }

    @Test
    void writesUntaggedTextResponses() {
        assertThat(encode(ImapUntaggedResponse.of("OK [UIDVALIDITY 14] UIDVALIDITY value")))
                .isEqualTo("* OK [UIDVALIDITY 14] UIDVALIDITY value\r\n");
        assertThat(encode(ImapUntaggedResponse.builder().text("LIST (\\HasNoChildren \\Trash) \"/\" ")
                .astring("Deleted Items").build()))
                .isEqualTo("* LIST (\\HasNoChildren \\Trash) \"/\" \"Deleted Items\"\r\n");
        assertThat(encode(ImapUntaggedResponse.builder().text("LIST (\\Marked \\HasNoChildren) \"/\" ")
                .astring("INBOX").build()))
                .isEqualTo("* LIST (\\Marked \\HasNoChildren) \"/\" INBOX\r\n");
    }

    @Test
    void writesFetchWithLiteralBodyByteExact() {
        ImapUntaggedResponse fetch = ImapUntaggedResponse.builder()
                .text("1 FETCH (UID 37 BODY[] ")
                .literal("Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))
                .text(" FLAGS (\\Seen))")
                .build();

        assertThat(encode(fetch)).isEqualTo(
                "* 1 FETCH (UID 37 BODY[] {21}\r\nSubject: hi\r\n\r\nbody\r\n FLAGS (\\Seen))\r\n");
        assertThat(fetch.refCnt()).isZero();
    }

    @Test
    void writesAOneMegabyteBodyAsItsOwnBufferBetweenTheTextPiecesWithoutCopyingIt() {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) 'x');
        ImapUntaggedResponse fetch = ImapUntaggedResponse.builder()
                .text("7 FETCH (BODY[] ").literal(body).text(")").build();

        channel.writeOutbound(fetch);

        ByteBuf head = channel.readOutbound();
        ByteBuf literal = channel.readOutbound();
        ByteBuf tail = channel.readOutbound();
        assertThat((Object) channel.readOutbound()).isNull();
        try {
            assertThat(head.toString(StandardCharsets.US_ASCII)).isEqualTo("* 7 FETCH (BODY[] {1048576}\r\n");
            assertThat(literal.array()).isSameAs(body);
            assertThat(literal.readableBytes()).isEqualTo(body.length);
            assertThat(tail.toString(StandardCharsets.US_ASCII)).isEqualTo(")\r\n");
        } finally {
            head.release();
            literal.release();
            tail.release();
        }
        assertThat(fetch.refCnt()).isZero();
    }

    @Test
    void rendersStringsQuotedAsLiteralsOrNilByContent() {
        ImapUntaggedResponse response = ImapUntaggedResponse.builder()
                .text("X ").string("plain text")
                .text(" ").string(null)
                .text(" ").string("say \"hi\"")
                .text(" ").string("Grüße")
                .text(" ").string("x".repeat(ImapUntaggedResponse.MAX_QUOTED_LENGTH + 1))
                .text(" ").astring("NIL")
                .build();

        assertThat(encode(response)).isEqualTo("* X \"plain text\" NIL {8}\r\nsay \"hi\" {7}\r\nGrüße {1025}\r\n"
                + "x".repeat(1025) + " \"NIL\"\r\n");
    }

    @Test
    void releasesLiteralsOfAResponseThatIsNeverWritten() {
        ByteBuf body = Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII);
        ImapUntaggedResponse response = ImapUntaggedResponse.builder().text("1 FETCH (BODY[] ").literal(body).text(")").build();

        response.release();

        assertThat(body.refCnt()).isZero();
    }

    @Test
    void refusesTextThatWouldEndTheLineEarly() {
        assertThatThrownBy(() -> new ImapTaggedResponse("a1", ImapStatus.OK, "done\r\n* 1 EXISTS"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImapUntaggedResponse.of("1 EXISTS\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImapTaggedResponse("a1", ImapStatus.BYE, "bye"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String encode(ImapResponse response) {
        channel.writeOutbound(response);
        StringBuilder written = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; buf.release()) {
            written.append(buf.toString(StandardCharsets.UTF_8));
        }
        return written.toString();
    }
}
