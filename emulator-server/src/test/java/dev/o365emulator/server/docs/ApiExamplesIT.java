package dev.o365emulator.server.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Listener;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.ScenarioControl;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.mail.DeliveryResult;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/api.md}, run against a real emulator: each region between
 * {@code // docs:begin} and {@code // docs:end} is a code block of that page, word for word
 * ({@code ApiDocsTest} checks it).
 */
class ApiExamplesIT {

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().ports(PortPlan.ephemeral()).start();
    }

    @BeforeEach
    void resetBetweenExamples() {
        emulator.reset();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void emulator() {
        List<String> serving = new ArrayList<>();
        // docs:begin emulator
        try (Emulator emulator = Emulator.builder()
                .ports(PortPlan.ephemeral())
                .endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS)
                .imapAutoLogout(Duration.ofMinutes(5))
                .start()) {
            int submission = emulator.port(Endpoint.SUBMISSION);
            for (Listener listener : emulator.listeners()) {
                if (listener instanceof Listener.Serving) {
                    serving.add(listener.endpoint().id() + " " + listener.address().getPort());
                }
            }
            // … point the client under test at 127.0.0.1:submission …
            emulator.reset();   // between tests: mail, tenant, tokens and journal as they started
        }
        // docs:end
        assertThat(serving).hasSize(2).anyMatch(s -> s.startsWith("submission ")).anyMatch(s -> s.startsWith("imaps "));
    }

    @Test
    void trust() throws Exception {
        // docs:begin trust
        SSLSocketFactory tls = emulator.trust().socketFactory();
        try (SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", emulator.port(Endpoint.IMAPS))) {
            socket.startHandshake();   // the server's chain ends at emulator.trust().caCertificate()
        }
        Path caPem = emulator.trust().caPem();            // for curl --cacert, Python's cafile=
        Path truststore = emulator.trust().truststore();  // PKCS#12, with truststorePassword()
        // docs:end
        assertThat(caPem).content().startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(truststore).exists();
    }

    @Test
    void mail() {
        List<String> arrived = new CopyOnWriteArrayList<>();
        // docs:begin mail
        Mail mail = emulator.mail();
        mail.addListener(message -> arrived.add(message.mailbox() + ": " + message.subject()));
        byte[] raw = "From: megan@contoso.com\r\nTo: alex@contoso.com\r\nSubject: Hello\r\n\r\nHi Alex\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        List<DeliveryResult> results = mail.deliver("alex@contoso.com", raw);   // as the MX would
        MailMessage hello = mail.messages("alex@contoso.com", Mail.INBOX).get(0);
        hello.subject();   // "Hello"
        hello.text();      // Optional[Hi Alex]
        int unseen = mail.mailbox("alex@contoso.com").orElseThrow().folder(Mail.INBOX).orElseThrow().unseen();
        mail.delete("alex@contoso.com", Mail.INBOX, hello.uid());
        // docs:end
        assertThat(results).extracting(DeliveryResult::status).containsExactly(DeliveryResult.Status.DELIVERED);
        assertThat(hello.subject()).isEqualTo("Hello");
        assertThat(hello.text()).hasValueSatisfying(t -> assertThat(t).contains("Hi Alex"));
        assertThat(unseen).isEqualTo(1);
        assertThat(arrived).containsExactly("alex@contoso.com: Hello");
        assertThat(mail.messages("alex@contoso.com", Mail.INBOX)).isEmpty();
    }

    @Test
    void sessions() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        // docs:begin sessions
        emulator.sessions().addListener(new SessionListener() {
            @Override
            public void sessionClosed(Session session) {   // on the event loop: be quick
                closed.incrementAndGet();
            }
        });
        // … the client under test signs in over IMAP and logs out …
        // docs:end
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.trust().sslContext(), "outlook.office365.com")) {
            client.readLine();
            client.send("a1 LOGIN adele@contoso.com Passw0rd!adele");
            client.readUntil("a1 ");
            client.send("a2 LOGOUT");
            client.readUntil("a2 ");
        }
        Await.until("the session closed", Duration.ofSeconds(30), () -> closed.get() == 1);
        List<String> lines = new ArrayList<>();
        // docs:begin sessions-read
        List<Session> logins = emulator.sessions().filter(s -> s.user().isPresent());
        Session login = logins.get(0);
        login.mechanism();   // Optional[LOGIN]
        login.tls();         // Optional[TlsInfo[protocol=TLSv1.3, …]]
        login.transcript().forEach(line -> lines.add(line.toString()));   // C: a1 LOGIN adele@contoso.com ****
        // docs:end
        assertThat(login.user()).contains("adele@contoso.com");
        assertThat(lines).contains("C: a1 LOGIN adele@contoso.com ****");
        assertThat(String.join("\n", lines)).doesNotContain("Passw0rd!adele");
    }

    @Test
    void scenario() {
        List<String> names = new ArrayList<>();
        // docs:begin scenario
        ScenarioControl scenario = emulator.scenario();
        scenario.use("smtp-auth-disabled-for-tenant");
        scenario.active().name();   // "smtp-auth-disabled-for-tenant"
        scenario.hits();            // rule id → how often it fired since the switch
        scenario.builtIns().forEach(b -> names.add(b.name() + ": " + b.description()));
        scenario.use("office365");  // Office 365's own profile, the default
        // docs:end
        assertThat(names).anyMatch(n -> n.startsWith("smtp-auth-disabled-for-tenant: "));
        assertThat(scenario.active().name()).isEqualTo("office365");
    }

    @Test
    void tenant() {
        // docs:begin tenant
        TenantControl tenant = emulator.tenant();
        tenant.updateMailbox("alex@contoso.com", m -> m.maxReceiveSize(1024 * 1024));
        tenant.update(t -> t.smtpClientAuthenticationDisabled(true));
        tenant.apply(TenantSection.parse("smtpClientAuthenticationDisabled: false"));   // a scenario's knobs by name
        tenant.reset();   // back to the baseline: the active scenario's tenant
        // docs:end
        assertThat(tenant.settings().smtpClientAuthenticationDisabled()).isFalse();
        tenant.update(t -> t.smtpClientAuthenticationDisabled(true));
        assertThat(tenant.settings().smtpClientAuthenticationDisabled()).isTrue();
        tenant.apply(TenantSection.parse("smtpClientAuthenticationDisabled: false"));
        assertThat(tenant.settings().smtpClientAuthenticationDisabled()).isFalse();
        tenant.reset();
    }

    @Test
    void tokens() throws Exception {
        // docs:begin tokens
        Tokens tokens = emulator.tokens();
        String token = tokens.delegated("adele@contoso.com");   // IMAP, POP and SMTP scopes
        String expired = tokens.delegated("adele@contoso.com", Tokens.MAIL_SCOPES, Duration.ofMinutes(-5));
        String smtpOnly = tokens.delegated("adele@contoso.com", List.of(Tokens.SMTP_SEND), Duration.ofHours(1));
        String authority = tokens.authority();   // for MSAL: https://127.0.0.1:<port>/<tenant id>
        // docs:end
        assertThat(authority).startsWith("https://127.0.0.1:");
        imapXoauth2(token).close();
        assertThatThrownBy(() -> imapXoauth2(expired)).isInstanceOf(AuthenticationFailedException.class);
        // Exchange signs in a token without the protocol's scope, then refuses every command.
        Store notConnected = imapXoauth2(smtpOnly);
        assertThatThrownBy(() -> notConnected.getFolder("INBOX").open(jakarta.mail.Folder.READ_ONLY))
                .hasMessageContaining("User is authenticated but not connected");
        notConnected.close();
    }

    private static Store imapXoauth2(String token) throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.host", "127.0.0.1");
        props.put("mail.imaps.port", String.valueOf(emulator.port(Endpoint.IMAPS)));
        props.put("mail.imaps.ssl.socketFactory", emulator.trust().socketFactory());
        props.put("mail.imaps.auth.mechanisms", "XOAUTH2");
        props.put("mail.imaps.auth.login.disable", "true");
        props.put("mail.imaps.auth.plain.disable", "true");
        props.put("mail.imaps.connectiontimeout", "5000");
        props.put("mail.imaps.timeout", "5000");
        Store store = jakarta.mail.Session.getInstance(props).getStore("imaps");
        store.connect("adele@contoso.com", token);
        return store;
    }
}
