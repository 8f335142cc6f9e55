package dev.o365emulator.certs;

import dev.o365emulator.certs.CertificateCacheException.Problem;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * What a certificate directory holds, read without writing anything, and what it would take to make
 * it whole: a new CA, a new server certificate, or export files written again.
 *
 * <p>The rules, so that no file a user may trust is replaced without a word:
 * <ul>
 *   <li>a file that is there but damaged ({@code ca.pem}, {@code ca-key.pem}, {@code server.pem},
 *       {@code server-key.pem}), a CA key that does not belong to {@code ca.pem}, or one of the two
 *       CA files without the other: {@link Problem#DAMAGED}, thrown;</li>
 *   <li>a sound CA of another key algorithm than asked: {@link Problem#MISMATCHED}, thrown;</li>
 *   <li>a file that cannot be read at all: {@link Problem#UNUSABLE}, thrown;</li>
 *   <li>no CA at all: a new one, quietly (the first start); a CA that is not valid now or within
 *       {@link CertificateDirectory#RENEW_BEFORE}: a new one, said in a notice;</li>
 *   <li>a server certificate missing, expiring, lacking a name, of another algorithm, or left
 *       inconsistent by a crash between two writes: reissued under the same CA, quietly (clients
 *       trust the CA, not the server certificate);</li>
 *   <li>an export ({@code chain.pem}, {@code truststore.p12}, {@code keystore.p12}) missing, damaged
 *       or not matching the CA and server files: written again from them, said in a notice when it
 *       was there (they are copies, so this loses nothing). {@link Checksums} spares a start from
 *       opening them when they are the ones last written.</li>
 * </ul>
 *
 * <p>The sums also spare a start the signature and key-pair checks of a CA or server file whose
 * bytes (read once, for both the sum and the parse) are the ones listed: those checks passed when
 * the sums were written and depend on nothing else. Every check that depends on the time or the
 * options (validity, key algorithm, names) runs on every start, and a file that differs from its
 * sum in any byte is checked in full. When {@link CheckRecord} describes those same bytes, the
 * time- and option-dependent checks run on the record and nothing is parsed: the certificates and
 * keys are handed out as their PEM and parsed on first use.
 *
 * <p>Over 400 lines because these rules are one decision, read top to bottom with the checks each
 * takes; the export files' checks are {@link StaleExports}.
 */
final class CachedFiles {

    private final Path directory;
    private final IssuedCertificate ca;
    private final boolean newCa;
    private final String caExpiry;
    private final IssuedCertificate server;
    private final Optional<X509Certificate> previousServer;
    private final String serverReissue;
    private final Map<String, String> staleExports;

    private CachedFiles(Path directory, IssuedCertificate ca, boolean newCa, String caExpiry,
            IssuedCertificate server, Optional<X509Certificate> previousServer, String serverReissue,
            Map<String, String> staleExports) {
        this.directory = directory;
        this.ca = ca;
        this.newCa = newCa;
        this.caExpiry = caExpiry;
        this.server = server;
        this.previousServer = previousServer;
        this.serverReissue = serverReissue;
        this.staleExports = staleExports;
    }

    /**
     * Reads and checks {@code directory} (which need not exist).
     *
     * @throws CertificateCacheException for a damaged, mismatched or unreadable file
     */
    static CachedFiles read(Path directory, CertificateOptions options) {
        Instant now = options.clock().instant();
        KeyAlgorithm algorithm = options.keyAlgorithm();
        byte[] caBytes = readBytes(directory, CertificateDirectory.CA_PEM);
        byte[] caKeyBytes = readBytes(directory, CertificateDirectory.CA_KEY_PEM);
        CachedFiles recorded = asRecorded(directory, options, now, caBytes, caKeyBytes);
        if (recorded != null) {
            return recorded;
        }
        X509Certificate caCertificate = certificate(directory, CertificateDirectory.CA_PEM, caBytes);
        PrivateKey caKey = key(directory, CertificateDirectory.CA_KEY_PEM, caKeyBytes);
        if (caCertificate == null && caKey == null) {
            return new CachedFiles(directory, null, true, null, null, Optional.empty(), "no CA yet", Map.of());
        }
        if (caCertificate == null || caKey == null) {
            String missing = caCertificate == null ? CertificateDirectory.CA_PEM : CertificateDirectory.CA_KEY_PEM;
            String present = caCertificate == null ? CertificateDirectory.CA_KEY_PEM : CertificateDirectory.CA_PEM;
            throw damaged(directory, missing, "missing while " + present + " is there", null);
        }
        // The same bytes as when the sums were written: their signature and key-pair checks passed then.
        boolean caChecked = Checksums.lists(directory, CertificateDirectory.CA_PEM, caBytes)
                && Checksums.lists(directory, CertificateDirectory.CA_KEY_PEM, caKeyBytes);
        checkCa(directory, caCertificate, caKey, algorithm, caChecked);
        IssuedCertificate ca = new IssuedCertificate(caCertificate, caKey, List.of(caCertificate));
        String expiry = validity(caCertificate, now);
        if (expiry != null) {
            return new CachedFiles(directory, ca, true, expiry, null, Optional.empty(), "new CA", Map.of());
        }

        byte[] serverBytes = readBytes(directory, CertificateDirectory.SERVER_PEM);
        X509Certificate serverCertificate = certificate(directory, CertificateDirectory.SERVER_PEM, serverBytes);
        byte[] serverKeyBytes = readBytes(directory, CertificateDirectory.SERVER_KEY_PEM);
        PrivateKey serverKey = key(directory, CertificateDirectory.SERVER_KEY_PEM, serverKeyBytes);
        boolean serverChecked = caChecked && Checksums.lists(directory, CertificateDirectory.SERVER_PEM, serverBytes)
                && Checksums.lists(directory, CertificateDirectory.SERVER_KEY_PEM, serverKeyBytes);
        Optional<X509Certificate> previous = Optional.ofNullable(serverCertificate)
                .filter(c -> issuedBy(c, ca, serverChecked));
        String reissue = serverReissue(serverCertificate, serverKey, ca, algorithm,
                ServerNames.required(options.extraNames()), now, serverChecked);
        if (reissue != null) {
            return new CachedFiles(directory, ca, false, null, null, previous, reissue, Map.of());
        }
        IssuedCertificate server = new IssuedCertificate(serverCertificate, serverKey,
                List.of(serverCertificate, caCertificate));
        return new CachedFiles(directory, ca, false, null, server, previous, null,
                StaleExports.find(directory, ca, server, recordDescribes(directory, caBytes, serverBytes)));
    }

    /**
     * The directory as {@link CheckRecord} describes it, without parsing a file: when the sums list the
     * four CA and server files with the bytes just read, and the record (itself listed in the sums)
     * describes those bytes, and by it both certificates are still valid, of the algorithm asked for and
     * the server's carry every name asked for. Null otherwise: then the files are checked in full, which
     * gives the same answer for a sound directory and the authoritative one for any other.
     */
    private static CachedFiles asRecorded(Path directory, CertificateOptions options, Instant now, byte[] caBytes,
            byte[] caKeyBytes) {
        if (caBytes == null || caKeyBytes == null) {
            return null;
        }
        String sums = Checksums.read(directory);
        byte[] recordBytes = CheckRecord.read(directory);
        if (sums == null || recordBytes == null) {
            return null;
        }
        byte[] serverBytes = readBytes(directory, CertificateDirectory.SERVER_PEM);
        byte[] serverKeyBytes = readBytes(directory, CertificateDirectory.SERVER_KEY_PEM);
        if (serverBytes == null || serverKeyBytes == null) {
            return null;
        }
        Map<String, String> known = new HashMap<>();
        known.put(CertificateDirectory.CA_PEM, Checksums.sha256(caBytes));
        known.put(CertificateDirectory.CA_KEY_PEM, Checksums.sha256(caKeyBytes));
        known.put(CertificateDirectory.SERVER_PEM, Checksums.sha256(serverBytes));
        known.put(CertificateDirectory.SERVER_KEY_PEM, Checksums.sha256(serverKeyBytes));
        known.put(CheckRecord.FILE, Checksums.sha256(recordBytes));
        for (Map.Entry<String, String> file : known.entrySet()) {
            if (!Checksums.lists(sums, file.getKey(), file.getValue())) {
                return null;
            }
        }
        Map<String, CheckRecord.Entry> record = CheckRecord.parse(recordBytes);
        CheckRecord.Entry ca = record.get(CertificateDirectory.CA_PEM);
        CheckRecord.Entry server = record.get(CertificateDirectory.SERVER_PEM);
        if (ca == null || server == null || !ca.describes(known.get(CertificateDirectory.CA_PEM))
                || !server.describes(known.get(CertificateDirectory.SERVER_PEM)) || !ca.ca()
                || ca.algorithm() != options.keyAlgorithm() || server.algorithm() != options.keyAlgorithm()
                || validity(ca.notBefore(), ca.notAfter(), now) != null
                || validity(server.notBefore(), server.notAfter(), now) != null
                || !server.hasNames(ServerNames.DEFAULT_NAMES) || !server.hasNames(options.extraNames())) {
            return null;
        }
        IssuedCertificate caFiles = IssuedCertificate.ofCheckedFiles(file(directory, CertificateDirectory.CA_PEM),
                caBytes, file(directory, CertificateDirectory.CA_KEY_PEM), caKeyBytes, List.of());
        IssuedCertificate serverFiles = IssuedCertificate.ofCheckedFiles(
                file(directory, CertificateDirectory.SERVER_PEM), serverBytes,
                file(directory, CertificateDirectory.SERVER_KEY_PEM), serverKeyBytes, List.of(caFiles));
        // The exports: current when the sums still list what they hold now (else checked in full, as always).
        Map<String, String> stale = Checksums.current(directory, sums, known) ? Map.of()
                : StaleExports.find(directory, caFiles, serverFiles, true);
        // No previous server certificate: one is needed only for a reissue, which this start does not make.
        return new CachedFiles(directory, caFiles, false, null, serverFiles, Optional.empty(), null, stale);
    }

    /** Whether nothing needs writing. */
    boolean complete() {
        return !newCa && serverReissue == null && staleExports.isEmpty();
    }

    /** Whether only export copies need writing (the CA and server files are sound and fit). */
    boolean onlyExportsStale() {
        return !newCa && serverReissue == null;
    }

    /** Whether a new CA must be made, and with it everything else. */
    boolean needsNewCa() {
        return newCa;
    }

    /** What the user is told when the new CA replaces one, or null on a first start. */
    String newCaNotice() {
        return caExpiry == null ? null : "the CA in " + file(directory, CertificateDirectory.CA_PEM) + " " + caExpiry
                + "; made a new one in its place: clients must trust the new ca.pem";
    }

    /** Whether the server certificate must be (re)issued under {@link #ca()}. */
    boolean needsServer() {
        return serverReissue != null;
    }

    /** The first thing that needs writing, for a message when nothing can be written. */
    String firstNeed() {
        if (newCa) {
            return caExpiry != null ? "the CA must be replaced (it " + caExpiry + ")" : "the CA must be created";
        }
        if (serverReissue != null) {
            return "the server certificate must be issued (" + serverReissue + ")";
        }
        Map.Entry<String, String> first = staleExports.entrySet().iterator().next();
        return first.getKey() + " must be written (" + first.getValue() + ")";
    }

    /** The CA, when one is kept. */
    IssuedCertificate ca() {
        return ca;
    }

    /** The server certificate, when it is kept. */
    IssuedCertificate server() {
        return server;
    }

    /** The server certificate found, when it was issued by the kept CA (its names are kept on reissue). */
    Optional<X509Certificate> previousServer() {
        return previousServer;
    }

    /** Export file name → why it must be written again ({@code missing}, {@code damaged (…)}, …), in order. */
    Map<String, String> staleExports() {
        return staleExports;
    }

    Path directory() {
        return directory;
    }

    /** Checks the CA; {@code checked}: its files are the ones last checked, so their signatures need no new look. */
    private static void checkCa(Path directory, X509Certificate certificate, PrivateKey key, KeyAlgorithm algorithm,
            boolean checked) {
        try {
            if (!checked) {
                certificate.verify(certificate.getPublicKey());
            }
        } catch (GeneralSecurityException e) {
            throw damaged(directory, CertificateDirectory.CA_PEM, "not a self-signed CA certificate", e);
        }
        if (certificate.getBasicConstraints() < 0) {
            throw damaged(directory, CertificateDirectory.CA_PEM, "not a CA certificate", null);
        }
        if (!checked && !CertificateIssuer.isPair(key, certificate.getPublicKey())) {
            throw damaged(directory, CertificateDirectory.CA_KEY_PEM, "not the key of ca.pem's CA", null);
        }
        if (!algorithm.matches(certificate.getPublicKey())) {
            Path file = file(directory, CertificateDirectory.CA_PEM);
            throw new CertificateCacheException(Problem.MISMATCHED, file, file + " holds an "
                    + describe(certificate.getPublicKey()) + " CA, not the " + describe(algorithm) + " one asked for",
                    null);
        }
    }

    private static String serverReissue(X509Certificate certificate, PrivateKey key, IssuedCertificate ca,
            KeyAlgorithm algorithm, Set<GeneralName> required, Instant now, boolean checked) {
        if (certificate == null || key == null) {
            return (certificate == null ? CertificateDirectory.SERVER_PEM : CertificateDirectory.SERVER_KEY_PEM)
                    + " is missing";
        }
        // Each of these is what a crash between two writes, a new --name or --key, or time leaves behind.
        if (!issuedBy(certificate, ca, checked)) {
            return "not issued by the CA";
        }
        if (!checked && !CertificateIssuer.isPair(key, certificate.getPublicKey())) {
            return "server-key.pem is not its key";
        }
        if (!algorithm.matches(certificate.getPublicKey())) {
            return "another key algorithm";
        }
        String expiry = validity(certificate, now);
        if (expiry != null) {
            return "it " + expiry;
        }
        if (!ServerNames.present(certificate).containsAll(required)) {
            return "a name is missing";
        }
        return null;
    }

    /**
     * Whether {@link CheckRecord} describes the bytes of {@code ca.pem} and {@code server.pem} as they
     * are; when not (a cache written before the record, or a file replaced by hand), the next write of
     * the sums writes it too.
     */
    private static boolean recordDescribes(Path directory, byte[] caBytes, byte[] serverBytes) {
        Map<String, CheckRecord.Entry> record = CheckRecord.parse(CheckRecord.read(directory));
        CheckRecord.Entry ca = record.get(CertificateDirectory.CA_PEM);
        CheckRecord.Entry server = record.get(CertificateDirectory.SERVER_PEM);
        return ca != null && server != null && ca.describes(Checksums.sha256(caBytes))
                && server.describes(Checksums.sha256(serverBytes));
    }

    /** A cache file's bytes, null when it is missing; read once, so the sums and the parse see the same bytes. */
    private static byte[] readBytes(Path directory, String name) {
        Path file = directory.resolve(name);
        try {
            return Pem.readBytes(file);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw unusable(file, "cannot read " + file, e);
        } catch (GeneralSecurityException e) {
            throw damaged(directory, name, reason(e), e);
        }
    }

    private static X509Certificate certificate(Path directory, String name, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Pem.certificates(bytes).get(0);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw damaged(directory, name, reason(e), e);
        }
    }

    private static PrivateKey key(Path directory, String name, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return Pem.privateKey(bytes);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw damaged(directory, name, reason(e), e);
        }
    }

    private static boolean issuedBy(X509Certificate certificate, IssuedCertificate ca, boolean checked) {
        if (!sameName(certificate.getIssuerX500Principal(), ca.certificate().getSubjectX500Principal())) {
            return false;
        }
        if (checked) {
            return true;
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether two names are equal as {@link X500Principal#equals} says, asked only when their DER
     * differs: the CA writes its subject into the certificates it issues byte for byte, and the
     * canonical comparison loads the JDK's Unicode normalisation data (some 20 ms of a start).
     */
    static boolean sameName(X500Principal a, X500Principal b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded()) || a.equals(b);
    }

    /** Null when valid from now until {@link CertificateDirectory#RENEW_BEFORE} ahead, else why not. */
    private static String validity(X509Certificate certificate, Instant now) {
        return validity(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now);
    }

    private static String validity(Instant notBefore, Instant notAfter, Instant now) {
        if (notBefore.isAfter(now)) {
            return "is not valid until " + day(notBefore);
        }
        if (!notAfter.isAfter(now)) {
            return "expired on " + day(notAfter);
        }
        if (!notAfter.isAfter(now.plus(CertificateDirectory.RENEW_BEFORE))) {
            return "expires on " + day(notAfter);
        }
        return null;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static String describe(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? "ECDSA P-256" : "RSA-2048";
    }

    private static String describe(PublicKey key) {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            if (algorithm.matches(key)) {
                return describe(algorithm);
            }
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "ECDSA " + ec.getParams().getCurve().getField().getFieldSize() + "-bit";
        }
        return key.getAlgorithm();
    }

    static Path file(Path directory, String name) {
        return directory.resolve(name);
    }

    private static CertificateCacheException damaged(Path directory, String name, String why, Throwable cause) {
        Path file = file(directory, name);
        return new CertificateCacheException(Problem.DAMAGED, file, file + " is damaged: " + why, cause);
    }

    static CertificateCacheException unusable(Path file, String what, IOException cause) {
        return new CertificateCacheException(Problem.UNUSABLE, file, what + ": " + reason(cause), cause);
    }

    /** A short reason: the message of the innermost cause that has one, the class name otherwise. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String message = e.getMessage();
        if (e.getCause() != null && (message == null || message.startsWith(e.getCause().getClass().getName()))) {
            return reason(e.getCause());
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
