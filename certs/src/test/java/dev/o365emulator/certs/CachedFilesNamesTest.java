package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The issuer check's name comparison: the DER first, then X.500's own comparison rules. */
class CachedFilesNamesTest {

    @Test
    void namesThatDifferOnlyInCaseAndSpacingAreTheSameAsX500SaysTheyAre() {
        X500Principal issued = new X500Principal("CN=o365-emulator development CA, O=o365-emulator");
        X500Principal respelled = new X500Principal("cn=O365-EMULATOR   development CA,o=O365-Emulator");

        assertThat(issued.getEncoded()).as("the premise: other bytes").isNotEqualTo(respelled.getEncoded());
        assertThat(CachedFiles.sameName(issued, respelled)).isEqualTo(issued.equals(respelled)).isTrue();
        assertThat(CachedFiles.sameName(issued, new X500Principal(issued.getEncoded()))).isTrue();
    }

    @Test
    void anotherNameIsAnotherIssuer() {
        X500Principal issued = new X500Principal("CN=o365-emulator development CA, O=o365-emulator");

        assertThat(CachedFiles.sameName(issued, new X500Principal("CN=another CA, O=o365-emulator"))).isFalse();
        assertThat(CachedFiles.sameName(issued, new X500Principal("CN=o365-emulator development CA"))).isFalse();
    }
}
