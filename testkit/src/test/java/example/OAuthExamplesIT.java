package example;

import static dev.o365emulator.testkit.O365Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.testkit.O365Emulator;
import dev.o365emulator.testkit.O365EmulatorTest;
import dev.o365emulator.testkit.TestClock;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java examples of docs/oauth.md, each between its docs:begin and docs:end, run here. */
@O365EmulatorTest
class OAuthExamplesIT {

    private Emulator started;

    @AfterEach
    void closeWhatAnExampleStarted() {
        if (started != null) {
            started.close();
        }
    }

    @Test
    void mintsTokensDirectly(O365Emulator emulator) throws Exception {
        DeviceCode device = startDeviceCodeFlow(emulator);
        String userCode = device.userCode();
        // docs:begin tokens
        Tokens tokens = emulator.tokens();
        String user = tokens.delegated("adele@contoso.com", List.of(Tokens.IMAP_ACCESS), Duration.ofHours(1));
        String expired = tokens.delegated("adele@contoso.com", Tokens.MAIL_SCOPES, Duration.ofMinutes(-5));
        String imap = tokens.appOnly(DefaultTenant.APP_CLIENT_ID, List.of("IMAP.AccessAsApp"), Duration.ofHours(1));
        tokens.expiresAt(user);                            // Optional<Instant>
        tokens.approveDeviceCode(userCode, "megan@contoso.com");
        // docs:end
        org.assertj.core.api.Assertions.assertThat(Duration.between(Instant.now(), tokens.expiresAt(user).orElseThrow()))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        org.assertj.core.api.Assertions.assertThat(tokens.expiresAt(expired)).as("rejected anyway").isEmpty();
        signInToImap(emulator, "adele@contoso.com", user);
        signInToImap(emulator, "megan@contoso.com", imap);
        assertThatThrownBy(() -> signInToImap(emulator, "adele@contoso.com", expired))
                .isInstanceOf(AuthenticationFailedException.class);
        org.assertj.core.api.Assertions.assertThat(post(emulator, "/oauth2/v2.0/token",
                        "grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=" + DefaultTenant.APP_CLIENT_ID
                                + "&device_code=" + device.deviceCode()))
                .as("the device, once the code is approved").contains("\"access_token\"");
    }

    @Test
    void msalForJavaGetsAnAppTokenAndAUserToken(O365Emulator emulator) throws Exception {
        // docs:begin msal
        SSLSocketFactory trust = emulator.trust().socketFactory();
        String authority = emulator.tokens().authority();
        // a standalone emulator: the "OAuth authority" line it prints, and an SSLSocketFactory from its truststore

        ConfidentialClientApplication app = ConfidentialClientApplication
                .builder("5e0a1a7e-0365-4e11-a0c0-c0ff5e65a991",
                         ClientCredentialFactory.createFromSecret("Emu8Q~contoso.client.secret.0365"))
                .authority(authority)
                .validateAuthority(false)
                .instanceDiscovery(false)          // optional: the emulator answers instance discovery too
                .sslSocketFactory(trust)
                .build();
        String appToken = app.acquireToken(ClientCredentialParameters
                .builder(Set.of("https://outlook.office365.com/.default")).build()).get().accessToken();

        PublicClientApplication pca = PublicClientApplication.builder("5e0a1a7e-0365-4e11-a0c0-c0ff5e65a991")
                .authority(authority)
                .validateAuthority(false).instanceDiscovery(false).sslSocketFactory(trust).build();
        String userToken = pca.acquireToken(UserNamePasswordParameters.builder(
                Set.of("https://outlook.office.com/IMAP.AccessAsUser.All"),
                "adele@contoso.com", "Passw0rd!adele".toCharArray()).build()).get().accessToken();
        // docs:end
        signInToImap(emulator, "adele@contoso.com", userToken);
        signInToImap(emulator, "megan@contoso.com", appToken);   // the app has FullAccess on every mailbox
        for (dev.o365emulator.server.journal.Session session : emulator.sessions().all()) {
            assertThat(session).authenticatedWith("XOAUTH2");
        }
    }

