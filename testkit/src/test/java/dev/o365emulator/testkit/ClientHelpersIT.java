package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

@O365EmulatorTest
class ClientHelpersIT {

    @Test
    void trustMaterialLetsAStrictClientVerifyTheEmulator(O365Emulator emulator) throws Exception {
        try (SSLSocket socket = (SSLSocket) emulator.trust().socketFactory().createSocket(emulator.host(),
                emulator.port(Endpoint.IMAPS))) {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of(new SNIHostName("outlook.office365.com")));
            socket.setSSLParameters(params);
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
        }
        O365Assertions.assertThat(emulator.sessions().all().get(0)).negotiatedTlsAtLeast12();
    }

    @Test
    void truststoreFileLoadsWithItsPassword(O365Emulator emulator) throws Exception {
        KeyStore store = KeyStore.getInstance(emulator.trust().truststoreType());
        try (var in = java.nio.file.Files.newInputStream(emulator.trust().truststore())) {
            store.load(in, emulator.trust().truststorePassword().toCharArray());
        }
        assertThat(store.size()).isEqualTo(1);
        assertThat(emulator.trust().caPem()).content().startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void jakartaMailPropertiesRequireTlsAsOffice365Does(O365Emulator emulator) {
        Properties submission = emulator.mail().properties(Endpoint.SUBMISSION);
        assertThat(submission).containsEntry("mail.smtp.host", "127.0.0.1")
                .containsEntry("mail.smtp.port", String.valueOf(emulator.port(Endpoint.SUBMISSION)))
                .containsEntry("mail.smtp.starttls.required", "true").containsEntry("mail.smtp.auth", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true").containsEntry("mail.transport.protocol", "smtp");
        Properties imaps = emulator.mail().properties(Endpoint.IMAPS);
        assertThat(imaps).containsEntry("mail.imaps.ssl.enable", "true").containsEntry("mail.store.protocol", "imaps")
                .doesNotContainKey("mail.imaps.starttls.required");
        assertThat(emulator.mail().properties(Endpoint.POP3)).containsEntry("mail.pop3.starttls.required", "true");
        assertThat(emulator.mail().oauthProperties(Endpoint.IMAPS)).containsEntry("mail.imaps.auth.mechanisms", "XOAUTH2");
        assertThat(JakartaMail.protocol(Endpoint.SMTPS)).isEqualTo("smtps");
        assertThat(emulator.mail().session(Endpoint.POP3S).getProperty("mail.pop3s.port"))
                .isEqualTo(String.valueOf(emulator.port(Endpoint.POP3S)));
    }

    @Test
    void accessTokensAreSignedJwtsAcceptedForTheirUserOnEveryProtocol(O365Emulator emulator) throws Exception {
        String token = emulator.accessToken(TestUsers.ADELE.address());
        assertThat(token.split("\\.")).hasSize(3);
        for (Endpoint endpoint : List.of(Endpoint.IMAPS, Endpoint.POP3S)) {
            jakarta.mail.Store store = emulator.mail().oauthSession(endpoint).getStore();
            store.connect(TestUsers.ADELE.address(), token);
            store.close();
        }
        jakarta.mail.Transport transport = emulator.mail().oauthSession(Endpoint.SUBMISSION).getTransport();
        transport.connect(TestUsers.ADELE.address(), token);
        transport.close();
        assertThat(emulator.sessions().all()).hasSize(3).allSatisfy(s -> O365Assertions.assertThat(s)
                .authenticatedWith("XOAUTH2").authenticatedAs(TestUsers.ADELE.address()));
    }
}
