package dev.o365emulator.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateOptions;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.TlsInfo;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenSSL and the JDK's provider side by side, each serving a real JDK client: the same versions
 * (1.2 and 1.3, nothing older), the same TLS 1.2 cipher preference for EC and RSA keys, SNI and the
 * provider in the journal, ALPN on the identity endpoint. The rest of the TLS behaviour runs under
 * both providers through the whole TLS suite (a failsafe execution runs it again with the JDK's).
 */
class TlsProviderIT {

    private static final Map<TlsProvider, Emulator> EC = new EnumMap<>(TlsProvider.class);

    @BeforeAll
    static void start() {
        assumeTrue(TlsProvider.OPENSSL.isAvailable(), "OpenSSL's native library does not load here");
        for (TlsProvider provider : TlsProvider.values()) {
            EC.put(provider, Emulator.builder().scenario(Scenario.none()).tlsProvider(provider).start());
        }
    }

    @AfterAll
    static void stop() {
        EC.values().forEach(Emulator::close);
    }

    @Test
    void eachProviderRunsAndSaysSoInTheJournal() throws Exception {
        for (TlsProvider provider : TlsProvider.values()) {
            Emulator emulator = EC.get(provider);
            assertThat(emulator.tlsProvider()).isEqualTo(provider);
            try (SSLSocket tls = connect(emulator, Endpoint.IMAPS, "TLSv1.3", null, "outlook.office365.com")) {
                greeting(tls);
            }
            Session record = lastSession(emulator, Endpoint.IMAPS);
            TlsInfo info = record.tls().orElseThrow();
            assertThat(info.provider()).isEqualTo(provider.id());
            assertThat(info.serverName()).contains("outlook.office365.com");
            assertThat(record.transcript()).map(TranscriptLine::text)
                    .anyMatch(line -> line.startsWith("TLS established: TLSv1.3 ")
                            && line.endsWith(" SNI outlook.office365.com (" + provider.id() + ")"));
        }
    }

    @Test
    void bothPreferTheSameTls12SuiteWhateverTheClientsOrder() throws Exception {
        List<String> clientOrder = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        for (TlsProvider provider : TlsProvider.values()) {
            try (SSLSocket tls = connect(EC.get(provider), Endpoint.POP3S, "TLSv1.2", clientOrder, null)) {
                assertThat(tls.getSession().getCipherSuite()).as(provider.id())
                        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
            }
            try (SSLSocket tls = connect(EC.get(provider), Endpoint.POP3S, "TLSv1.2", null, null)) {
                assertThat(tls.getSession().getCipherSuite()).as(provider.id())
                        .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
            }
            try (SSLSocket tls = connect(EC.get(provider), Endpoint.POP3S, "TLSv1.3", null, null)) {
                // BoringSSL orders its TLS 1.3 suites itself (see ServerTls): one of the JDK's three.
                assertThat(tls.getSession().getCipherSuite()).as(provider.id())
                        .isIn("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");
            }
        }
    }

    @Test
    void anRsaKeyIsServedByBothWithTheSamePreference() throws Exception {
        CertificateBundle rsa = CertificateBundle.shared(KeyAlgorithm.RSA_2048);
        for (TlsProvider provider : TlsProvider.values()) {
            try (Emulator emulator = Emulator.builder().certificates(rsa).scenario(Scenario.none())
                    .endpoints(Endpoint.IMAPS).identity(false).tlsProvider(provider).start()) {
                try (SSLSocket tls = connect(emulator, Endpoint.IMAPS, "TLSv1.2", null, null)) {
                    greeting(tls);
                    assertThat(tls.getSession().getCipherSuite()).as(provider.id())
                            .isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
                    assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(rsa.serverCertificate());
                }
                try (SSLSocket tls = connect(emulator, Endpoint.IMAPS, "TLSv1.3", null, null)) {
                    greeting(tls);
                }
            }
        }
    }

    @Test
    void aBundleReadBackFromItsDirectoryIsServedWholeByBoth(@TempDir Path dataDir) throws Exception {
        // The second load of a directory trusts its record of the last check and parses nothing: OpenSSL
        // is handed the files' PEM, the JDK's provider parses them when its context is built.
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            CertificateOptions options = CertificateOptions.defaults().withKeyAlgorithm(algorithm);
            Path directory = dataDir.resolve(algorithm.name());
            CertificateBundle written = CertificateBundle.loadOrCreate(directory, options);
            for (TlsProvider provider : TlsProvider.values()) {
                CertificateBundle read = CertificateBundle.loadOrCreate(directory, options);
                try (Emulator emulator = Emulator.builder().certificates(read).scenario(Scenario.none())
                        .endpoints(Endpoint.IMAPS).identity(false).tlsProvider(provider).start()) {
                    for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
                        try (SSLSocket tls = connect(emulator, Endpoint.IMAPS, protocol, null, null)) {
                            greeting(tls);
                            assertThat(tls.getSession().getPeerCertificates()).as(provider.id() + " " + algorithm)
                                    .containsExactly(written.serverCertificate(), written.caCertificate());
                        }
                    }
                }
            }
        }
    }

    @Test
    void neitherServesTls11() throws Exception {
        // The JDK's client no longer offers TLS 1.1; OpenSSL's does at security level 0.
        ExternalClient.assumeInstalled("openssl");
        for (TlsProvider provider : TlsProvider.values()) {
            ExternalClient.Result tls11 = ExternalClient.run(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + EC.get(provider).port(Endpoint.IMAPS), "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"),
                    "");
            assertThat(tls11.output()).as(provider.id()).contains("alert protocol version")
                    .doesNotContain("The Microsoft Exchange IMAP4 service is ready");
            ExternalClient.Result tls12 = ExternalClient.run(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + EC.get(provider).port(Endpoint.IMAPS), "-tls1_2"), "");
            assertThat(tls12.output()).as(provider.id()).contains("Protocol  : TLSv1.2");
        }
    }

    @Test
    void theIdentityEndpointSettlesOnHttp11ByAlpn() throws Exception {
        for (TlsProvider provider : TlsProvider.values()) {
            Emulator emulator = EC.get(provider);
            HttpClient client = HttpClient.newBuilder().sslContext(emulator.trust().sslContext())
                    .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                    emulator.tokens().authority() + "/v2.0/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(provider.id()).isEqualTo(200);
            assertThat(response.version()).as(provider.id()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    private static SSLSocket connect(Emulator emulator, Endpoint endpoint, String protocol, List<String> suites,
            String serverName) throws IOException {
        SSLContext context = emulator.trust().sslContext();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", emulator.port(endpoint));
        tls.setSoTimeout(5_000);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (suites != null) {
            parameters.setCipherSuites(suites.toArray(new String[0]));
        }
        if (serverName != null) {
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
        }
        tls.setSSLParameters(parameters);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            tls.close();
            throw e;
        }
        return tls;
    }

    private static void greeting(SSLSocket tls) throws IOException {
        String line = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertThat(line).matches("\\* OK .*|\\+OK .*");
    }

    private static Session lastSession(Emulator emulator, Endpoint endpoint) {
        Await.until("the session's TLS in the journal", Duration.ofSeconds(5), () -> emulator.sessions()
                .filter(s -> s.endpoint() == endpoint).stream().anyMatch(s -> s.tls().isPresent()));
        List<Session> sessions = emulator.sessions().filter(s -> s.endpoint() == endpoint);
        Optional<Session> last = sessions.stream().filter(s -> s.tls().isPresent()).reduce((a, b) -> b);
        return last.orElseThrow();
    }
}
