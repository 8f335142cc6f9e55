package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The mail routes over a real emulator: mail sent with Angus Mail read back as JSON, raw, as its HTML
 * document and attachment by attachment; injecting, deleting, and the problem documents of bad input.
 */
class ConsoleMailIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String ALEX = DefaultTenant.ALEX;
    private static final String INBOX = "/api/v1/mailboxes/alex@contoso.com/folders/INBOX";

    private static Emulator emulator;
    private static ConsoleClient console;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start();
        console = new ConsoleClient(URI.create("http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort()),
                null);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void reset() {
        emulator.reset();
    }

    private static void send(String subject, String html, byte[] attachment) throws Exception {
        Session session = AngusSmtp.session(emulator, Endpoint.SUBMISSION);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(ADELE, "Adele Vance"));
        message.setRecipients(Message.RecipientType.TO, ALEX);
        message.setSubject(subject);
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("plain " + subject, "utf-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=utf-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(htmlPart);
        if (attachment == null) {
            message.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, "application/pdf")));
            file.setFileName("invoice 42.pdf");
            mixed.addBodyPart(body);
            mixed.addBodyPart(file);
            message.setContent(mixed);
        }
        Transport.send(message, ADELE, DefaultTenant.ADELE_PASSWORD);
    }

    @Test
    void aSubmittedMessageReadsBackAsJsonRawHtmlAndAttachment() throws Exception {
        byte[] pdf = new byte[300]; // binary, so it travels base64-encoded and must come back byte for byte
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = (byte) (i * 7);
        }
        send("Invoice 42", "<p>Hello <b>Alex</b></p>", pdf);

        JsonNode boxes = console.get("/api/v1/mailboxes").json();
        JsonNode alex = find(boxes, "address", ALEX);
        assertThat(alex.get("messages").asInt()).isEqualTo(1);
        assertThat(find(alex.get("folders"), "name", "INBOX").get("messages").asInt()).isEqualTo(1);

        JsonNode page = console.get(INBOX + "/messages").json();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode summary = page.get("items").get(0);
        assertThat(summary.get("subject").asString()).isEqualTo("Invoice 42");
        assertThat(summary.get("attachments").asInt()).isEqualTo(1);

        long uid = summary.get("uid").asLong();
        JsonNode message = console.get(INBOX + "/messages/" + uid).json();
        assertThat(message.get("subject").asString()).isEqualTo("Invoice 42");
        assertThat(message.get("from").get(0).get("address").asString()).isEqualTo(ADELE);
        assertThat(message.get("from").get(0).get("name").asString()).isEqualTo("Adele Vance");
        assertThat(message.get("text").asString()).isEqualTo("plain Invoice 42");
        assertThat(message.get("html").asString()).contains("<b>Alex</b>");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("name").asString()).isEqualTo("invoice 42.pdf");
        assertThat(attachment.get("contentType").asString()).isEqualTo("application/pdf");
        // The session that submitted it is one the journal knows, and its transcript is there.
        long session = message.get("submittedBy").asLong();
        assertThat(console.get("/api/v1/sessions/" + session).json().get("endpoint").asString()).isEqualTo("submission");

        ConsoleClient.Response raw = console.get(INBOX + "/messages/" + uid + "/raw");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.header("content-type")).isEqualTo("message/rfc822");
        assertThat(raw.header("content-disposition")).isEqualTo("attachment; filename=\"message-" + uid + ".eml\"");
        assertThat(raw.bytes()).isEqualTo(emulator.mail().messages(ALEX, Mail.INBOX).get(0).raw());

        ConsoleClient.Response html = console.get(INBOX + "/messages/" + uid + "/html");
        assertThat(html.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(html.header("content-security-policy")).isEqualTo(MailRoutes.MESSAGE_HTML_POLICY)
                .contains("default-src 'none'").contains("style-src 'unsafe-inline'").contains("img-src data:");
        assertThat(html.body()).isEqualTo("<p>Hello <b>Alex</b></p>");

        ConsoleClient.Response file = console.get(attachment.get("href").asString());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("content-type")).isEqualTo("application/pdf");
        assertThat(file.header("content-disposition")).isEqualTo("attachment; filename=\"invoice 42.pdf\"");
        assertThat(file.bytes()).isEqualTo(pdf);
        console.get(INBOX + "/messages/" + uid + "/attachments/1").problem(404, "not-found");

        // latest names the newest message of the folder.
        send("Second", "<p>2</p>", null);
        assertThat(console.get(INBOX + "/messages/latest").json().get("subject").asString()).isEqualTo("Second");
    }

    @Test
    void theListIsNewestFirstPagedAndFiltered() throws Exception {
        for (int i = 1; i <= 3; i++) {
            send("Report " + i, "<p>" + i + "</p>", null);
        }
        JsonNode page = console.get(INBOX + "/messages?limit=2").json();
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(subjects(page)).containsExactly("Report 3", "Report 2");
        assertThat(subjects(console.get(INBOX + "/messages?limit=2&offset=2").json())).containsExactly("Report 1");
        assertThat(subjects(console.get(INBOX + "/messages?subject=report%202").json())).containsExactly("Report 2");
        assertThat(subjects(console.get(INBOX + "/messages?from=adele").json())).hasSize(3);
        assertThat(subjects(console.get(INBOX + "/messages?from=megan").json())).isEmpty();
        assertThat(subjects(console.get(INBOX + "/messages?to=alex%40contoso.com&text=plain%20Report%201").json()))
                .containsExactly("Report 1");
        assertThat(subjects(console.get(INBOX + "/messages?since=2000-01-01").json())).hasSize(3);
        assertThat(subjects(console.get(INBOX + "/messages?since=2999-01-01T00:00:00Z").json())).isEmpty();

        console.get(INBOX + "/messages?limit=501").problem(400, "bad-request");
        console.get(INBOX + "/messages?limit=0").problem(400, "bad-request");
        console.get(INBOX + "/messages?offset=-1").problem(400, "bad-request");
        console.get(INBOX + "/messages?since=yesterday").problem(400, "bad-request");
    }

    @Test
    void aRawUploadIsStoredAndDeletesAnswerAsDocumented() {
        String eml = "From: megan@contoso.com\r\nTo: alex@contoso.com\r\nSubject: Injected\r\n\r\nHi.\r\n";
        ConsoleClient.Response created = console.post(INBOX + "/messages?flags=%5CSeen", "message/rfc822", eml);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long uid = created.json().get("uid").asLong();
        assertThat(created.header("location")).isEqualTo(INBOX + "/messages/" + uid);
        assertThat(created.json().get("seen").asBoolean()).isTrue();
        assertThat(emulator.mail().message(ALEX, Mail.INBOX, uid).orElseThrow().subject()).isEqualTo("Injected");
        assertThat(emulator.mail().message(ALEX, Mail.INBOX, uid).orElseThrow().submittedBy()).isEmpty();

        // Into another folder, percent-encoded.
        assertThat(console.post("/api/v1/mailboxes/alex@contoso.com/folders/Sent%20Items/messages", "message/rfc822",
                eml).status()).isEqualTo(201);
        assertThat(emulator.mail().messages(ALEX, Mail.SENT_ITEMS)).hasSize(1);

        assertThat(console.delete(INBOX + "/messages/" + uid).status()).isEqualTo(204);
        console.get(INBOX + "/messages/" + uid).problem(404, "not-found");
        console.delete(INBOX + "/messages/" + uid).problem(404, "not-found");

        console.post(INBOX + "/messages", "message/rfc822", eml);
        console.post(INBOX + "/messages", "message/rfc822", eml);
        assertThat(console.delete(INBOX + "/messages").json().get("deleted").asInt()).isEqualTo(2);
        assertThat(emulator.mail().messages(ALEX, Mail.INBOX)).isEmpty();

        assertThat(console.delete("/api/v1/mail").status()).isEqualTo(204);
        assertThat(emulator.mail().messages(ALEX, Mail.SENT_ITEMS)).isEmpty();
    }

    @Test
    void badInputGetsTheProblemDocument() {
        JsonNode unknown = console.get("/api/v1/mailboxes/nobody@contoso.com").problem(404, "not-found");
        assertThat(unknown.get("detail").asString()).isEqualTo("no mailbox nobody@contoso.com");
        assertThat(unknown.get("instance").asString()).isEqualTo("/api/v1/mailboxes/nobody@contoso.com");
        console.get("/api/v1/mailboxes/nobody@contoso.com/folders/INBOX/messages").problem(404, "not-found");
        console.get(INBOX + "/messages/999").problem(404, "not-found");
        console.get(INBOX + "/messages/abc").problem(404, "not-found");
        console.get(INBOX + "/messages/latest").problem(404, "not-found");
        console.get(INBOX + "/messages/1/raw").problem(404, "not-found");
        console.get("/api/v1/nothing-here").problem(404, "not-found");
        assertThat(console.send("POST", "/api/v1/mailboxes", null, null).problem(405, "method-not-allowed"))
                .isNotNull();
        console.post(INBOX + "/messages", "message/rfc822", "").problem(400, "bad-request");
        console.post(INBOX + "/messages", "application/json", "{\"raw\":\"x\"}").problem(415, "unsupported-media-type");
    }

    @Test
    void anUploadOverTheMailboxsMaxReceiveSizeIs413AndTheConsoleServesOn() {
        emulator.tenant().updateMailbox(ALEX, b -> b.maxReceiveSize(2048));
        String big = "Subject: big\r\n\r\n" + "x".repeat(4096) + "\r\n";
        JsonNode problem = console.post(INBOX + "/messages", "message/rfc822", big).problem(413, "payload-too-large");
        assertThat(problem.get("limit").asLong()).isEqualTo(2048);
        assertThat(emulator.mail().messages(ALEX, Mail.INBOX)).isEmpty();
        assertThat(console.get("/api/v1/health").status()).isEqualTo(200);
        // A JSON body over 1 MiB on a JSON route is refused from its head, before a byte of it is read.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", emulator.consoleAddress().orElseThrow().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/scenario/activate HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains(Problem.TYPE_PREFIX + "payload-too-large")
                    .contains("\"limit\":1048576");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(console.get("/api/v1/health").status()).isEqualTo(200);
    }

    private static List<String> subjects(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(m -> out.add(m.get("subject").asString()));
        return out;
    }

    private static JsonNode find(JsonNode array, String member, String value) {
        for (JsonNode n : array) {
            if (n.path(member).asString().equalsIgnoreCase(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + member + "=" + value + " in " + array);
    }
}
