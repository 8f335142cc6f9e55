package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real IMAP clients against the emulator: Angus Mail (993 and 143 + STARTTLS), Python's imaplib and curl. */
class ImapRealClientIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String PASSWORD = DefaultTenant.ADELE_PASSWORD;
    private static final byte[] MESSAGE = ("From: Alex Wilber <alex@contoso.com>\r\nTo: adele@contoso.com\r\n"
            + "Subject: Quarterly report\r\nMessage-ID: <q1@contoso.com>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Grüße aus Redmond.\r\n.leading dot stays\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP, Endpoint.IMAPS));
    private static String ca;

    @BeforeAll
    static void start() {
        ca = emulator.certificates().caPem().toString();
    }

    private static Store angus(boolean startTls) throws MessagingException {
        String protocol = startTls ? "imap" : "imaps";
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", String.valueOf(emulator.port(startTls ? Endpoint.IMAP : Endpoint.IMAPS)));
        props.put("mail." + protocol + ".ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".connectiontimeout", "5000");
        props.put("mail." + protocol + ".timeout", "10000");
        // Whole-body fetches: partial BODY[]<n.m> belongs to the full FETCH renderer.
        props.put("mail." + protocol + ".partialfetch", "false");
        if (startTls) {
            props.put("mail.imap.starttls.enable", "true");
            props.put("mail.imap.starttls.required", "true");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(ADELE, PASSWORD);
        return store;
    }

    private static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void angusReadsADeliveredMessageBackByteIdenticalOverImplicitTls() throws Exception {
        emulator.delivery().deliver(ADELE, MESSAGE.clone());
        Store store = angus(false);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            IMAPMessage message = (IMAPMessage) inbox.getMessage(1);
            assertThat(readAll(message.getMimeStream())).isEqualTo(MESSAGE);
            assertThat(message.getSize()).isEqualTo(MESSAGE.length);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void angusAppendsOverStartTlsAndReadsTheMessageBack() throws Exception {
        Store store = angus(true);
        try {
            IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
            MimeMessage draft = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(MESSAGE));
            long uid = drafts.appendUIDMessages(new Message[] {draft})[0].uid;
            assertThat(uid).isEqualTo(1);
            drafts.open(Folder.READ_WRITE);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            ((IMAPMessage) drafts.getMessageByUID(uid)).writeTo(copy);
            assertThat(new String(copy.toByteArray(), StandardCharsets.UTF_8)).contains("Subject: Quarterly report");
            assertThat(readAll(((IMAPMessage) drafts.getMessageByUID(uid)).getMimeStream())).isEqualTo(MESSAGE);
            drafts.close(false);
        } finally {
            store.close();
        }
        SessionRecord record = emulator.journal().sessions().stream()
                .filter(s -> s.endpoint() == Endpoint.IMAP).reduce((a, b) -> b).orElseThrow();
        assertThat(record.tls()).isPresent();
    }

    @Test
    void angusSeesFlagsAnotherClientChanged() throws Exception {
        emulator.delivery().deliver(ADELE, MESSAGE.clone());
        Store reader = angus(false);
        Store writer = angus(true);
        try {
            Folder watched = reader.getFolder("INBOX");
            watched.open(Folder.READ_WRITE);
            Message seenByReader = watched.getMessage(1);
            assertThat(seenByReader.isSet(Flags.Flag.SEEN)).isFalse();
            Folder changed = writer.getFolder("INBOX");
            changed.open(Folder.READ_WRITE);
            changed.getMessage(1).setFlag(Flags.Flag.SEEN, true);
            changed.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);
            // getMessageCount() sends a NOOP, whose unsolicited FETCH FLAGS Angus applies to its cache.
            Await.until("the reader to see \\Seen and \\Flagged", Duration.ofSeconds(5), () -> {
                try {
                    watched.getMessageCount();
                    return seenByReader.isSet(Flags.Flag.SEEN) && seenByReader.isSet(Flags.Flag.FLAGGED);
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            reader.close();
            writer.close();
        }
    }

    @Test
    void angusInIdleHearsOfANewDeliveryPromptly() throws Exception {
        Store store = angus(false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            AtomicInteger added = new AtomicInteger();
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    added.addAndGet(e.getMessages().length);
                }
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread idler = new Thread(() -> {
                try {
                    inbox.idle(true);
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            idler.start();
            SessionRecord record = emulator.journal().sessions().stream()
                    .filter(s -> s.endpoint() == Endpoint.IMAPS).reduce((a, b) -> b).orElseThrow();
            Await.until("the client to be in IDLE", Duration.ofSeconds(5), () -> record.transcript().stream()
                    .anyMatch(line -> line.text().equals("+ " + ImapReplies.IDLE_CONTINUATION)));
            emulator.delivery().deliver(ADELE, MESSAGE.clone());
            idler.join(Duration.ofSeconds(5).toMillis());
            assertThat(idler.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            Await.until("the listener to hear of the message", Duration.ofSeconds(5), () -> added.get() == 1);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
        } finally {
            store.close();
        }
    }

    @Test
    void angusReportsEachPolicyRefusal() throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put("mail.imaps.port", String.valueOf(emulator.port(Endpoint.IMAPS)));
        Session session = Session.getInstance(props);
        assertThatThrownBy(() -> session.getStore("imaps").connect("127.0.0.1", ADELE, "wrong"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage("AUTHENTICATE failed.");

        emulator.tenant().update(s -> s.basicAuthBlocked(Protocol.IMAP, true));
        assertThatThrownBy(() -> session.getStore("imaps").connect("127.0.0.1", ADELE, PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class).hasMessage("Basic authentication is disabled.");
        emulator.tenant().reset();

        emulator.tenant().updateMailbox(ADELE, m -> m.imapEnabled(false));
        Store store = session.getStore("imaps");
        store.connect("127.0.0.1", ADELE, PASSWORD);
        try {
            assertThatThrownBy(() -> store.getFolder("INBOX").open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class).hasMessageContaining("User is authenticated but not connected.");
        } finally {
            store.close();
        }
    }

    @Test
    void pythonImaplibFetchesTheDeliveredBytesAndSeesFailures() throws Exception {
        ExternalClient.assumeInstalled("python3");
        emulator.delivery().deliver(ADELE, MESSAGE.clone());
        String script = String.join("\n",
                "import imaplib, ssl, sys, hashlib",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "m = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)",
                "print('greeting', m.welcome.decode())",
                "typ, data = m.login(sys.argv[4], sys.argv[5])",
                "print('login', typ, data[0].decode())",
                "typ, data = m.select('INBOX')",
                "print('select', typ, data[0].decode())",
                "typ, data = m.uid('FETCH', '1', '(BODY.PEEK[])')",
                "print('sha256', hashlib.sha256(data[0][1]).hexdigest())",
                "typ, data = m.list()",
                "print('list', data[0].decode())",
                "m.logout()",
                "bad = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)",
                "try:",
                "    bad.login(sys.argv[4], 'wrong')",
                "except imaplib.IMAP4.error as e:",
                "    print('refused', e)");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.IMAPS)), ca, ADELE, PASSWORD), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("greeting * OK The Microsoft Exchange IMAP4 service is ready. [")
                .contains("login OK LOGIN completed.")
                .contains("select OK 1")
                .contains("sha256 " + sha256(MESSAGE))
                .contains("list (\\Marked \\HasNoChildren) \"/\" INBOX")
                .contains("refused b'LOGIN failed.'");
    }

    @Test
    void curlListsFoldersAndFetchesAMessageByUid() throws Exception {
        ExternalClient.assumeInstalled("curl");
        emulator.delivery().deliver(ADELE, MESSAGE.clone());
        String base = "imaps://127.0.0.1:" + emulator.port(Endpoint.IMAPS) + "/";
        Result list = ExternalClient.run("curl", "-sS", "--cacert", ca, "-u", ADELE + ":" + PASSWORD, base);
        assertThat(list.exitCode()).as(list.output()).isZero();
        assertThat(list.output()).contains("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"");
        Result fetched = ExternalClient.run("curl", "-sS", "--cacert", ca, "-u", ADELE + ":" + PASSWORD,
                base + "INBOX;UID=1");
        assertThat(fetched.exitCode()).as(fetched.output()).isZero();
        assertThat(fetched.output()).isEqualTo(new String(MESSAGE, StandardCharsets.UTF_8));
        Result refused = ExternalClient.run("curl", "-sS", "--cacert", ca, "-u", ADELE + ":wrong", base);
        assertThat(refused.exitCode()).isEqualTo(67);
        assertThat(refused.output()).contains("Login denied");
    }

    private static String sha256(byte[] bytes) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(bytes)) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }
}
