package dev.o365emulator.certs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * What the last full check found in {@code ca.pem} and {@code server.pem}, in {@value #FILE}: per file
 * the SHA-256 of its bytes, its validity, key algorithm, whether it is a CA, and its DNS and IP names.
 *
 * <p>It lets a start whose files are the ones last checked decide without parsing them (the JDK's
 * X.509 parser and Bouncy Castle's ASN.1 classes are a good part of a start's CPU): the checks that
 * depend on the time or the options (validity, key algorithm, the names asked for) run on the record
 * instead. It is written only beside the sums, after every file was checked or written, and the sums
 * cover it, so a record edited by hand, or one describing other bytes than the files now hold, is
 * simply not used: the start checks the files in full. A record that cannot decide (a name written
 * differently, say) sends the start to the full check too, which gives the authoritative answer.
 *
 * <p>One line per file: {@code SHA256 NAME NOT_BEFORE_MS NOT_AFTER_MS ALGORITHM ca|leaf NAMES…}, the
 * names as {@code dns:NAME} or {@code ip:HEX} (the address's bytes as Bouncy Castle encodes them in
 * the certificate).
 */
final class CheckRecord {

    /** The record, in the certificate directory. */
    static final String FILE = ".checked";

    private static final long MAX_BYTES = 4096;

    /** What the record says about one file. */
    static final class Entry {
        private final String sha256;
        private final Instant notBefore;
        private final Instant notAfter;
        private final KeyAlgorithm algorithm;
        private final boolean ca;
        private final Set<String> names;

        private Entry(String sha256, Instant notBefore, Instant notAfter, KeyAlgorithm algorithm, boolean ca,
                Set<String> names) {
            this.sha256 = sha256;
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            this.algorithm = algorithm;
            this.ca = ca;
            this.names = names;
        }

        /** Whether the entry describes exactly the file whose SHA-256 is {@code sha256}. */
        boolean describes(String sha256) {
            return this.sha256.equals(sha256);
        }

        Instant notBefore() {
            return notBefore;
        }

        Instant notAfter() {
            return notAfter;
        }

        KeyAlgorithm algorithm() {
            return algorithm;
        }

        boolean ca() {
            return ca;
        }

        /** Whether every one of {@code required} (host names or IP literals) is among the names. */
        boolean hasNames(Collection<String> required) {
            for (String name : required) {
                String key = key(name);
                if (key == null || !names.contains(key)) {
                    return false;
                }
            }
            return true;
        }
    }

    private CheckRecord() {
    }

    /** The record's text for the two checked certificates, whose files hold {@code caSum}'s and {@code serverSum}'s bytes. */
    static String render(String caSum, X509Certificate ca, String serverSum, X509Certificate server) {
        return line(caSum, CertificateDirectory.CA_PEM, ca) + line(serverSum, CertificateDirectory.SERVER_PEM, server);
    }

    /** The entries of the record's text, by file name; empty when it is not one this class wrote. */
    static Map<String, Entry> parse(byte[] text) {
        Map<String, Entry> entries = new HashMap<>();
        if (text == null || text.length > MAX_BYTES) {
            return entries;
        }
        try {
            for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
                String[] fields = line.split(" ");
                if (fields.length < 6 || !fields[5].equals("ca") && !fields[5].equals("leaf")) {
                    return Map.of();
                }
                Set<String> names = new LinkedHashSet<>();
                for (int i = 6; i < fields.length; i++) {
                    names.add(fields[i]);
                }
                entries.put(fields[1], new Entry(fields[0], Instant.ofEpochMilli(Long.parseLong(fields[2])),
                        Instant.ofEpochMilli(Long.parseLong(fields[3])), KeyAlgorithm.valueOf(fields[4]),
                        fields[5].equals("ca"), names));
            }
        } catch (RuntimeException notOurs) {
            return Map.of();
        }
        return entries;
    }

    /** The record file's bytes, null when it is missing or unreadable (then the record is not used). */
    static byte[] read(Path directory) {
        try {
            Path file = directory.resolve(FILE);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return null;
            }
            return Files.readAllBytes(file);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private static String line(String sum, String name, X509Certificate certificate) {
        KeyAlgorithm algorithm = null;
        for (KeyAlgorithm each : KeyAlgorithm.values()) {
            if (each.matches(certificate.getPublicKey())) {
                algorithm = each;
            }
        }
        if (algorithm == null) {
            // Not one a start would keep: no line, so a start checks the file in full.
            return "";
        }
        StringBuilder line = new StringBuilder().append(sum).append(' ').append(name).append(' ')
                .append(certificate.getNotBefore().getTime()).append(' ').append(certificate.getNotAfter().getTime())
                .append(' ').append(algorithm.name()).append(' ')
                .append(certificate.getBasicConstraints() >= 0 ? "ca" : "leaf");
        for (GeneralName general : ServerNames.present(certificate)) {
            String key = switch (general.getTagNo()) {
                case GeneralName.dNSName -> "dns:" + DERIA5String.getInstance(general.getName()).getString();
                case GeneralName.iPAddress ->
                        "ip:" + HexFormat.of().formatHex(ASN1OctetString.getInstance(general.getName()).getOctets());
                default -> null;
            };
            if (key != null && printable(key)) {
                line.append(' ').append(key);
            }
        }
        return line.append('\n').toString();
    }

    /**
     * A name asked for as the record writes it: {@code dns:NAME}, or for an IP literal {@code ip:} and
     * the bytes Bouncy Castle's {@code GeneralName} encodes (16 for any literal with a colon, 4
     * otherwise); null when it cannot be written so (then the record cannot vouch for it).
     */
    static String key(String name) {
        if (!ServerNames.isIpLiteral(name)) {
            return printable(name) ? "dns:" + name : null;
        }
        try {
            // A literal: InetAddress parses it without a lookup.
            byte[] address = InetAddress.getByName(name).getAddress();
            if (name.indexOf(':') >= 0 && address.length == 4) {
                // An IPv4-mapped IPv6 literal, which InetAddress shortens to the IPv4 address.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(address, 0, mapped, 12, 4);
                address = mapped;
            }
            return "ip:" + HexFormat.of().formatHex(address);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a name can stand in a line as one field: printable ASCII, no space. */
    private static boolean printable(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
