package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private final X509Certificate ca = CertificateBundle.shared().caCertificate();

    @Test
    void isACertificateAuthorityAllowedToSignCertificates() {
        assertThat(ca.getBasicConstraints()).as("pathLen of a CA certificate").isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(ca.getExtensionValue("2.5.29.14")).as("subject key identifier").isNotNull();
    }

    @Test
    void isSelfSignedAndVerifiesWithItsOwnKey() {
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThatCode(() -> ca.verify(ca.getPublicKey())).doesNotThrowAnyException();
    }

    @Test
    void nameCarriesARandomIdSoTwoMachinesCasDiffer(@TempDir Path one, @TempDir Path two) {
        assertThat(ca.getSubjectX500Principal().getName())
                .matches(".*CN=o365-emulator Development CA \\([0-9a-f]{8}\\).*");
        X509Certificate first = CertificateBundle.loadOrCreate(one).caCertificate();
        X509Certificate second = CertificateBundle.loadOrCreate(two).caCertificate();
        assertThat(first.getSubjectX500Principal()).isNotEqualTo(second.getSubjectX500Principal());
    }

    @Test
    void isValidFromALittleInThePastForAboutTenYears() {
        Instant now = Instant.now();
        Instant notBefore = ca.getNotBefore().toInstant();
        assertThat(notBefore).isBefore(now.minus(Duration.ofMinutes(30))).isAfter(now.minus(Duration.ofDays(1)));
        assertThat(Duration.between(notBefore, ca.getNotAfter().toInstant()).toDays()).isBetween(3640L, 3660L);
    }
}
