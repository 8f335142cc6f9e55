package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real JSSE handshakes over loopback: the bundle's material must satisfy a strict client. */
@Timeout(60)
class TlsHandshakeIT {

    private static final int TIMEOUT_MILLIS = 10_000;
    private static final String HOST = "outlook.office365.com";

    private final CertificateBundle bundle = CertificateBundle.shared();

    /** What the client saw after a completed handshake. */
    record Outcome(X509Certificate peer, String protocol, int firstByte) {
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void clientTrustingOnlyTheCaVerifiesTheServerAndItsHostName(KeyAlgorithm algorithm) throws Exception {
        CertificateBundle certs = CertificateBundle.shared(algorithm);

        Outcome outcome = handshake(certs.keyManagerFactory(), certs.clientSslContext(), HOST);

        assertThat(outcome.peer()).isEqualTo(certs.serverCertificate());
        assertThat(outcome.protocol()).isEqualTo("TLSv1.3");
        assertThat(outcome.firstByte()).as("application data after the handshake").isEqualTo('!');
    }

    @Test
    void tls12ClientAlsoCompletesTheHandshakeWithAnRsaCertificate() throws Exception {
        CertificateBundle rsa = CertificateBundle.shared(KeyAlgorithm.RSA_2048);
        SSLContext client = SSLContext.getInstance("TLSv1.2");
        client.init(null, rsa.trustManagerFactory().getTrustManagers(), null);

        Outcome outcome = handshake(rsa.keyManagerFactory(), client, "smtp.office365.com");

        assertThat(outcome.protocol()).isEqualTo("TLSv1.2");
    }

    @Test
    void clientConnectingByLoopbackAddressMatchesTheIpSubjectAltName() throws Exception {
        Outcome outcome = handshake(bundle.keyManagerFactory(), bundle.clientSslContext(), "127.0.0.1");

        assertThat(outcome.peer()).isEqualTo(bundle.serverCertificate());
    }

    @Test
    void expiredCertificateFailsTheValidityCheck() {
        Throwable failure = catchThrowable(() -> handshake(
                bundle.badCertificates().expired().keyManagerFactory(), bundle.clientSslContext(), HOST));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void notYetValidCertificateFailsTheValidityCheck() {
        Throwable failure = catchThrowable(() -> handshake(
                bundle.badCertificates().notYetValid().keyManagerFactory(), bundle.clientSslContext(), HOST));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void certificateForAnotherHostFailsTheHostNameCheck() {
        Throwable failure = catchThrowable(() -> handshake(
                bundle.badCertificates().wrongHost().keyManagerFactory(), bundle.clientSslContext(), HOST));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("No subject alternative DNS name matching " + HOST);
    }

    @Test
    void selfSignedLeafFailsPathBuilding() {
        Throwable failure = catchThrowable(() -> handshake(
                bundle.badCertificates().selfSignedLeaf().keyManagerFactory(), bundle.clientSslContext(), HOST));

        assertThat(failure).isInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    /**
     * Serves one TLS connection with {@code serverKeys} on an ephemeral loopback port and connects
     * a client that checks the certificate against {@code hostName} the way HTTPS does.
     */
    private static Outcome handshake(KeyManagerFactory serverKeys, SSLContext client, String hostName)
            throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(serverKeys.getKeyManagers(), null, null);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            listener.setSoTimeout(TIMEOUT_MILLIS);
            Thread serverThread = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(TIMEOUT_MILLIS);
                    accepted.startHandshake();
                    accepted.getOutputStream().write('!');
                    accepted.getOutputStream().flush();
                    // Wait for the client to close, so it can read the byte before the socket goes away.
                    accepted.getInputStream().read();
                } catch (IOException e) {
                    serverFailure.set(e);
                }
            }, "tls-handshake-it-server");
            serverThread.start();
            try {
                return connect(client, loopback, listener.getLocalPort(), hostName);
            } finally {
                serverThread.join(TIMEOUT_MILLIS);
                assertThat(serverThread.isAlive()).as("server thread finished").isFalse();
            }
        }
    }

    private static Outcome connect(SSLContext client, InetAddress address, int port, String hostName)
            throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, hostName, port, true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!Character.isDigit(hostName.charAt(0))) {
                    parameters.setServerNames(List.of(new SNIHostName(hostName)));
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                int firstByte = tls.getInputStream().read();
                return new Outcome((X509Certificate) tls.getSession().getPeerCertificates()[0],
                        tls.getSession().getProtocol(), firstByte);
            }
        }
    }
}
