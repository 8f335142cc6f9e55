package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SignatureException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BadCertificatesTest {

    private final CertificateBundle bundle = CertificateBundle.shared();
    private final BadCertificates bad = bundle.badCertificates();
    private final X509Certificate ca = bundle.caCertificate();

    @Test
    void expiredIsIssuedByTheCaButNoLongerValid() {
        X509Certificate expired = bad.expired().certificate();
        assertThatCode(() -> expired.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThatThrownBy(expired::checkValidity).isInstanceOf(CertificateExpiredException.class);
        assertThat(bad.expired().chain()).containsExactly(expired, ca);
    }

    @Test
    void notYetValidIsIssuedByTheCaButStartsTomorrow() {
        X509Certificate future = bad.notYetValid().certificate();
        assertThatCode(() -> future.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThatThrownBy(future::checkValidity).isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void wrongHostIsValidOnlyForAnotherName() throws Exception {
        X509Certificate wrong = bad.wrongHost().certificate();
        assertThatCode(() -> wrong.verify(ca.getPublicKey())).doesNotThrowAnyException();
        assertThatCode(wrong::checkValidity).doesNotThrowAnyException();
        assertThat(ServerCertificateTest.subjectAltNames(wrong)).containsExactly(List.of(2, "wrong.example.invalid"));
    }

    @Test
    void selfSignedLeafHasTheRightNamesButNotTheCaSignature() throws Exception {
        X509Certificate self = bad.selfSignedLeaf().certificate();
        assertThatCode(() -> self.verify(self.getPublicKey())).doesNotThrowAnyException();
        assertThatThrownBy(() -> self.verify(ca.getPublicKey())).isInstanceOf(SignatureException.class);
        assertThat(ServerCertificateTest.subjectAltNames(self)).contains(List.of(2, "outlook.office365.com"));
        assertThat(bad.selfSignedLeaf().chain()).containsExactly(self);
    }

    @Test
    void eachIsMadeOnceAndServedFromAKeyStore() throws Exception {
        assertThat(bad.expired()).isSameAs(bundle.badCertificates().expired());
        IssuedCertificate wrong = bad.wrongHost();
        assertThat(wrong.keyStore().getCertificate(CertificateBundle.KEY_ALIAS)).isEqualTo(wrong.certificate());
        assertThat(wrong.keyManagerFactory().getKeyManagers()).isNotEmpty();
    }
}
