package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.imap.ImapArgument.Atom;
import dev.o365emulator.codec.imap.ImapArgument.ListArgument;
import dev.o365emulator.codec.imap.ImapArgument.Literal;
import dev.o365emulator.codec.imap.ImapArgument.Nil;
import dev.o365emulator.codec.imap.ImapArgument.QuotedString;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ImapRequestDecoderTest {

    private static final String READY = "+ Ready for additional command text.\r\n";

    private EmbeddedChannel channel;

    @AfterEach
    void releaseEverything() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesLoginWithQuotedStrings() {
        List<Object> out = decode("a1 LOGIN \"joe@contoso.com\" \"p\\\"w\\\\d\"\r\n");

        assertThat(out).containsExactly(request("a1", "LOGIN",
                new QuotedString("joe@contoso.com"), new QuotedString("p\"w\\d")));
    }

    @Test
    void decodesSelectAndUpperCasesTheCommandName() {
        List<Object> out = decode("a2 select INBOX\r\na3 EXAMINE \"Deleted Items\"\r\n");

        assertThat(out).containsExactly(
                request("a2", "SELECT", new Atom("INBOX")),
                request("a3", "EXAMINE", new QuotedString("Deleted Items")));
    }

    @Test
    void decodesFetchWithSectionSpecsAsAtoms() {
        List<Object> out = decode(
                "a4 FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT)]<0.100> UID BODY[])\r\n");

        assertThat(out).containsExactly(request("a4", "FETCH", new Atom("1:*"), list(
                new Atom("FLAGS"), new Atom("BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT)]<0.100>"),
                new Atom("UID"), new Atom("BODY[]"))));
    }

    @Test
    void decodesAnOpenBracketWithoutItsCloseAsAnAtomChar() {
        List<Object> out = decode("a5 SELECT abc[d\r\na6 LIST \"\" !#$&'+,-.0123456789:;<=>?@^_`|[}%*\r\n"
                + "a7 FETCH 1 (BODY[HEADER.FIELDS (TO)] FLAGS)\r\n");

        assertThat(out).containsExactly(
                request("a5", "SELECT", new Atom("abc[d")),
                request("a6", "LIST", new QuotedString(""), new Atom("!#$&'+,-.0123456789:;<=>?@^_`|[}%*")),
                request("a7", "FETCH", new Atom("1"), list(new Atom("BODY[HEADER.FIELDS (TO)]"), new Atom("FLAGS"))));
    }

    @Test
    void decodesUidStoreWithFlagList() {
        List<Object> out = decode("a5 UID STORE 2,4:7 +FLAGS.SILENT (\\Seen \\Deleted)\r\n");

        assertThat(out).containsExactly(request("a5", "UID", new Atom("STORE"), new Atom("2,4:7"),
                new Atom("+FLAGS.SILENT"), list(new Atom("\\Seen"), new Atom("\\Deleted"))));
    }

    @Test
    void decodesAppendWithFlagsDateAndSynchronisingLiteral() {
        channel = newChannel(new ImapRequestDecoder());
        channel.writeInbound(bytes("a6 APPEND INBOX (\\Seen) \"29-Nov-2026 09:00:00 +0000\" {11}\r\n"));
        assertThat(outbound()).isEqualTo(READY);
        assertThat(inbound()).isEmpty();

        channel.writeInbound(bytes("hello world\r\n"));

        assertThat(inbound()).containsExactly(request("a6", "APPEND", new Atom("INBOX"), list(new Atom("\\Seen")),
                new QuotedString("29-Nov-2026 09:00:00 +0000"), literal("hello world")));
        assertThat(outbound()).isEmpty();
    }

    @Test
    void decodesSearchWithNonSynchronisingUtf8LiteralWithoutContinuation() {
        byte[] subject = "Grüße".getBytes(StandardCharsets.UTF_8);
        channel = newChannel(new ImapRequestDecoder());
        channel.writeInbound(bytes("a7 SEARCH CHARSET UTF-8 SUBJECT {" + subject.length + "+}\r\n"),
                Unpooled.wrappedBuffer(subject), bytes(" UNSEEN\r\n"));

        assertThat(outbound()).isEmpty();
        assertThat(inbound()).containsExactly(request("a7", "SEARCH", new Atom("CHARSET"), new Atom("UTF-8"),
                new Atom("SUBJECT"), new Literal(subject), new Atom("UNSEEN")));
    }

    @Test
    void decodesListWithQuotedAndWildcardPatterns() {
        List<Object> out = decode("a8 LIST \"\" \"INBOX/%\"\r\na9 LIST \"\" *\r\n");

        assertThat(out).containsExactly(
                request("a8", "LIST", new QuotedString(""), new QuotedString("INBOX/%")),
                request("a9", "LIST", new QuotedString(""), new Atom("*")));
    }

    @Test
    void decodesAuthenticatePlainWithInitialResponse() {
        List<Object> out = decode("b1 AUTHENTICATE PLAIN AGpvZUBjb250b3NvLmNvbQBzZWNyZXQ=\r\n");

        assertThat(out).containsExactly(request("b1", "AUTHENTICATE",
                new Atom("PLAIN"), new Atom("AGpvZUBjb250b3NvLmNvbQBzZWNyZXQ=")));
    }

    @Test
    void decodesNilAndEmptyListsAndNestedLists() {
        List<Object> out = decode("b2 ID (\"name\" NIL \"x\" ((a) ()))\r\n");

        assertThat(out).containsExactly(request("b2", "ID", list(new QuotedString("name"), Nil.NIL,
                new QuotedString("x"), list(list(new Atom("a")), list()))));
    }

    @Test
    void decodesTheLineAfterExpectContinuationLineAsSaslResponse() {
        ImapRequestDecoder decoder = new ImapRequestDecoder();
        channel = newChannel(decoder);
        channel.writeInbound(bytes("b3 AUTHENTICATE XOAUTH2\r\n"));
        assertThat(inbound()).containsExactly(request("b3", "AUTHENTICATE", new Atom("XOAUTH2")));

        decoder.expectContinuationLine();
        channel.writeInbound(bytes("dXNlcj1qb2UBAQ==\r\nb4 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(out).hasSize(2);
        assertThat(((ImapContinuationLine) out.get(0)).text()).isEqualTo("dXNlcj1qb2UBAQ==");
        assertThat(out.get(1)).isEqualTo(request("b4", "NOOP"));
    }

    @Test
    void decodesAnEmptyLiteralAndReadsNilAsAnAstringOrAnAbsentNstring() {
        channel = newChannel(new ImapRequestDecoder());
        channel.writeInbound(bytes("v1 LOGIN NIL {0}\r\n\r\n"));

        ImapRequest request = (ImapRequest) inbound().get(0);
        assertThat(request.arguments()).containsExactly(Nil.NIL, new Literal(new byte[0]));
        assertThat(request.arguments().get(0).stringValue()).isEqualTo("NIL");
        assertThat(request.arguments().get(0).nstringValue()).isNull();
        assertThat(request.arguments().get(1).stringValue()).isEmpty();
        assertThat(outbound()).isEqualTo(READY);
    }

    @Test
    void decodesPipelinedCommandsInOneBuffer() {
        List<Object> out = decode("c1 NOOP\r\nc2 CAPABILITY\r\nc3 LOGOUT\r\n");

        assertThat(out).containsExactly(request("c1", "NOOP"), request("c2", "CAPABILITY"), request("c3", "LOGOUT"));
    }

    @Test
    void decodesIdenticallyWhenSplitAtEveryByteOffset() {
        String body = "Subject: hi\r\n\r\nthis body streams as chunks";
        String input = "d1 LOGIN {3}\r\njoe {6+}\r\nsecret\r\n"
                + "d2 APPEND INBOX (\\Seen) {" + body.length() + "+}\r\n" + body + "\r\n"
                + "d3 FETCH 1:* (BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>)\r\n"
                + "(broken\r\n"
                + "d4 NOOP\r\n";
        Supplier<ImapRequestDecoder> decoders = () -> new ImapRequestDecoder(1024, 1024, 4, 4, 4096, 16, "go", false);
        byte[] all = input.getBytes(StandardCharsets.US_ASCII);
        List<String> whole = describeAll(decoders, all, all.length);

        assertThat(whole).containsExactly(
                "ImapRequest[d1 LOGIN [Literal[3 bytes], Literal[6 bytes]]]",
                "ImapStreamedRequest[tag=d2, command=APPEND, arguments=[Atom[value=INBOX], "
                        + "ListArgument[elements=[Atom[value=\\Seen]]]], literalSize=" + body.length() + ", nonSynchronizing=true]",
                "content:" + body,
                "ImapRequestTrailer[]",
                "ImapRequest[d3 FETCH [Atom[value=1:*], ListArgument[elements=[Atom[value="
                        + "BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>]]]]]",
                "ImapRequest[null failed: invalid tag]",
                "ImapRequest[d4 NOOP []]",
                "outbound:+ go\r\n");
        for (int offset = 1; offset < all.length; offset++) {
            assertThat(describeAll(decoders, all, offset)).as("split at %d", offset).isEqualTo(whole);
        }
    }

    @Test
    void resynchronisesIdenticallyWhenSplitAtEveryByteOffset() {
        String input = "e1 LOGIN {11+}\r\nx1 LOGOUT\r\n \"rest\"\r\n"
                + "e2 NOOP " + "y".repeat(40) + " {3+}\r\nabc\r\n"
                + "e3 X (((a {1+}\r\nb)))\r\n"
                + "e4 NOOP\n"
                + "e5 NOOP\r\n";
        Supplier<ImapRequestDecoder> decoders = () -> new ImapRequestDecoder(32, 10, 4, 2, 64, 16, "go", false);
        byte[] all = input.getBytes(StandardCharsets.US_ASCII);
        List<String> whole = describeAll(decoders, all, all.length);

        assertThat(whole).containsExactly(
                "ImapRequest[e1 failed: literal of 11 bytes exceeds the limit of 10]",
                "ImapRequest[e2 failed: line longer than 32 bytes]",
                "ImapRequest[e3 failed: lists nested deeper than 2]",
                "ImapRequest[e4 failed: line ended by a bare LF]",
                "ImapRequest[e5 NOOP []]",
                "outbound:");
        for (int offset = 1; offset < all.length; offset++) {
            assertThat(describeAll(decoders, all, offset)).as("split at %d", offset).isEqualTo(whole);
        }
    }

    @Test
    void aggregatesALiteralAtTheStreamingThresholdAndStreamsOneByteMore() {
        channel = newChannel(new ImapRequestDecoder(8192, 100, 4, 4, 8192, 8, "ok", false));
        channel.writeInbound(bytes("t1 APPEND INBOX {8+}\r\n12345678\r\nt2 APPEND INBOX {9+}\r\n123456789\r\n"));

        List<Object> out = inbound();
        assertThat(out.get(0)).isEqualTo(request("t1", "APPEND", new Atom("INBOX"), literal("12345678")));
        assertThat(out.get(1)).isEqualTo(new ImapStreamedRequest("t2", "APPEND", List.of(new Atom("INBOX")), 9, true));
        ImapLiteralContent content = (ImapLiteralContent) out.get(2);
        assertThat(content.content().toString(StandardCharsets.US_ASCII)).isEqualTo("123456789");
        assertThat(content.isLast()).isTrue();
        content.release();
        assertThat(out.get(3)).isInstanceOf(ImapRequestTrailer.class);
        assertThat(out).hasSize(4);
    }

    @Test
    void readsIdleDoneAsAContinuationLineAndRejectsAnOverlongOne() {
        ImapRequestDecoder decoder = new ImapRequestDecoder(16, 100, 4, 4, 64, 64, "ok", false);
        channel = newChannel(decoder);
        decoder.expectContinuationLine();
        channel.writeInbound(bytes("DONE\r\n"));
        assertThat(((ImapContinuationLine) inbound().get(0)).text()).isEqualTo("DONE");

        decoder.expectContinuationLine();
        channel.writeInbound(bytes("x".repeat(17) + "\r\nu1 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(((ImapContinuationLine) out.get(0)).decoderResult().isFailure()).isTrue();
        assertThat(out.get(1)).isEqualTo(request("u1", "NOOP"));
    }

    @Test
    void writesContinuationOnlyAfterTheLiteralSizeIsAccepted() {
        channel = newChannel(new ImapRequestDecoder());
        channel.writeInbound(bytes("e1 LOGIN {3"));
        assertThat(outbound()).isEmpty();
        channel.writeInbound(bytes("}\r"));
        assertThat(outbound()).isEmpty();
        channel.writeInbound(bytes("\n"));
        assertThat(outbound()).isEqualTo(READY);
        channel.writeInbound(bytes("joe\r\n"));
        assertThat(inbound()).containsExactly(request("e1", "LOGIN", literal("joe")));

        channel.writeInbound(bytes("e2 LOGIN {8193}\r\n"));
        assertThat(outbound()).isEmpty();
        List<Object> out = inbound();
        assertThat(out).hasSize(1);
        assertThat(failedTag(out.get(0))).isEqualTo("e2");
    }

    @Test
    void usesTheConfiguredContinuationText() {
        channel = newChannel(new ImapRequestDecoder(8192, 100, 4, 4, 8192, 64, "Ready", false));
        channel.writeInbound(bytes("e3 LOGIN {1}\r\n"));

        assertThat(outbound()).isEqualTo("+ Ready\r\n");
    }

    @Test
    void acceptsSynchronisingLiteralAtTheLimitAndRejectsOneByteMore() {
        channel = newChannel(new ImapRequestDecoder(8192, 10, 4, 4, 8192, 64, "ok", false));
        channel.writeInbound(bytes("f1 LOGIN {10}\r\n0123456789\r\n"));
        assertThat(outbound()).isEqualTo("+ ok\r\n");
        assertThat(inbound()).containsExactly(request("f1", "LOGIN", literal("0123456789")));

        channel.writeInbound(bytes("f2 LOGIN {11}\r\n"));
        assertThat(outbound()).isEmpty();
        List<Object> out = inbound();
        assertThat(failedTag(out.get(0))).isEqualTo("f2");
        assertThat(((ImapRequest) out.get(0)).decoderResult().cause()).hasMessageContaining("exceeds the limit");

        // The client waits for "+" that never comes, and sends its next command.
        channel.writeInbound(bytes("f3 NOOP\r\n"));
        assertThat(inbound()).containsExactly(request("f3", "NOOP"));
    }

    @Test
    void acceptsNonSynchronisingLiteralAtTheLimitAndSkipsTheBytesOfOneByteMore() {
        channel = newChannel(new ImapRequestDecoder(8192, 10, 4, 4, 8192, 64, "ok", false));
        channel.writeInbound(bytes("g1 LOGIN {10+}\r\n0123456789\r\n"));
        assertThat(inbound()).containsExactly(request("g1", "LOGIN", literal("0123456789")));

        // The rejected literal looks like commands; none of it may be decoded as one.
        channel.writeInbound(bytes("g2 LOGIN {11+}\r\nx1 LOGOUT\r\n \"rest\"\r\ng3 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(out).hasSize(2);
        assertThat(failedTag(out.get(0))).isEqualTo("g2");
        assertThat(out.get(1)).isEqualTo(request("g3", "NOOP"));
        assertThat(outbound()).isEmpty();
    }

    @Test
    void appliesTheLiteralLimitTheSessionSetsAfterLogin() {
        ImapRequestDecoder decoder = new ImapRequestDecoder();
        channel = newChannel(decoder);
        channel.writeInbound(bytes("h1 APPEND INBOX {20000}\r\n"));
        assertThat(failedTag(inbound().get(0))).isEqualTo("h1");

        decoder.setMaxLiteralSize(ImapRequestDecoder.DEFAULT_MAX_LITERAL_SIZE_AUTHENTICATED);
        channel.writeInbound(bytes("h2 APPEND INBOX {20000}\r\n"));

        assertThat(outbound()).isEqualTo(READY);
        assertThat(inbound()).isEmpty();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[20000]), bytes("\r\n"));
        List<Object> out = inbound();
        assertThat(out).hasSize(1);
        assertThat(((ImapRequest) out.get(0)).arguments()).hasSize(2);
    }

    @Test
    void streamsALargeAppendLiteralInChunks() {
        channel = newChannel(new ImapRequestDecoder(8192, 1 << 20, 4, 4, 8192, 1024, "ok", false));
        byte[] message = new byte[300_000];
        Arrays.fill(message, (byte) 'm');
        channel.writeInbound(bytes("i1 APPEND Drafts (\\Draft) {300000}\r\n"));
        assertThat(outbound()).isEqualTo("+ ok\r\n");
        List<Object> head = inbound();
        assertThat(head).containsExactly(new ImapStreamedRequest("i1", "APPEND",
                List.of(new Atom("Drafts"), list(new Atom("\\Draft"))), 300_000, false));

        long received = 0;
        boolean sawLast = false;
        for (int offset = 0; offset < message.length; offset += 65536) {
            channel.writeInbound(Unpooled.wrappedBuffer(message, offset, Math.min(65536, message.length - offset)));
            for (Object chunk : inbound()) {
                ImapLiteralContent content = (ImapLiteralContent) chunk;
                received += content.content().readableBytes();
                sawLast = content.isLast();
                content.release();
            }
        }
        channel.writeInbound(bytes("\r\ni2 NOOP\r\n"));

        assertThat(received).isEqualTo(300_000);
        assertThat(sawLast).isTrue();
        List<Object> tail = inbound();
        assertThat(tail).hasSize(2);
        assertThat(((ImapRequestTrailer) tail.get(0)).arguments()).isEmpty();
        assertThat(tail.get(1)).isEqualTo(request("i2", "NOOP"));
    }

    @Test
    void rejectsALargeLiteralInsideAList() {
        channel = newChannel(new ImapRequestDecoder(8192, 1 << 20, 4, 4, 8192, 16, "ok", false));
        channel.writeInbound(bytes("i3 X ({100}\r\n"));

        assertThat(failedTag(inbound().get(0))).isEqualTo("i3");
        assertThat(outbound()).isEmpty();
    }

    @Test
    void acceptsALineAtTheLengthLimitAndRejectsOneByteMoreWithTheTag() {
        channel = newChannel(new ImapRequestDecoder(32, 100, 4, 4, 4096, 64, "ok", false));
        String atLimit = "j1 NOOP " + "x".repeat(32 - 8);
        channel.writeInbound(bytes(atLimit + "\r\n"));
        assertThat(inbound()).containsExactly(request("j1", "NOOP", new Atom("x".repeat(24))));

        channel.writeInbound(bytes("j2 NOOP " + "x".repeat(25) + "\r\nj3 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(out).hasSize(2);
        assertThat(failedTag(out.get(0))).isEqualTo("j2");
        assertThat(((ImapRequest) out.get(0)).decoderResult().cause()).hasMessageContaining("longer than 32");
        assertThat(out.get(1)).isEqualTo(request("j3", "NOOP"));
    }

    @Test
    void skipsAnOverlongLineArrivingInPiecesWithoutBufferingIt() {
        channel = newChannel(new ImapRequestDecoder(32, 100, 4, 4, 4096, 64, "ok", false));
        channel.writeInbound(bytes("k1 NOOP " + "x".repeat(40)));
        assertThat(failedTag(inbound().get(0))).isEqualTo("k1");
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(bytes("y".repeat(100)));
        }
        assertThat(inbound()).isEmpty();

        // An overlong line that announced {n+} is followed by n bytes the client sends regardless.
        channel.writeInbound(bytes(" {9+}\r\nk2 NOOP\r\n\r\nk3 NOOP\r\n"));

        assertThat(inbound()).containsExactly(request("k3", "NOOP"));
    }

    @Test
    void answersAnOverlongLineOfGarbageUntaggedInsteadOfEchoingIt() {
        channel = newChannel(new ImapRequestDecoder());
        // Tag characters only, far past the line limit: no tag can be told apart from the garbage.
        channel.writeInbound(bytes("A".repeat(ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH + 100)));
        channel.writeInbound(bytes("\r\nm2 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(out).hasSize(2);
        assertThat(failedTag(out.get(0))).isNull();
        assertThat(out.get(1)).isEqualTo(request("m2", "NOOP"));
    }

    @Test
    void reportsAnOverlongLineAsEndlessOnceItPassesTheEndlessLength() {
        channel = newChannel(new ImapRequestDecoder());
        int endless = ImapRequestDecoder.ENDLESS_LINE_LENGTH;
        channel.writeInbound(bytes("e1 NOOP " + "x".repeat(endless - 8)));
        assertThat(failedTag(inbound().get(0))).as("the over-long line, at once").isEqualTo("e1");
        assertThat(inbound()).as("at the endless length").isEmpty();

        channel.writeInbound(bytes("x"));
        List<Object> out = inbound();
        assertThat(out).hasSize(1);
        assertThat(failedTag(out.get(0))).isNull();
        assertThat(((ImapRequest) out.get(0)).decoderResult().cause())
                .isInstanceOf(EndlessLineException.class);

        channel.writeInbound(bytes("x".repeat(100_000)));
        assertThat(inbound()).as("reported once").isEmpty();
        channel.writeInbound(bytes("\r\ne2 NOOP\r\n"));
        assertThat(inbound()).containsExactly(request("e2", "NOOP"));
    }

    @Test
    void anOverlongLineThatEndsWithinTheEndlessLengthIsOnlyTooLong() {
        List<Object> out = decode("e3 NOOP " + "x".repeat(ImapRequestDecoder.ENDLESS_LINE_LENGTH - 9) + "\r\ne4 NOOP\r\n");
        assertThat(out).hasSize(2);
        assertThat(failedTag(out.get(0))).isEqualTo("e3");
        assertThat(out.get(1)).isEqualTo(request("e4", "NOOP"));
    }

    @Test
    void acceptsAnIdCommandOfTheLargestSizeRfc2971AllowsOnOneLine() {
        // RFC 2971 §3.3: at most 30 field-value pairs, fields of at most 30 octets, values of at most 1,024.
        StringBuilder pairs = new StringBuilder();
        List<ImapArgument> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String field = "f%029d".formatted(i);
            String value = String.valueOf((char) ('a' + i % 26)).repeat(1024);
            pairs.append(i == 0 ? "" : " ").append('"').append(field).append("\" \"").append(value).append('"');
            expected.add(new QuotedString(field));
            expected.add(new QuotedString(value));
        }
        String id = "i1 ID (" + pairs + ")";
        assertThat(id.length()).as("about 32 KB, as imaptest's id test sends").isGreaterThan(31_000);

        List<Object> out = decode(id + "\r\ni2 NOOP\r\n");

        assertThat(out).containsExactly(request("i1", "ID", new ListArgument(expected)), request("i2", "NOOP"));
    }

    @Test
    void acceptsALineOfTheDefaultLimitAndAnswersOneByteMoreWithBadThenGoesOn() {
        int limit = ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH;

        List<Object> out = decode(idLine("l1", limit) + "\r\n" + idLine("l2", limit + 1) + "\r\nl3 NOOP\r\n");

        assertThat(out).hasSize(3);
        assertThat(((ImapRequest) out.get(0)).decoderResult().isSuccess()).isTrue();
        assertThat(((ImapRequest) out.get(0)).command()).isEqualTo("ID");
        assertThat(failedTag(out.get(1))).isEqualTo("l2");
        assertThat(((ImapRequest) out.get(1)).decoderResult().cause())
                .hasMessage("line longer than " + limit + " bytes").isNotInstanceOf(EndlessLineException.class);
        assertThat(out.get(2)).isEqualTo(request("l3", "NOOP"));
    }

    @Test
    void buffersOnlyWhatHasArrivedOfALineAndNothingOnceItIsDecoded() {
        // A connection pays for the bytes a client has sent, never for the limit: 10,000 connections in
        // IDLE must fit in a few KiB each.
        UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
        channel = newChannel(new ImapRequestDecoder());
        channel.config().setAllocator(allocator);
        String id = idLine("m1", 32 * 1024) + "\r\n";
        int trickled = 1600;
        for (int i = 0; i < trickled; i += 16) {
            channel.writeInbound(allocator.heapBuffer(16).writeBytes(id.substring(i, i + 16).getBytes(StandardCharsets.US_ASCII)));
        }
        assertThat(inbound()).isEmpty();
        assertThat(allocator.metric().usedHeapMemory()).as("held for %d bytes of a line", trickled)
                .isPositive().isLessThan(4096);

        channel.writeInbound(allocator.heapBuffer().writeBytes(id.substring(trickled).getBytes(StandardCharsets.US_ASCII)));
        assertThat(inbound()).hasSize(1);
        assertThat(allocator.metric().usedHeapMemory()).as("held once the line is decoded").isZero();
    }

    @Test
    void decodesALongLineTrickledAByteAtATime() {
        // The search for the line end resumes where the previous read left it; the result must not change.
        String input = idLine("n1", 4096) + "\r\n" + "n2 LOGIN {3}\r\njoe pw\r\n" + idLine("n3", 5000) + "\r\nn4 NOOP\r\n";
        ImapRequestDecoder decoder = new ImapRequestDecoder(4096, 100, 4, 4, 8192, 64, "go", false);
        channel = newChannel(decoder);
        for (byte b : input.getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        List<Object> out = inbound();
        assertThat(out).hasSize(4);
        assertThat(((ImapRequest) out.get(0)).decoderResult().isSuccess()).isTrue();
        assertThat(out.get(1)).isEqualTo(request("n2", "LOGIN", literal("joe"), new Atom("pw")));
        assertThat(failedTag(out.get(2))).isEqualTo("n3");
        assertThat(out.get(3)).isEqualTo(request("n4", "NOOP"));
        assertThat(outbound()).isEqualTo("+ go\r\n");
    }

    /** An {@code ID} command line of exactly {@code length} bytes (without CRLF). */
    private static String idLine(String tag, int length) {
        String prefix = tag + " ID (\"name\" \"";
        return prefix + "x".repeat(length - prefix.length() - 2) + "\")";
    }

    @Test
    void keepsTheTagOfAnOverlongLineWhenItEndsWithASpaceWithinTheTagLimit() {
        channel = newChannel(new ImapRequestDecoder());
        String tag = "t".repeat(ImapRequestDecoder.MAX_TAG_LENGTH);
        channel.writeInbound(bytes(tag + " NOOP " + "x".repeat(ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH) + "\r\n"));
        channel.writeInbound(bytes("t" + tag + " NOOP " + "x".repeat(ImapRequestDecoder.DEFAULT_MAX_LINE_LENGTH) + "\r\n"));

        List<Object> out = inbound();
        assertThat(out).hasSize(2);
        assertThat(failedTag(out.get(0))).isEqualTo(tag);
        assertThat(failedTag(out.get(1))).as("one character past the tag limit").isNull();
    }

    @Test
    void acceptsATagAtTheLengthLimitAndAnswersOneCharacterMoreUntagged() {
        String tag = "u".repeat(ImapRequestDecoder.MAX_TAG_LENGTH);
        List<Object> out = decode(tag + " NOOP\r\nu" + tag + " NOOP\r\nu" + tag + " X (\r\nm3 NOOP\r\n");

        assertThat(out).hasSize(4);
        assertThat(out.get(0)).isEqualTo(request(tag, "NOOP"));
        assertThat(failedTag(out.get(1))).isNull();
        assertThat(failedTag(out.get(2))).isNull();
        assertThat(out.get(3)).isEqualTo(request("m3", "NOOP"));
    }

    @Test
    void answersUntaggedWhenNoTagCanBeReadAndResyncs() {
        List<Object> out = decode("\r\n+x NOOP\r\nk4\r\nk5 NOOP\r\n");

        assertThat(out).hasSize(4);
        assertThat(failedTag(out.get(0))).isNull();
        assertThat(failedTag(out.get(1))).isNull();
        assertThat(failedTag(out.get(2))).isEqualTo("k4");
        assertThat(out.get(3)).isEqualTo(request("k5", "NOOP"));
    }

    @Test
    void rejectsSyntaxErrorsWithTheTagAndResyncs() {
        List<Object> out = decode("l1 LOGIN \"unterminated\r\nl2 SELECT (a\r\nl3 X a)\r\nl4 X a  b\r\n"
                + "l5 X \"bad \\escape\"\r\nl6 X a{3}x\r\nl7 X a\"b\r\nl8 NOOP\r\n");

        assertThat(out).hasSize(8);
        assertThat(out.subList(0, 7)).extracting(ImapRequestDecoderTest::failedTag)
                .containsExactly("l1", "l2", "l3", "l4", "l5", "l6", "l7");
        assertThat(out.get(7)).isEqualTo(request("l8", "NOOP"));
    }

    @Test
    void rejectsBareLineFeedUnlessAllowed() {
        assertThat(decode("m1 NOOP\nm2 NOOP\r\n")).extracting(ImapRequestDecoderTest::describe)
                .containsExactly("ImapRequest[m1 failed: line ended by a bare LF]", "ImapRequest[m2 NOOP []]");
        channel.finishAndReleaseAll();

        channel = newChannel(new ImapRequestDecoder(8192, 100, 4, 4, 8192, 64, "ok", true));
        channel.writeInbound(bytes("m3 NOOP\n"));
        assertThat(inbound()).containsExactly(request("m3", "NOOP"));
    }

    @Test
    void rejectsNulAndControlBytesInACommandLine() {
        List<Object> out = decode("n1 LOGIN \"a\0b\" x\r\nn2 NOOP\u0007\r\nn3 NOOP\r\n");

        assertThat(out).extracting(ImapRequestDecoderTest::describe).containsExactly(
                "ImapRequest[n1 failed: NUL byte in command line]",
                "ImapRequest[n2 failed: control character in command line]",
                "ImapRequest[n3 NOOP []]");
    }

    @Test
    void acceptsListsNestedToTheLimitAndRejectsOneLevelMore() {
        channel = newChannel(new ImapRequestDecoder(8192, 100, 4, 3, 8192, 64, "ok", false));
        channel.writeInbound(bytes("o1 X (((a)))\r\no2 X ((((a))))\r\n"));

        List<Object> out = inbound();
        assertThat(out.get(0)).isEqualTo(request("o1", "X", list(list(list(new Atom("a"))))));
        assertThat(describe(out.get(1))).isEqualTo("ImapRequest[o2 failed: lists nested deeper than 3]");
    }

    @Test
    void acceptsLiteralsPerCommandAtTheLimitAndRejectsOneMore() {
        channel = newChannel(new ImapRequestDecoder(8192, 100, 2, 4, 8192, 64, "ok", false));
        channel.writeInbound(bytes("p1 X {1+}\r\na {1+}\r\nb\r\np2 X {1+}\r\na {1+}\r\nb {1+}\r\nc\r\np3 NOOP\r\n"));

        List<Object> out = inbound();
        assertThat(out).extracting(ImapRequestDecoderTest::describe).containsExactly(
                "ImapRequest[p1 X [Literal[1 bytes], Literal[1 bytes]]]",
                "ImapRequest[p2 failed: more than 2 literals in one command]",
                "ImapRequest[p3 NOOP []]");
    }

    @Test
    void acceptsACommandAtTheSizeLimitAndRejectsOneByteMore() {
        // Size = line bytes without CRLF plus aggregated literal bytes: "q1 X {4}" (8) + 4 + " y" (2) = 14.
        channel = newChannel(new ImapRequestDecoder(14, 100, 4, 4, 14, 64, "ok", false));
        channel.writeInbound(bytes("q1 X {4}\r\nabcd y\r\n"));
        assertThat(inbound()).containsExactly(request("q1", "X", literal("abcd"), new Atom("y")));
        outbound();

        channel.writeInbound(bytes("q2 X {4}\r\nabcd yz\r\nq3 NOOP\r\n"));

        assertThat(inbound()).extracting(ImapRequestDecoderTest::describe).containsExactly(
                "ImapRequest[q2 failed: command longer than 14 bytes]", "ImapRequest[q3 NOOP []]");
    }

    @Test
    void rejectsALiteralThatWouldExceedTheCommandSizeBeforeTheContinuation() {
        channel = newChannel(new ImapRequestDecoder(16, 100, 4, 4, 16, 64, "ok", false));
        channel.writeInbound(bytes("q4 X {9}\r\n"));

        assertThat(outbound()).isEmpty();
        assertThat(failedTag(inbound().get(0))).isEqualTo("q4");
    }

    @Test
    void discardsBytesPipelinedAfterStartTls() {
        ImapRequestDecoder decoder = new ImapRequestDecoder();
        List<Object> received = new ArrayList<>();
        int[] dropped = new int[1];
        channel = new EmbeddedChannel(new ImapResponseEncoder(), decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                received.add(msg);
                if (msg instanceof ImapRequest request && "STARTTLS".equals(request.command())) {
                    dropped[0] = decoder.discardBufferedInput();
                }
            }
        });

        channel.writeInbound(bytes("s1 STARTTLS\r\ns2 LOGIN joe secret\r\n"));
        channel.writeInbound(bytes("s3 NOOP\r\n"));

        assertThat(received).containsExactly(request("s1", "STARTTLS"), request("s3", "NOOP"));
        assertThat(dropped[0]).isEqualTo("s2 LOGIN joe secret\r\n".length());
    }

    // --- helpers ---

    private List<Object> decode(String input) {
        channel = newChannel(new ImapRequestDecoder());
        channel.writeInbound(bytes(input));
        return inbound();
    }

    private static List<String> describeAll(Supplier<ImapRequestDecoder> decoders, byte[] input, int split) {
        EmbeddedChannel ch = newChannel(decoders.get());
        try {
            ch.writeInbound(Unpooled.copiedBuffer(input, 0, split));
            List<Object> first = drain(ch);
            ch.writeInbound(Unpooled.copiedBuffer(input, split, input.length - split));
            first.addAll(drain(ch));
            List<String> described = new ArrayList<>();
            StringBuilder content = null;
            for (Object message : first) {
                if (message instanceof ImapLiteralContent chunk) {
                    content = content == null ? new StringBuilder() : content;
                    content.append(chunk.content().toString(StandardCharsets.ISO_8859_1));
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        described.add("content:" + content);
                        content = null;
                    }
                } else {
                    described.add(describe(message));
                }
            }
            StringBuilder out = new StringBuilder();
            for (ByteBuf buf; (buf = ch.readOutbound()) != null; buf.release()) {
                out.append(buf.toString(StandardCharsets.US_ASCII));
            }
            described.add("outbound:" + out);
            return described;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        for (Object message; (message = ch.readInbound()) != null; ) {
            out.add(message);
        }
        return out;
    }

    private static String describe(Object message) {
        return message.toString();
    }

    private static EmbeddedChannel newChannel(ImapRequestDecoder decoder) {
        return new EmbeddedChannel(new ImapResponseEncoder(), decoder);
    }

    private List<Object> inbound() {
        return drain(channel);
    }

    private String outbound() {
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; buf.release()) {
            out.append(buf.toString(StandardCharsets.US_ASCII));
        }
        return out.toString();
    }

    private static String failedTag(Object message) {
        ImapRequest request = (ImapRequest) message;
        assertThat(request.decoderResult().isFailure()).as("failed: %s", request).isTrue();
        return request.tag();
    }

    private static ImapRequest request(String tag, String command, ImapArgument... arguments) {
        return new ImapRequest(tag, command, List.of(arguments));
    }

    private static ListArgument list(ImapArgument... elements) {
        return new ListArgument(List.of(elements));
    }

    private static Literal literal(String text) {
        return new Literal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
