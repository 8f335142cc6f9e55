package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageStructureTest {

    private static StoredMessage message(String text) {
        return new StoredMessage(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-03-01T10:00:00Z"));
    }

    private static String text(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String body(StoredMessage m, MimePart p) {
        return text(m.slice(p.bodyStart(), p.bodyEnd()));
    }

    private static final String NESTED = """
            From: "Adele Vance" <adele@contoso.com>
            To: alex@contoso.com, "Megan" <megan@contoso.com>
            Cc: undisclosed-recipients:;
            Subject: Quarterly report
            Date: Sun, 01 Mar 2026 10:00:00 +0000
            Message-ID: <outer@contoso.com>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="mixed"

            This is a multi-part message in MIME format.
            --mixed
            Content-Type: multipart/related; boundary=related

            --related
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hello plain
            second line
            --alt
            Content-Type: text/html; charset=utf-8

            <p>Hello <img src="cid:img1@contoso.com"></p>
            --alt--
            --related
            Content-Type: image/png; name=logo.png
            Content-ID: <img1@contoso.com>
            Content-Transfer-Encoding: base64
            Content-Disposition: inline; filename=logo.png

            iVBORw0KGgo=
            --related--
            --mixed
            Content-Type: application/pdf; name="report.pdf"
            Content-Disposition: attachment; filename="report.pdf"
            Content-Description: The report
            Content-Language: en
            Content-Location: https://contoso.com/report.pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --mixed
            Content-Type: message/rfc822

            From: megan@contoso.com
            Subject: Inner
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain

            inner text
            --inner
            Content-Type: text/html

            <b>inner</b>
            --inner--
            --mixed--
            epilogue
            """;

    @Test
    void parsesNestedAlternativeInsideRelatedInsideMixed() {
        StoredMessage m = message(NESTED);
        MessageStructure s = m.structure();
        MimePart root = s.root();
        assertThat(root.type() + "/" + root.subtype()).isEqualTo("multipart/mixed");
        assertThat(root.children()).hasSize(3);
        assertThat(s.part(1).orElseThrow().subtype()).isEqualTo("related");
        assertThat(s.part(1, 1).orElseThrow().subtype()).isEqualTo("alternative");

        MimePart plain = s.part(1, 1, 1).orElseThrow();
        assertThat(plain.type() + "/" + plain.subtype()).isEqualTo("text/plain");
        assertThat(plain.parameters()).containsEntry("charset", "utf-8");
        assertThat(plain.encoding()).isEqualTo("quoted-printable");
        assertThat(body(m, plain)).isEqualTo("Hello plain\r\nsecond line");
        assertThat(plain.lineCount()).isEqualTo(2);
        assertThat(plain.bodySize()).isEqualTo("Hello plain\r\nsecond line".length());

        MimePart html = s.part(1, 1, 2).orElseThrow();
        assertThat(html.subtype()).isEqualTo("html");
        MimePart image = s.part(1, 2).orElseThrow();
        assertThat(image.contentId()).isEqualTo("<img1@contoso.com>");
        assertThat(image.disposition()).isEqualTo("inline");
        assertThat(body(m, image)).isEqualTo("iVBORw0KGgo=");
        assertThat(s.part(1, 3)).isEmpty();
    }

    @Test
    void describesAttachmentsWithDispositionAndItsParameters() {
        StoredMessage m = message(NESTED);
        MimePart pdf = m.structure().part(2).orElseThrow();
        assertThat(pdf.type() + "/" + pdf.subtype()).isEqualTo("application/pdf");
        assertThat(pdf.parameters()).containsEntry("name", "report.pdf");
        assertThat(pdf.disposition()).isEqualTo("attachment");
        assertThat(pdf.dispositionParameters()).containsEntry("filename", "report.pdf");
        assertThat(pdf.description()).isEqualTo("The report");
        assertThat(pdf.language()).isEqualTo("en");
        assertThat(pdf.location()).isEqualTo("https://contoso.com/report.pdf");
        assertThat(pdf.md5()).isNull();
        assertThat(pdf.lineCount()).isZero();
        assertThat(text(m.slice(pdf.headerStart(), pdf.bodyStart())))
                .startsWith("Content-Type: application/pdf").endsWith("base64\r\n\r\n");
    }

    @Test
    void embeddedMessageHasItsOwnEnvelopeAndNumbersItsPartsThroughIt() {
        StoredMessage m = message(NESTED);
        MessageStructure s = m.structure();
        MimePart rfc822 = s.part(3).orElseThrow();
        assertThat(rfc822.isMessage()).isTrue();
        assertThat(rfc822.envelope().subject()).isEqualTo("Inner");
        assertThat(rfc822.envelope().from()).extracting(EnvelopeAddress::mailbox).containsExactly("megan");
        assertThat(rfc822.message().subtype()).isEqualTo("alternative");
        assertThat(rfc822.lineCount()).isGreaterThan(5);
        assertThat(body(m, s.part(3, 1).orElseThrow())).isEqualTo("inner text");
        assertThat(body(m, s.part(3, 2).orElseThrow())).isEqualTo("<b>inner</b>");
        // BODY[3.HEADER] is the embedded message's header.
        assertThat(text(m.slice(rfc822.message().headerStart(), rfc822.message().bodyStart())))
                .startsWith("From: megan@contoso.com\r\n").endsWith("boundary=inner\r\n\r\n");
    }

    @Test
    void envelopeCarriesRawHeadersAndParsedAddresses() {
        Envelope e = message(NESTED).structure().envelope();
        assertThat(e.subject()).isEqualTo("Quarterly report");
        assertThat(e.date()).isEqualTo("Sun, 01 Mar 2026 10:00:00 +0000");
        assertThat(e.messageId()).isEqualTo("<outer@contoso.com>");
        assertThat(e.from()).containsExactly(new EnvelopeAddress("Adele Vance", null, "adele", "contoso.com"));
        assertThat(e.sender()).isEqualTo(e.from());
        assertThat(e.replyTo()).isEqualTo(e.from());
        assertThat(e.to()).extracting(EnvelopeAddress::mailbox).containsExactly("alex", "megan");
        // An empty group is not an empty list (RFC 3501 §7.4.2): its start and end markers stay.
        assertThat(e.cc()).containsExactly(EnvelopeAddress.groupStart("undisclosed-recipients"), EnvelopeAddress.GROUP_END);
        assertThat(e.bcc()).isEmpty();
        assertThat(e.inReplyTo()).isNull();
    }

    @Test
    void singlePartMessageIsItsOwnPartOne() {
        StoredMessage m = message("Subject: hi\n\nline one\nline two\n");
        MessageStructure s = m.structure();
        assertThat(s.part(1)).contains(s.root());
        assertThat(s.root().parameters()).containsEntry("charset", "us-ascii");
        assertThat(s.root().encoding()).isEqualTo("7BIT");
        assertThat(s.root().lineCount()).isEqualTo(2);
        assertThat(body(m, s.root())).isEqualTo("line one\r\nline two\r\n");
        assertThat(text(m.slice(0, s.root().bodyStart()))).isEqualTo("Subject: hi\r\n\r\n");
        assertThat(s.part(2)).isEmpty();
    }

    @Test
    void multipartWithoutBoundaryOrWithAnAbsentBoundaryDegradesToPlainText() {
        for (String header : new String[] {"Content-Type: multipart/mixed", "Content-Type: multipart/mixed; boundary=zz"}) {
            MessageStructure s = message(header + "\n\n--other\nContent-Type: text/html\n\nx\n").structure();
            assertThat(s.root().type() + "/" + s.root().subtype()).isEqualTo("text/plain");
            assertThat(s.root().children()).isEmpty();
            assertThat(s.root().bodySize()).isPositive();
        }
    }

    @Test
    void unterminatedMultipartKeepsItsLastPartToTheEnd() {
        StoredMessage m = message("Content-Type: multipart/mixed; boundary=b\n\n--b\n\none\n--b\n\ntwo\nthree");
        MessageStructure s = m.structure();
        assertThat(s.root().children()).hasSize(2);
        assertThat(body(m, s.part(1).orElseThrow())).isEqualTo("one");
        assertThat(body(m, s.part(2).orElseThrow())).isEqualTo("two\r\nthree");
    }

    @Test
    void headerWithoutBlankLineMeansAnEmptyBody() {
        StoredMessage m = message("Subject: only a header\nFrom: a@b.c");
        assertThat(m.structure().root().bodySize()).isZero();
        assertThat(m.structure().envelope().subject()).isEqualTo("only a header");
    }

    @Test
    void junkHeadersAndEightBitBytesDoNotThrow() {
        byte[] raw = ("Content-Type: garbage\r\nthis line has no colon\r\nSubject: caf\u00e9 \r\n"
                + "From: <<<@@@>>>\r\nTo: \"unterminated\r\nX-Bin: ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x80, '\r', '\n', '\r', '\n', (byte) 0xc3, 'x'};
        byte[] all = new byte[raw.length + junk.length];
        System.arraycopy(raw, 0, all, 0, raw.length);
        System.arraycopy(junk, 0, all, raw.length, junk.length);
        MessageStructure s = new StoredMessage(all, Instant.EPOCH).structure();
        assertThat(s.root().type()).isEqualTo("text");
        assertThat(s.envelope().subject()).isEqualTo("caf\u00e9");
        assertThat(s.root().bodySize()).isEqualTo(2);
    }

    @Test
    void deepNestingStopsSplittingInsteadOfOverflowing() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        b.append("\nleaf\n");
        MessageStructure s = message(b.toString()).structure();
        int depth = 0;
        MimePart p = s.root();
        while (p.isMultipart()) {
            p = p.children().get(0);
            depth++;
        }
        assertThat(depth).isLessThanOrEqualTo(MimeParser.MAX_DEPTH + 1);
    }

    @Test
    void bareLineFeedsAreUnderstood() {
        byte[] raw = "Content-Type: multipart/alternative; boundary=x\n\n--x\n\na\n--x\n\nb\n--x--\n"
                .getBytes(StandardCharsets.US_ASCII);
        StoredMessage m = new StoredMessage(raw, Instant.EPOCH);
        assertThat(m.structure().root().children()).hasSize(2);
        assertThat(body(m, m.structure().part(2).orElseThrow())).isEqualTo("b");
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        byte[] alphabet = "-\r\n:; =\"boundary Content-Type multipart/mixed message/rfc822 --b".getBytes(
                StandardCharsets.US_ASCII);
        for (int i = 0; i < 300; i++) {
            byte[] raw = new byte[random.nextInt(400)];
            for (int j = 0; j < raw.length; j++) {
                raw[j] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            MessageStructure s = new StoredMessage(raw, Instant.EPOCH).structure();
            assertThat(s.root().bodyEnd()).isLessThanOrEqualTo(raw.length);
            assertThat(s.root().bodyStart()).isLessThanOrEqualTo(s.root().bodyEnd());
        }
    }

    @Test
    void structureIsParsedOnceAndRawBytesAreReadOnlyViews() {
        StoredMessage m = message(NESTED);
        assertThat(m.structure()).isSameAs(m.structure());
        assertThat(m.raw().isReadOnly()).isTrue();
        assertThat(m.raw().remaining()).isEqualTo(m.size());
    }

    @Test
    void deeplyNestedEmbeddedMessagesEndAsOpaqueParts() {
        String nested = "Subject: leaf\n\nleaf\n";
        for (int i = 0; i < 100; i++) {
            nested = "Subject: level " + i + "\nContent-Type: message/rfc822\n\n" + nested;
        }
        MimePart p = message(nested).structure().root();
        int depth = 0;
        while (p.isMessage()) {
            p = p.message();
            depth++;
        }
        assertThat(depth).isLessThanOrEqualTo(MimeParser.MAX_DEPTH);
        assertThat(p.type() + "/" + p.subtype()).isEqualTo("application/octet-stream");
    }

    @Test
    void nonAsciiDisplayNamesGoBackOnTheWireAsEncodedWords() {
        Envelope e = message("From: =?UTF-8?B?QWTDqGxl?= <adele@contoso.com>\nTo: Alex <alex@contoso.com>\n\nx\n")
                .structure().envelope();
        assertThat(e.from().get(0).name()).isEqualTo("Ad\u00e8le");
        assertThat(e.from().get(0).imapName()).isEqualTo("=?UTF-8?B?QWTDqGxl?=");
        assertThat(e.to().get(0).imapName()).isEqualTo("Alex");
    }
}
