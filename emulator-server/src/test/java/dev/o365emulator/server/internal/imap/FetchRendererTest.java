package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.codec.imap.FetchAttributes;
import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchRendererTest {

    static byte[] fixture(String name) {
        try (InputStream in = FetchRendererTest.class.getResourceAsStream("/imap/mime/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageHandle handle(String fixture, Flags flags) {
        return new MessageHandle(3, 42, flags, new StoredMessage(fixture(fixture),
                Instant.parse("2026-03-02T07:05:09Z")));
    }

    /** What the client reads: the response as the codec's encoder writes it. */
    static String wire(ImapUntaggedResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder());
        try {
            channel.writeOutbound(response);
            // A response with literals is written as several buffers: the client reads them as one stream.
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (ByteBuf buf; (buf = channel.readOutbound()) != null; buf.release()) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
            }
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    static List<FetchAttribute> attributes(String... items) {
        if (items.length == 1 && !items[0].contains(" ")) {
            return FetchAttributes.parse(new ImapArgument.Atom(items[0]));
        }
        return java.util.Arrays.stream(items).map(FetchAttributes::parseItem).toList();
    }

    static String fetch(String fixture, String... items) {
        return wire(FetchRenderer.render(3, handle(fixture, Flags.of("\\Seen", "$MDNSent")), attributes(items), false));
    }

    private static String text(String fixture) {
        return new String(fixture(fixture), StandardCharsets.UTF_8);
    }

    private static final String NESTED_BODYSTRUCTURE = "BODYSTRUCTURE ("
            + "(("
            + "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 65 2 NIL NIL NIL NIL)"
            + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"base64\" 90 2 NIL NIL NIL NIL)"
            + " \"alternative\" (\"boundary\" \"alt-3\") NIL NIL)"
            + "(\"image\" \"png\" (\"name\" \"logo.png\") \"<logo1@contoso.com>\" NIL \"base64\" 98"
            + " NIL (\"inline\" (\"filename\" \"logo.png\")) NIL NIL)"
            + " \"related\" (\"boundary\" \"related-2\" \"type\" \"multipart/alternative\") NIL NIL)"
            + "(\"application\" \"pdf\" (\"name\" \"=?UTF-8?B?QmVyaWNodCBmw7xyIFExLnBkZg==?=\") NIL \"Quarterly report\""
            + " \"base64\" 20 NIL (\"attachment\" (\"filename*\" \"utf-8''Bericht%20f%C3%BCr%20Q1.pdf\" \"size\" \"12\"))"
            + " (\"de\" \"en\") \"https://contoso.com/q1.pdf\")"
            + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 450"
            + " (\"Fri, 27 Feb 2026 09:00:00 +0000\" \"Inner draft\" ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\"))"
            + " ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\")) ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\"))"
            + " ((NIL NIL \"adele\" \"contoso.com\")) NIL NIL NIL \"<inner@contoso.com>\")"
            + " ((\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 21 1 NIL NIL NIL NIL)"
            + "(\"text\" \"html\" (\"charset\" \"iso-8859-1\") NIL NIL \"7BIT\" 20 1 NIL NIL NIL NIL)"
            + " \"alternative\" (\"boundary\" \"inner-4\") NIL NIL) 18 NIL NIL NIL NIL)"
            + " \"mixed\" (\"boundary\" \"mixed-1\") NIL \"en-US\")";

    @Test
    void rendersTheNestedStructureWithExtensionDataDispositionsLanguagesAndTheEmbeddedMessage() {
        assertThat(fetch("nested.eml", "BODYSTRUCTURE")).isEqualTo("* 3 FETCH (" + NESTED_BODYSTRUCTURE + ")\r\n");
    }

    @Test
    void rendersBodyAsTheStructureWithoutExtensionData() {
        assertThat(fetch("nested.eml", "BODY")).isEqualTo("* 3 FETCH (BODY ("
                + "(((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 65 2)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"base64\" 90 2) \"alternative\")"
                + "(\"image\" \"png\" (\"name\" \"logo.png\") \"<logo1@contoso.com>\" NIL \"base64\" 98) \"related\")"
                + "(\"application\" \"pdf\" (\"name\" \"=?UTF-8?B?QmVyaWNodCBmw7xyIFExLnBkZg==?=\") NIL"
                + " \"Quarterly report\" \"base64\" 20)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 450"
                + " (\"Fri, 27 Feb 2026 09:00:00 +0000\" \"Inner draft\" ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\"))"
                + " ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\")) ((\"Megan Bowen\" NIL \"megan\" \"contoso.com\"))"
                + " ((NIL NIL \"adele\" \"contoso.com\")) NIL NIL NIL \"<inner@contoso.com>\")"
                + " ((\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 21 1)"
                + "(\"text\" \"html\" (\"charset\" \"iso-8859-1\") NIL NIL \"7BIT\" 20 1) \"alternative\") 18)"
                + " \"mixed\"))\r\n");
    }

    @Test
    void rendersTheRfc3501ExampleMessageWithTheFullMacroInItsOrder() {
        // RFC 3501 §6.4.5/§7.4.2's example message; the shapes match Dovecot's (lower-case names).
        assertThat(fetch("simple.eml", "FULL")).isEqualTo("* 3 FETCH (FLAGS (\\Seen $MDNSent)"
                + " INTERNALDATE \"02-Mar-2026 07:05:09 +0000\" RFC822.SIZE 310"
                + " ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\" \"afternoon meeting\""
                + " ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.COM\")) ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.COM\"))"
                + " ((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.COM\")) ((NIL NIL \"mooch\" \"owatagu.siam.edu\"))"
                + " NIL NIL NIL \"<B27397-0100000@Blurdybloop.COM>\")"
                + " BODY (\"text\" \"plain\" (\"charset\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1))\r\n");
    }

    @Test
    void rendersTheAllAndFastMacros() {
        assertThat(fetch("simple.eml", "FAST")).isEqualTo(
                "* 3 FETCH (FLAGS (\\Seen $MDNSent) INTERNALDATE \"02-Mar-2026 07:05:09 +0000\" RFC822.SIZE 310)\r\n");
        assertThat(fetch("simple.eml", "ALL")).startsWith(
                "* 3 FETCH (FLAGS (\\Seen $MDNSent) INTERNALDATE \"02-Mar-2026 07:05:09 +0000\" RFC822.SIZE 310 ENVELOPE (")
                .endsWith("\"<B27397-0100000@Blurdybloop.COM>\"))\r\n");
    }

    @Test
    void rendersTheEnvelopeWithEncodedWordsKeptAndSenderAndReplyToDefaultingToFrom() {
        assertThat(fetch("encoded.eml", "ENVELOPE")).isEqualTo("* 3 FETCH (ENVELOPE (\"02 Mar 26 08:15 +0100\""
                + " \"=?ISO-8859-1?Q?=DCbersicht?= und Plan\""
                + " ((\"=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?=\" NIL \"joerg\" \"fabrikam.com\"))"
                + " ((\"=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?=\" NIL \"joerg\" \"fabrikam.com\"))"
                + " ((\"=?UTF-8?B?SsO2cmcgTcO8bGxlcg==?=\" NIL \"joerg\" \"fabrikam.com\"))"
                + " ((NIL NIL \"adele\" \"contoso.com\")) NIL ((NIL NIL \"hidden\" \"contoso.com\")) NIL NIL))\r\n");
        assertThat(fetch("nested.eml", "ENVELOPE")).contains(
                " ((\"Assistant\" NIL \"info\" \"contoso.com\")) ((\"=?UTF-8?B?QWTDqGxlIFZhbmNl?=\" NIL",
                " \"<earlier@contoso.com>\" \"<outer@contoso.com>\"))\r\n");
    }

    @Test
    void degradesAMalformedMessageInsteadOfFailing() {
        assertThat(fetch("malformed.eml", "BODYSTRUCTURE")).isEqualTo("* 3 FETCH (BODYSTRUCTURE ("
                + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 10 1 NIL NIL NIL NIL)"
                + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"base64\" 18 1 NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"open\") NIL NIL))\r\n");
        assertThat(fetch("malformed.eml", "ENVELOPE")).isEqualTo("* 3 FETCH (ENVELOPE (NIL \"no closing boundary\""
                + " ((NIL NIL \"broken sender\" NIL)) ((NIL NIL \"broken sender\" NIL)) ((NIL NIL \"broken sender\" NIL))"
                + " ((NIL NIL \"adele\" \"contoso.com\")) NIL NIL NIL NIL))\r\n");
    }

    @Test
    void rendersTheWholeMessageHeaderAndTextByteIdenticalToWhatWasStored() {
        String raw = text("nested.eml");
        int split = raw.indexOf("\r\n\r\n") + 4;
        String header = raw.substring(0, split);
        String body = raw.substring(split);
        assertThat(fetch("nested.eml", "BODY.PEEK[]")).isEqualTo(
                "* 3 FETCH (BODY[] {" + fixture("nested.eml").length + "}\r\n" + raw + ")\r\n");
        assertThat(fetch("nested.eml", "RFC822")).isEqualTo("* 3 FETCH (RFC822 {2171}\r\n" + raw + ")\r\n");
        assertThat(fetch("nested.eml", "RFC822.HEADER")).isEqualTo(
                "* 3 FETCH (RFC822.HEADER {" + header.length() + "}\r\n" + header + ")\r\n");
        assertThat(fetch("nested.eml", "BODY[HEADER]")).isEqualTo(
                "* 3 FETCH (BODY[HEADER] {" + header.length() + "}\r\n" + header + ")\r\n");
        assertThat(fetch("nested.eml", "RFC822.TEXT")).isEqualTo(
                "* 3 FETCH (RFC822.TEXT {" + body.length() + "}\r\n" + body + ")\r\n");
        assertThat(fetch("nested.eml", "BODY[TEXT]")).isEqualTo(
                "* 3 FETCH (BODY[TEXT] {" + body.length() + "}\r\n" + body + ")\r\n");
    }

    @Test
    void selectsHeaderFieldsWithTheirContinuationLinesAndEchoesTheRequestedNames() {
        assertThat(fetch("nested.eml", "BODY.PEEK[HEADER.FIELDS (from X-PRIORITY Bcc)]")).isEqualTo(
                "* 3 FETCH (BODY[HEADER.FIELDS (from X-PRIORITY Bcc)] {84}\r\n"
                        + "From: =?UTF-8?Q?Ad=C3=A8le_Vance?= <adele@contoso.com>\r\n"
                        + "X-Priority: 3\r\n (Normal)\r\n\r\n)\r\n");
        assertThat(fetch("simple.eml", "BODY[HEADER.FIELDS.NOT (Date From To Message-Id MIME-Version)]")).isEqualTo(
                "* 3 FETCH (BODY[HEADER.FIELDS.NOT (Date From To Message-Id MIME-Version)] {74}\r\n"
                        + "Subject: afternoon meeting\r\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\n)\r\n");
        assertThat(fetch("simple.eml", "BODY[HEADER.FIELDS (X-Missing)]")).isEqualTo(
                "* 3 FETCH (BODY[HEADER.FIELDS (X-Missing)] {2}\r\n\r\n)\r\n");
    }

    @Test
    void addressesPartsAndTheEmbeddedMessagesHeaderTextAndMime() {
        String inner = text("nested.eml");
        String innerHeader = inner.substring(inner.indexOf("Date: Fri"), inner.indexOf("--inner-4\r\n"));
        assertThat(fetch("nested.eml", "BODY[3.HEADER]")).isEqualTo(
                "* 3 FETCH (BODY[3.HEADER] {232}\r\n" + innerHeader + ")\r\n");
        assertThat(innerHeader).hasSize(232).endsWith("boundary=inner-4\r\n\r\n");
        assertThat(fetch("nested.eml", "BODY[3.1.MIME]", "BODY[3.1]")).isEqualTo("* 3 FETCH (BODY[3.1.MIME] {93}\r\n"
                + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + " BODY[3.1] {21}\r\nEntw=FCrfe im Anhang.)\r\n");
        assertThat(fetch("nested.eml", "BODY[3.HEADER.FIELDS (Subject)]")).isEqualTo(
                "* 3 FETCH (BODY[3.HEADER.FIELDS (Subject)] {24}\r\nSubject: Inner draft\r\n\r\n)\r\n");
        assertThat(fetch("nested.eml", "BODY[3.TEXT]")).startsWith("* 3 FETCH (BODY[3.TEXT] {").contains(
                "}\r\n--inner-4\r\nContent-Type: text/plain").endsWith("--inner-4--)\r\n");
        assertThat(fetch("nested.eml", "BODY[3]")).contains("{450}\r\nDate: Fri, 27 Feb 2026");
        assertThat(fetch("nested.eml", "BODY[1.1.1]")).isEqualTo("* 3 FETCH (BODY[1.1.1] {65}\r\n"
                + "Gr=C3=BC=C3=9Fe aus Redmond,\r\nthe quarterly figures are attached.)\r\n");
        assertThat(fetch("simple.eml", "BODY[1]")).isEqualTo(
                "* 3 FETCH (BODY[1] {55}\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n)\r\n");
    }

    @Test
    void answersNilForASectionTheMessageDoesNotHave() {
        assertThat(fetch("nested.eml", "BODY[9]", "BODY[1.HEADER]", "BODY[2.TEXT]", "BODY[1.1.1.2]"))
                .isEqualTo("* 3 FETCH (BODY[9] NIL BODY[1.HEADER] NIL BODY[2.TEXT] NIL BODY[1.1.1.2] NIL)\r\n");
        assertThat(fetch("simple.eml", "BODY[2]")).isEqualTo("* 3 FETCH (BODY[2] NIL)\r\n");
    }

    @Test
    void cutsAPartialFetchAndNamesItsOrigin() {
        assertThat(fetch("simple.eml", "BODY.PEEK[TEXT]<6.3>", "BODY[1]<50.100>", "BODY[]<0.4>"))
                .isEqualTo("* 3 FETCH (BODY[TEXT]<6> {3}\r\nJoe BODY[1]<50> {5}\r\now?\r\n BODY[]<0> {4}\r\nDate)\r\n");
        assertThat(fetch("simple.eml", "BODY[TEXT]<55.10>", "BODY[]<100000.3>"))
                .isEqualTo("* 3 FETCH (BODY[TEXT]<55> \"\" BODY[]<100000> \"\")\r\n");
    }

    @Test
    void putsAnImplicitUidLastAsOffice365DoesAndDoesNotRepeatARequestedOne() {
        MessageHandle message = handle("simple.eml", Flags.NONE);
        assertThat(wire(FetchRenderer.render(1, message, attributes("RFC822.SIZE"), true)))
                .isEqualTo("* 1 FETCH (RFC822.SIZE 310 UID 42)\r\n");
        assertThat(wire(FetchRenderer.render(7, message, attributes("FLAGS", "INTERNALDATE"), true)))
                .isEqualTo("* 7 FETCH (FLAGS () INTERNALDATE \"02-Mar-2026 07:05:09 +0000\" UID 42)\r\n");
        assertThat(wire(FetchRenderer.render(7, message, attributes("UID", "FLAGS"), true)))
                .isEqualTo("* 7 FETCH (UID 42 FLAGS ())\r\n");
        assertThat(wire(FetchRenderer.render(7, message, attributes("FLAGS", "UID"), true)))
                .isEqualTo("* 7 FETCH (FLAGS () UID 42)\r\n");
        assertThat(wire(FetchRenderer.render(7, message, attributes("RFC822.SIZE", "UID"), false)))
                .isEqualTo("* 7 FETCH (RFC822.SIZE 310 UID 42)\r\n");
    }

    @Test
    void rendersEveryFlagAndKeywordAndTheInternalDateInUtc() {
        MessageHandle message = new MessageHandle(1, 1,
                Flags.of("\\Draft", "\\Seen", "\\Flagged", "\\Answered", "\\Deleted", "Project"),
                new StoredMessage(fixture("simple.eml"), Instant.parse("1996-07-17T09:44:25Z")));
        assertThat(wire(FetchRenderer.render(1, message, attributes("FLAGS", "INTERNALDATE"), false))).isEqualTo(
                "* 1 FETCH (FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft Project)"
                        + " INTERNALDATE \"17-Jul-1996 09:44:25 +0000\")\r\n");
    }

    @Test
    void wrapsTheStoredBytesReadOnlyInsteadOfCopyingThem() {
        ImapUntaggedResponse response = FetchRenderer.render(3, handle("nested.eml", Flags.NONE),
                attributes("BODY.PEEK[1.1.2]"), false);
        try {
            ImapUntaggedResponse.Literal literal = (ImapUntaggedResponse.Literal) response.parts().get(1);
            assertThat(literal.content().isReadOnly()).isTrue();
            assertThat(literal.content().readableBytes()).isEqualTo(90);
        } finally {
            response.release();
        }
    }

    @Test
    void setsSeenOnlyForBodySectionsWithoutPeekAndTheRfc822BodyItems() {
        assertThat(FetchRenderer.setsSeen(attributes("BODY[]"))).isTrue();
        assertThat(FetchRenderer.setsSeen(attributes("BODY[1.MIME]"))).isTrue();
        assertThat(FetchRenderer.setsSeen(attributes("FLAGS", "BODY[HEADER.FIELDS (From)]"))).isTrue();
        assertThat(FetchRenderer.setsSeen(attributes("RFC822"))).isTrue();
        assertThat(FetchRenderer.setsSeen(attributes("RFC822.TEXT"))).isTrue();
        assertThat(FetchRenderer.setsSeen(attributes("BODY.PEEK[]"))).isFalse();
        assertThat(FetchRenderer.setsSeen(attributes("RFC822.HEADER"))).isFalse();
        assertThat(FetchRenderer.setsSeen(attributes("FULL"))).isFalse();
        assertThat(FetchRenderer.setsSeen(attributes("BODYSTRUCTURE", "ENVELOPE", "UID", "RFC822.SIZE"))).isFalse();
    }

    @Test
    void sendsNonAsciiHeaderValuesAsLiterals() {
        byte[] raw = "Subject: Grüße\r\nFrom: \"Jörg\" <j@fabrikam.com>\r\n\r\nHi\r\n".getBytes(StandardCharsets.UTF_8);
        MessageHandle message = new MessageHandle(1, 9, Flags.NONE, new StoredMessage(raw, Instant.EPOCH));
        assertThat(wire(FetchRenderer.render(1, message, attributes("ENVELOPE"), false))).isEqualTo(
                "* 1 FETCH (ENVELOPE (NIL {7}\r\nGrüße ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"j\" \"fabrikam.com\"))"
                        + " ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"j\" \"fabrikam.com\"))"
                        + " ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"j\" \"fabrikam.com\")) NIL NIL NIL NIL NIL))\r\n");
    }

    @Test
    void rendersAMessagesEnvelopeOnceAndKeepsItWithTheStructure() {
        MessageHandle message = handle("simple.eml", Flags.NONE);
        String first = wire(FetchRenderer.render(3, message, attributes("ENVELOPE"), false));
        String kept = message.message().structure().imapEnvelope(envelope -> {
            throw new AssertionError("rendered again");
        });
        assertThat(first).isEqualTo("* 3 FETCH (ENVELOPE " + kept + ")\r\n");
        assertThat(wire(FetchRenderer.render(3, message, attributes("ENVELOPE"), false))).isEqualTo(first);
    }

    @Test
    void writesAnEnvelopeThatNeedsLiteralsAnewEachTime() {
        byte[] raw = "Subject: say \"hi\"\r\nFrom: Adele <adele@contoso.com>\r\n\r\nbody\r\n"
                .getBytes(StandardCharsets.UTF_8);
        MessageHandle message = new MessageHandle(1, 1, Flags.NONE, new StoredMessage(raw, Instant.EPOCH));
        String expected = "* 1 FETCH (ENVELOPE (NIL {8}\r\nsay \"hi\" ((\"Adele\" NIL \"adele\" \"contoso.com\"))"
                + " ((\"Adele\" NIL \"adele\" \"contoso.com\")) ((\"Adele\" NIL \"adele\" \"contoso.com\"))"
                + " NIL NIL NIL NIL NIL))\r\n";
        assertThat(wire(FetchRenderer.render(1, message, attributes("ENVELOPE"), false))).isEqualTo(expected);
        assertThat(wire(FetchRenderer.render(1, message, attributes("ENVELOPE"), false))).isEqualTo(expected);
        assertThat(message.message().structure().imapEnvelope(e -> "not asked")).isEqualTo(EnvelopeWriter.NOT_TEXT);
    }
}
