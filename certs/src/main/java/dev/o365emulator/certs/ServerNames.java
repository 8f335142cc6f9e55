package dev.o365emulator.certs;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/** The host names a server certificate must cover, as ASN.1 general names. */
final class ServerNames {

    /** The subject common name; Office 365's own certificate is issued to this name too. */
    static final String COMMON_NAME = "outlook.office365.com";

    /** Names every server certificate carries, in the order they appear in the extension. */
    static final List<String> DEFAULT_NAMES = List.of(
            "smtp.office365.com",
            // High Volume Email's submission host: an application configured for HVE checks this name
            "smtp-hve.office365.com",
            "outlook.office365.com",
            "smtp-mail.outlook.com",
            "*.mail.protection.outlook.com",
            // the identity platform's host: MSAL and hand-written OAuth clients fetch tokens there
            "login.microsoftonline.com",
            "localhost",
            "127.0.0.1",
            "::1");

    /** A cap on names read back from a cached certificate, so a doctored file cannot grow it without end. */
    static final int MAX_NAMES = DEFAULT_NAMES.size() + 4 * CertificateOptions.MAX_EXTRA_NAMES;

    private ServerNames() {
    }

    static boolean isIpLiteral(String name) {
        // BC's check is purely syntactic; InetAddress.getByName could fall back to a DNS lookup.
        return IPAddress.isValidIPv4(name) || IPAddress.isValidIPv6(name);
    }

    static GeneralName toGeneralName(String name) {
        return isIpLiteral(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name);
    }

    /** The default names followed by {@code extraNames}, without duplicates. */
    static Set<GeneralName> required(Collection<String> extraNames) {
        Set<GeneralName> names = new LinkedHashSet<>();
        for (String name : DEFAULT_NAMES) {
            names.add(toGeneralName(name));
        }
        for (String name : extraNames) {
            names.add(toGeneralName(name));
        }
        return names;
    }

    /** The subject alternative names of {@code certificate}; empty when it has none or they do not parse. */
    static Set<GeneralName> present(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectAlternativeName.getId());
        Set<GeneralName> names = new LinkedHashSet<>();
        if (extension == null) {
            return names;
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
            for (GeneralName name : GeneralNames.getInstance(ASN1Primitive.fromByteArray(inner)).getNames()) {
                names.add(name);
            }
        } catch (IOException | IllegalArgumentException e) {
            names.clear();
        }
        return names;
    }

    static GeneralNames asExtension(Collection<GeneralName> names) {
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
