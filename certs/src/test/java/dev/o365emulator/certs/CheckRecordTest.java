package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The record writes a name asked for exactly as the certificate's own name reads back, or not at all. */
class CheckRecordTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "192.0.2.7", "2001:db8::7", "::ffff:192.0.2.7", "::192.0.2.7",
            "2001:0db8:0000:0000:0000:0000:0000:0007"})
    void anIpLiteralIsKeyedByTheBytesBouncyCastleEncodes(String literal) {
        GeneralName name = ServerNames.toGeneralName(literal);
        assertThat(name.getTagNo()).isEqualTo(GeneralName.iPAddress);
        byte[] encoded = ASN1OctetString.getInstance(name.getName()).getOctets();
        assertThat(CheckRecord.key(literal)).isEqualTo("ip:" + HexFormat.of().formatHex(encoded));
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp.office365.com", "*.mail.protection.outlook.com", "localhost", "Mail.Example.TEST"})
    void aHostNameIsKeyedAsItIsWritten(String host) {
        assertThat(ServerNames.toGeneralName(host).getTagNo()).isEqualTo(GeneralName.dNSName);
        assertThat(CheckRecord.key(host)).isEqualTo("dns:" + host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "tab\there"})
    void aNameThatCannotBeOneFieldIsNotKeyedSoTheCertificateDecides(String name) {
        assertThat(CheckRecord.key(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage\n", "abc ca.pem 1 2 EC_P256 maybe\n", "abc ca.pem x 2 EC_P256 ca\n",
            "abc ca.pem 1 2 DSA ca\n"})
    void aRecordThisClassDidNotWriteIsNotUsed(String text) {
        assertThat(CheckRecord.parse(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEmpty();
    }
}
