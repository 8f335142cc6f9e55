package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BodyStructureWriterTest {

    private static String bodyStructure(String message) {
        byte[] raw = message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        MessageHandle handle = new MessageHandle(1, 1, Flags.NONE, new StoredMessage(raw, Instant.EPOCH));
        return FetchRendererTest.wire(FetchRenderer.render(1, handle, FetchRendererTest.attributes("BODYSTRUCTURE"), false));
    }

    @Test
    void describesAMessageWithoutContentTypeAsUsAsciiPlainText() {
        assertThat(bodyStructure("Subject: x\n\nline one\nline two\n")).isEqualTo(
                "* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 20 2"
                        + " NIL NIL NIL NIL))\r\n");
    }

    @Test
    void addsTheDefaultCharsetToTextThatNamesNone() {
        assertThat(bodyStructure("Content-Type: text/html; format=flowed\n\n<p>\n")).isEqualTo(
                "* 1 FETCH (BODYSTRUCTURE (\"text\" \"html\" (\"charset\" \"us-ascii\" \"format\" \"flowed\") NIL NIL"
                        + " \"7BIT\" 5 1 NIL NIL NIL NIL))\r\n");
    }

    @Test
    void sendsAParameterValueWithAQuoteAsALiteralAndPassesRfc2231ContinuationsThrough() {
        assertThat(bodyStructure("""
                Content-Type: application/octet-stream; name="say \\"hi\\".bin"
                Content-Disposition: attachment; filename*0*=utf-8''Gr%C3%BC; filename*1*=%C3%9Fe.txt

                AAAA
                """)).isEqualTo("* 1 FETCH (BODYSTRUCTURE (\"application\" \"octet-stream\" (\"name\" {12}\r\n"
                + "say \"hi\".bin) NIL NIL \"7BIT\" 6 NIL (\"attachment\" (\"filename*0*\" \"utf-8''Gr%C3%BC\""
                + " \"filename*1*\" \"%C3%9Fe.txt\")) NIL NIL))\r\n");
    }

    @Test
    void describesDigestPartsWithoutContentTypeAsEmbeddedMessages() {
        assertThat(bodyStructure("""
                Content-Type: multipart/digest; boundary=d

                --d

                Subject: one

                first
                --d--
                """)).isEqualTo("* 1 FETCH (BODYSTRUCTURE ((\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 21"
                + " (NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 5 1 NIL NIL NIL NIL) 3"
                + " NIL NIL NIL NIL) \"digest\" (\"boundary\" \"d\") NIL NIL))\r\n");
    }

    @Test
    void writesDispositionAndLanguageOfAMultipartInItsExtensionData() {
        assertThat(bodyStructure("""
                Content-Type: multipart/alternative; boundary=a
                Content-Disposition: inline
                Content-Language: fr, de
                Content-Location: body.html

                --a
                Content-Type: text/plain; charset=utf-8

                salut
                --a--
                """)).isEqualTo("* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL"
                + " \"7BIT\" 5 1 NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"a\") (\"inline\" NIL) (\"fr\" \"de\")"
                + " \"body.html\"))\r\n");
    }

    @Test
    void encodesANonAsciiParameterValueAsOneEncodedWord() {
        assertThat(BodyStructureWriter.wireValue("Grüße.txt")).isEqualTo("=?UTF-8?B?R3LDvMOfZS50eHQ=?=");
        assertThat(BodyStructureWriter.wireValue("plain.txt")).isEqualTo("plain.txt");
        assertThat(BodyStructureWriter.wireValue(null)).isEmpty();
    }
}
