package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MIME-heavy fixture read over a real IMAPS session by Angus Mail's IMAP store: the part tree
 * Angus builds from the emulator's BODYSTRUCTURE (and the part contents it fetches section by
 * section) matches the tree Angus builds from the original bytes.
 */
class BodyStructureOverImapIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAPS))
            .withoutReset();
    private static byte[] original;

    @BeforeAll
    static void deliver() throws Exception {
        try (InputStream in = BodyStructureOverImapIT.class.getResourceAsStream("/imap/mime/nested.eml")) {
            original = in.readAllBytes();
        }
        emulator.delivery().deliver(DefaultTenant.ALEX, original.clone());
    }

    @Test
    void angusMailSeesTheOriginalPartTreeThroughBodyStructure() throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.host", "127.0.0.1");
        props.put("mail.imaps.port", String.valueOf(emulator.port(Endpoint.IMAPS)));
        props.put("mail.imaps.ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put("mail.imaps.ssl.checkserveridentity", "true");
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "5000");
        Session session = Session.getInstance(props);
        MimeMessage local = new MimeMessage(session, new ByteArrayInputStream(original));
        Store store = session.getStore("imaps");
        store.connect(DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message remote = inbox.getMessage(1);
            List<String> fromServer = new ArrayList<>();
            List<String> fromBytes = new ArrayList<>();
            describe(remote, "", fromServer);
            describe(local, "", fromBytes);
            assertThat(fromServer).hasSizeGreaterThan(5).containsExactlyElementsOf(fromBytes);
            assertThat(remote.getSubject()).isEqualTo(local.getSubject());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** One line per part: path, base type, disposition, file name, and the decoded content of text parts. */
    private static void describe(Part part, String path, List<String> out) throws Exception {
        String type = new ContentType(part.getContentType()).getBaseType().toLowerCase(java.util.Locale.ROOT);
        String line = path + " " + type + " " + part.getDisposition() + " " + part.getFileName();
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            out.add(line + " parts=" + multipart.getCount());
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                describe(child, path + "." + (i + 1), out);
            }
        } else if (content instanceof String text) {
            out.add(line + " text=" + text.strip().hashCode());
        } else if (content instanceof Message embedded) {
            out.add(line + " message subject=" + embedded.getSubject());
            describe(embedded, path + ".m", out);
        } else if (content instanceof InputStream stream) {
            try (stream) {
                out.add(line + " bytes=" + java.util.Arrays.hashCode(stream.readAllBytes()));
            }
        } else {
            out.add(line + " " + content.getClass().getSimpleName());
        }
    }
}