    @Test
    void theReadmesMsalExampleGetsAnAppToken(O365Emulator emulator) throws Exception {
        String clientId = DefaultTenant.APP_CLIENT_ID;
        String secret = DefaultTenant.APP_SECRET;
        // docs:begin readme-msal
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(clientId,
                ClientCredentialFactory.createFromSecret(secret))
            .authority(emulator.tokens().authority()).validateAuthority(false)
            .sslSocketFactory(emulator.trust().socketFactory()).build();
        String token = app.acquireToken(ClientCredentialParameters.builder(
                Set.of("https://outlook.office365.com/.default")).build()).get().accessToken();
        // docs:end
        signInToImap(emulator, "info@contoso.com", token);   // the app has FullAccess on every mailbox
        assertThat(emulator.sessions().all().get(0)).authenticatedAs("info@contoso.com").authenticatedWith("XOAUTH2");
    }

    @Test
    void trustsTheCaFromTheTruststoreFile(O365Emulator emulator) throws Exception {
        // docs:begin truststore
        Path certs = Path.of(System.getProperty("user.home"), ".o365-emulator", "certs");   // --data-dir's certs/
        // docs:hide
        certs = emulator.trust().directory();   // this test's emulator keeps its certificates elsewhere
        // docs:show
        KeyStore truststore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.resolve("truststore.p12"))) {
            truststore.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(truststore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        SSLSocketFactory trust = tls.getSocketFactory();
        // docs:end
        PublicClientApplication pca = PublicClientApplication.builder(DefaultTenant.APP_CLIENT_ID)
                .authority(emulator.tokens().authority()).validateAuthority(false).instanceDiscovery(false)
                .sslSocketFactory(trust).build();
        String token = pca.acquireToken(UserNamePasswordParameters.builder(
                Set.of("https://outlook.office.com/SMTP.Send"), "alex@contoso.com", "Passw0rd!alex".toCharArray())
                .build()).get().accessToken();
        org.assertj.core.api.Assertions.assertThat(emulator.tokens().expiresAt(token)).isPresent();
    }

    @Test
    void angusMailSignsInWithXOAuth2OnSmtpImapAndPop3(O365Emulator emulator) throws Exception {
        SSLSocketFactory trust = emulator.trust().socketFactory();
        String accessToken = emulator.accessToken("adele@contoso.com");
        MimeMessage message = new MimeMessage((Session) null);
        message.setFrom("adele@contoso.com");
        message.setRecipients(Message.RecipientType.TO, "alex@contoso.com");
        message.setSubject("Signed in with a token");
        message.setText("XOAUTH2 on 587.");
        // docs:begin angus
        int smtpPort = 587, imapsPort = 993, pop3sPort = 995;   // 10587, 10993, 10995 with --ports offset=10000
        // docs:hide
        smtpPort = emulator.port(Endpoint.SUBMISSION);
        imapsPort = emulator.port(Endpoint.IMAPS);
        pop3sPort = emulator.port(Endpoint.POP3S);
        // docs:show
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");        props.put("mail.smtp.port", String.valueOf(smtpPort));
        props.put("mail.smtp.auth", "true");             props.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        props.put("mail.smtp.starttls.enable", "true");  props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory", trust); // trust: an SSLSocketFactory trusting the emulator CA
        props.put("mail.imaps.host", "127.0.0.1");       props.put("mail.imaps.port", String.valueOf(imapsPort));
        props.put("mail.imaps.auth.mechanisms", "XOAUTH2");
        props.put("mail.imaps.ssl.socketFactory", trust);
        props.put("mail.pop3s.host", "127.0.0.1");       props.put("mail.pop3s.port", String.valueOf(pop3sPort));
        props.put("mail.pop3s.auth.mechanisms", "XOAUTH2");
        props.put("mail.pop3s.ssl.socketFactory", trust);
        Session session = Session.getInstance(props);

        try (Transport t = session.getTransport("smtp")) {
            t.connect("adele@contoso.com", accessToken);          // AUTH XOAUTH2 after STARTTLS
            t.sendMessage(message, message.getAllRecipients());
        }
        try (Store imap = session.getStore("imaps")) {            // AUTHENTICATE XOAUTH2 (SASL-IR)
            imap.connect("adele@contoso.com", accessToken);
        }
        try (Store pop = session.getStore("pop3s")) {             // AUTH XOAUTH2, "+ ", then the response
            pop.connect("adele@contoso.com", accessToken);
        }
        // docs:end
        assertThat(emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0))
                .hasSubject("Signed in with a token");
        List<dev.o365emulator.server.journal.Session> sessions = emulator.sessions().all();
        org.assertj.core.api.Assertions.assertThat(sessions).extracting(dev.o365emulator.server.journal.Session::endpoint)
                .containsExactlyInAnyOrder(Endpoint.SUBMISSION, Endpoint.IMAPS, Endpoint.POP3S);
        for (dev.o365emulator.server.journal.Session s : sessions) {
            assertThat(s).authenticatedAs("adele@contoso.com").authenticatedWith("XOAUTH2");
        }
    }

    @Test
    void aTokenExpiringDuringIdleEndsTheSessionWhenTheClockPassesIt() throws Exception {
        LineClient client;
        // docs:begin clock
        TestClock clock = TestClock.at(Instant.now());              // a java.time.Clock the test moves on
        Emulator emulator = Emulator.builder().clock(clock).start();
        // … log in with a token, send IDLE …
        // docs:hide
        started = emulator;
        client = idling(emulator, emulator.tokens().delegated("adele@contoso.com"));
        // docs:show
        clock.advance(emulator.tokens().defaultLifetime());
        emulator.tokens().checkExpiry();                            // the IDLE check runs now: * BYE …
        // docs:end
        try (client) {
            org.assertj.core.api.Assertions.assertThat(client.readLine())
                    .isEqualTo("* BYE Session invalidated - AccessTokenExpired");
        }
    }

    /** Signs in to IMAPS with XOAUTH2 through Angus Mail, as a user's application would. */
    private static void signInToImap(O365Emulator emulator, String user, String token) throws Exception {
        try (Store store = emulator.mail().oauthSession(Endpoint.IMAPS).getStore("imaps")) {
            store.connect(user, token);
        }
    }

    /** An IMAPS connection signed in with {@code token}, idling in the INBOX. */
    private static LineClient idling(Emulator emulator, String token) throws Exception {
        LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS), emulator.trust().sslContext(),
                "outlook.office365.com");
        client.readLine();
        String response = "user=adele@contoso.com\u0001auth=Bearer " + token + "\u0001\u0001";
        client.send("a1 AUTHENTICATE XOAUTH2 "
                + Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.US_ASCII)));
        org.assertj.core.api.Assertions.assertThat(client.readLine()).isEqualTo("a1 OK AUTHENTICATE completed.");
        client.send("a2 SELECT INBOX");
        client.readUntil("a2 ");
        client.send("a3 IDLE");
        org.assertj.core.api.Assertions.assertThat(client.readLine()).startsWith("+ ");
        return client;
    }

    private record DeviceCode(String userCode, String deviceCode) {}

    /** Starts a device code flow over the identity endpoint, as a device would. */
    private static DeviceCode startDeviceCodeFlow(O365Emulator emulator) throws Exception {
        String body = post(emulator, "/oauth2/v2.0/devicecode", "client_id=" + DefaultTenant.APP_CLIENT_ID + "&scope="
                + URLEncoder.encode("https://outlook.office.com/IMAP.AccessAsUser.All", StandardCharsets.UTF_8));
        return new DeviceCode(jsonString(body, "user_code"), jsonString(body, "device_code"));
    }

    private static String post(O365Emulator emulator, String path, String form) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(emulator.trust().sslContext()).build();
        return http.send(HttpRequest.newBuilder(URI.create(emulator.tokens().authority() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        org.assertj.core.api.Assertions.assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }
}
