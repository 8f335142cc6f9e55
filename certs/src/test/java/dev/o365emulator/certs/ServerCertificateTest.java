package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCertificateTest {

    private static final int DNS = 2;
    private static final int IP = 7;

    private final CertificateBundle bundle = CertificateBundle.shared();
    private final X509Certificate server = bundle.serverCertificate();

    @Test
    void coversEveryOfficeHostAndLoopbackWithTheRightNameType() throws Exception {
        assertThat(subjectAltNames(server)).containsExactlyInAnyOrder(
                List.of(DNS, "smtp.office365.com"),
                List.of(DNS, "smtp-hve.office365.com"),
                List.of(DNS, "outlook.office365.com"),
                List.of(DNS, "smtp-mail.outlook.com"),
                List.of(DNS, "*.mail.protection.outlook.com"),
                List.of(DNS, "login.microsoftonline.com"),
                List.of(DNS, "localhost"),
                List.of(IP, "127.0.0.1"),
                List.of(IP, "0:0:0:0:0:0:0:1"));
        assertThat(server.getSubjectX500Principal().getName()).contains("CN=outlook.office365.com");
    }

    @Test
    void extraNamesBecomeDnsOrIpEntries(@TempDir Path dataDir) throws Exception {
        CertificateOptions options = CertificateOptions.defaults()
                .withExtraNames("Mail.Example.TEST", "192.0.2.7", "2001:db8::5", "*.corp.test");
        X509Certificate withExtras = CertificateBundle.loadOrCreate(dataDir, options).serverCertificate();
        assertThat(subjectAltNames(withExtras)).contains(
                List.of(DNS, "mail.example.test"),
                List.of(IP, "192.0.2.7"),
                List.of(IP, "2001:db8:0:0:0:0:0:5"),
                List.of(DNS, "*.corp.test"),
                List.of(DNS, "smtp.office365.com"));
    }

    @Test
    void isAServerAuthLeafAndNotACertificateAuthority() throws Exception {
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(server.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(server.getExtensionValue("2.5.29.35")).as("authority key identifier").isNotNull();
    }

    @Test
    void rsaServerKeyMayAlsoEncipherKeys() {
        X509Certificate rsa = CertificateBundle.shared(KeyAlgorithm.RSA_2048).serverCertificate();
        assertThat(rsa.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(rsa.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(rsa.getKeyUsage()[2]).as("keyEncipherment").isTrue();
        assertThat(server.getKeyUsage()[2]).as("EC keys cannot encipher").isFalse();
    }

    @Test
    void chainValidatesWithTheCaAsTrustAnchor() throws Exception {
        assertThat(bundle.serverChain()).containsExactly(server, bundle.caCertificate());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(bundle.caCertificate(), null)));
        parameters.setRevocationEnabled(false);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(server));
        assertThatCode(() -> CertPathValidator.getInstance("PKIX").validate(path, parameters))
                .doesNotThrowAnyException();
    }

    @Test
    void isValidNowForAtMost825Days() {
        Instant notBefore = server.getNotBefore().toInstant();
        assertThat(notBefore).isBefore(Instant.now());
        assertThat(Duration.between(notBefore, server.getNotAfter().toInstant())).isLessThanOrEqualTo(Duration.ofDays(825));
        assertThat(server.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(800)));
    }

    @Test
    void rejectsExtraNamesThatAreNeitherHostNamesNorAddresses() {
        assertThatThrownBy(() -> CertificateOptions.defaults().withExtraNames("two words"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateOptions.defaults().withExtraNames(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificateOptions.defaults().withExtraNames("a".repeat(254)))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> tooMany = IntStream.rangeClosed(0, CertificateOptions.MAX_EXTRA_NAMES)
                .mapToObj(i -> "host" + i + ".test").toList();
        assertThatThrownBy(() -> CertificateOptions.defaults().withExtraNames(tooMany))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<List<?>> subjectAltNames(X509Certificate certificate) throws CertificateParsingException {
        var names = certificate.getSubjectAlternativeNames();
        return names == null ? Collections.emptyList() : new ArrayList<>(names);
    }
}
