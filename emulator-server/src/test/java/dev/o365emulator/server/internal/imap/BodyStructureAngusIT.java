package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.codec.imap.FetchAttributes;
import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MessageHandle;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Angus Mail's own IMAP response parser reads the BODYSTRUCTURE, ENVELOPE and BODY[] the renderer produces
 * for a MIME-heavy message delivered through the emulator, and finds the structure Angus Mail's MIME parser
 * sees in the original bytes. (The IMAP session is merged separately; this checks the rendered bytes.)
 */
class BodyStructureAngusIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults()
            .withoutReset();
    private static MessageHandle delivered;
    private static byte[] original;

    @BeforeAll
    static void deliverTheMimeHeavyFixture() {
        original = FetchRendererTest.fixture("nested.eml");
        MailDelivery.RecipientResult result = emulator.delivery().deliver("adele@contoso.com", original.clone());
        assertThat(result).isInstanceOf(MailDelivery.RecipientResult.Delivered.class);
        delivered = emulator.store().mailbox("adele@contoso.com").orElseThrow().inbox().snapshot().messages().get(0);
    }

    /** The FETCH response as Angus Mail parses it off the wire. */
    private static FetchResponse angusFetch(String items) throws Exception {
        String wire = FetchRendererTest.wire(FetchRenderer.render(delivered.sequence(), delivered,
                FetchAttributes.parse(new ImapArgument.Atom(items)), true));
        return new FetchResponse(new IMAPResponse(wire));
    }

    private static MimeMessage originalParsedByAngus() throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(original));
    }

    @Test
    void angusMailReadsTheBodyStructureAsTheStructureOfTheOriginalMessage() throws Exception {
        FetchResponse fetch = angusFetch("BODYSTRUCTURE");
        assertThat(fetch.getItem(UID.class).uid).isEqualTo(delivered.uid());
        BODYSTRUCTURE structure = fetch.getItem(BODYSTRUCTURE.class);

        assertSameStructure(structure, originalParsedByAngus(), "");

        // The shape, spelled out: mixed(related(alternative(plain, html), png), pdf, rfc822(alternative(plain, html))).
        assertThat(structure.isMulti()).isTrue();
        assertThat(structure.subtype).isEqualTo("mixed");
        assertThat(structure.language).containsExactly("en-US");
        BODYSTRUCTURE related = structure.bodies[0];
        assertThat(related.subtype).isEqualTo("related");
        assertThat(related.cParams.get("type")).isEqualTo("multipart/alternative");
        BODYSTRUCTURE alternative = related.bodies[0];
        assertThat(alternative.subtype).isEqualTo("alternative");
        assertThat(alternative.bodies).extracting(b -> b.type + "/" + b.subtype).containsExactly("text/plain", "text/html");
        assertThat(alternative.bodies[0].lines).isEqualTo(2);
        BODYSTRUCTURE logo = related.bodies[1];
        assertThat(logo.disposition).isEqualTo("inline");
        assertThat(logo.id).isEqualTo("<logo1@contoso.com>");
        BODYSTRUCTURE pdf = structure.bodies[1];
        assertThat(pdf.disposition).isEqualTo("attachment");
        assertThat(pdf.dParams.get("filename")).as("RFC 2231, decoded by Angus Mail").isEqualTo("Bericht für Q1.pdf");
        assertThat(MimeUtility.decodeText(pdf.cParams.get("name"))).isEqualTo("Bericht für Q1.pdf");
        assertThat(pdf.language).containsExactly("de", "en");
        assertThat(pdf.description).isEqualTo("Quarterly report");
        BODYSTRUCTURE forwarded = structure.bodies[2];
        assertThat(forwarded.isNested()).isTrue();
        assertThat(forwarded.envelope.subject).isEqualTo("Inner draft");
        assertThat(forwarded.envelope.messageId).isEqualTo("<inner@contoso.com>");
        assertThat(forwarded.bodies[0].subtype).isEqualTo("alternative");
        assertThat(forwarded.bodies[0].bodies[0].cParams.get("charset")).isEqualTo("iso-8859-1");
    }

    @Test
    void angusMailReadsTheEnvelopeAsTheOriginalHeaders() throws Exception {
        ENVELOPE envelope = angusFetch("ALL").getItem(ENVELOPE.class);
        MimeMessage message = originalParsedByAngus();
        assertThat(MimeUtility.decodeText(envelope.subject)).isEqualTo(message.getSubject())
                .isEqualTo("Quartalsbericht für Q1");
        assertThat(envelope.date).isEqualTo(message.getSentDate());
        assertThat(envelope.from).containsExactly((InternetAddress[]) message.getFrom());
        assertThat(envelope.from[0].getPersonal()).isEqualTo("Adèle Vance");
        assertThat(envelope.sender).containsExactly((InternetAddress) message.getSender());
        assertThat(envelope.to).containsExactly((InternetAddress[]) message.getRecipients(MimeMessage.RecipientType.TO));
        assertThat(envelope.cc).containsExactly((InternetAddress[]) message.getRecipients(MimeMessage.RecipientType.CC));
        assertThat(envelope.bcc).isNull();
        assertThat(envelope.inReplyTo).isEqualTo("<earlier@contoso.com>");
        assertThat(envelope.messageId).isEqualTo(message.getMessageID());
    }

    @Test
    void angusMailReadsTheWholeMessageByteIdenticalToWhatWasDelivered() throws Exception {
        BODY body = angusFetch("BODY.PEEK[]").getItem(BODY.class);
        assertThat(body.getSection()).isEmpty();
        assertThat(body.getByteArray().getNewBytes()).isEqualTo(original);
    }

    /** Compares one BODYSTRUCTURE node with the part Angus Mail's MIME parser built from the same bytes. */
    private static void assertSameStructure(BODYSTRUCTURE structure, Part part, String path) throws Exception {
        ContentType type = new ContentType(part.getContentType());
        String where = "part '" + path + "' (" + type.getBaseType() + ")";
        assertThat(structure.type + "/" + structure.subtype).as(where).isEqualToIgnoringCase(type.getBaseType());
        if (type.getParameterList() == null) {
            assertThat(structure.cParams).as(where).isNull();
        }
        for (String name : type.getParameterList() == null ? List.<String>of()
                : java.util.Collections.list(type.getParameterList().getNames())) {
            assertThat(MimeUtility.decodeText(structure.cParams.get(name))).as(where + " parameter " + name)
                    .isEqualTo(MimeUtility.decodeText(type.getParameter(name)));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            assertThat(structure.isMulti()).as(where).isTrue();
            assertThat(structure.bodies).as(where).hasSize(multipart.getCount());
            for (int i = 0; i < multipart.getCount(); i++) {
                assertSameStructure(structure.bodies[i], multipart.getBodyPart(i), path + (path.isEmpty() ? "" : ".") + (i + 1));
            }
        } else {
            assertThat(structure.size).as(where + " size").isEqualTo(part.getSize());
            assertThat(structure.encoding).as(where).isEqualToIgnoringCase(((MimePart) part).getEncoding() == null
                    ? "7bit" : ((MimePart) part).getEncoding());
            assertThat(structure.id).as(where).isEqualTo(((MimePart) part).getContentID());
            assertThat(structure.description).as(where).isEqualTo(part.getDescription());
            assertThat(structure.disposition).as(where).isEqualTo(part.getDisposition());
            assertThat(structure.dParams == null ? null : structure.dParams.get("filename")).as(where)
                    .isEqualTo(part.getFileName() == null || part.getDisposition() == null ? null : part.getFileName());
            if (part.isMimeType("message/rfc822")) {
                assertThat(structure.isNested()).as(where).isTrue();
                MimeMessage embedded = (MimeMessage) part.getContent();
                assertThat(structure.envelope.subject).isEqualTo(embedded.getSubject());
                assertSameStructure(structure.bodies[0], embedded, path);
            }
        }
        String[] languages = ((MimePart) part).getContentLanguage();
        assertThat(structure.language == null ? null : Arrays.asList(structure.language)).as(where + " language")
                .isEqualTo(languages == null ? null : List.of(languages));
        // Angus Mail parses body-fld-loc but keeps no field for it; FetchRendererTest pins it byte for byte.
    }
}
