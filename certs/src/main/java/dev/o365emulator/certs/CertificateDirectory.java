package dev.o365emulator.certs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The on-disk cache: which files exist, when they are reused, and how they are replaced safely.
 *
 * <p>Creation runs under two locks: a per-directory monitor for threads of this JVM (a JVM may
 * hold only one {@link FileLock} per file) and a {@link FileLock} on {@value #LOCK_FILE} for other
 * processes. Every file is written under a temporary name and moved into place atomically, so a
 * reader never sees half a file; a crash between two moves leaves a server certificate that no
 * longer verifies against the CA, which the next start detects and reissues.
 */
final class CertificateDirectory {

    static final String CA_PEM = "ca.pem";
    static final String CA_KEY_PEM = "ca-key.pem";
    static final String SERVER_PEM = "server.pem";
    static final String SERVER_KEY_PEM = "server-key.pem";
    static final String CHAIN_PEM = "chain.pem";
    static final String TRUSTSTORE = "truststore.p12";
    static final String KEYSTORE = "keystore.p12";
    static final String LOCK_FILE = ".lock";

    /** A server certificate this close to expiry is replaced rather than reused. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final ConcurrentHashMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    /** The CA and server material found or created. */
    record Contents(IssuedCertificate ca, IssuedCertificate server) {
    }

    private CertificateDirectory() {
    }

    static Contents loadOrCreate(Path directory, CertificateOptions options) throws IOException {
        Files.createDirectories(directory);
        Object jvmLock = JVM_LOCKS.computeIfAbsent(directory.toRealPath(), key -> new Object());
        synchronized (jvmLock) {
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return loadOrCreateLocked(directory, options);
            }
        }
    }

    /** Writes every export file of {@code contents} into {@code directory}. */
    static void writeAll(Path directory, Contents contents) throws IOException {
        writeCa(directory, contents.ca());
        writeServer(directory, contents.server());
    }

    private static Contents loadOrCreateLocked(Path directory, CertificateOptions options) throws IOException {
        Instant now = options.clock().instant();
        KeyAlgorithm algorithm = options.keyAlgorithm();

        IssuedCertificate ca = readCa(directory).filter(found -> usableCa(found, algorithm, now)).orElse(null);
        boolean newCa = ca == null;
        if (newCa) {
            ca = CertificateIssuer.newCa(algorithm, now);
            writeCa(directory, ca);
        }

        Set<GeneralName> required = ServerNames.required(options.extraNames());
        Optional<IssuedCertificate> previous = newCa ? Optional.empty() : readServer(directory, ca);
        IssuedCertificate server = null;
        if (previous.isPresent() && usableServer(previous.get(), ca, algorithm, required, now)) {
            server = previous.get();
        }
        if (server == null) {
            server = issueServer(ca, algorithm, required, previous, now);
            writeServer(directory, server);
        } else if (!exportsPresent(directory)) {
            writeServer(directory, server);
        }
        return new Contents(ca, server);
    }

    static IssuedCertificate issueServer(IssuedCertificate ca, KeyAlgorithm algorithm, Set<GeneralName> required,
            Optional<IssuedCertificate> previous, Instant now) {
        Set<GeneralName> names = new LinkedHashSet<>(required);
        // Keep names an earlier caller asked for, so two users of one directory with different
        // extra names converge instead of reissuing on every start.
        previous.ifPresent(old -> names.addAll(ServerNames.present(old.certificate())));
        if (names.size() > ServerNames.MAX_NAMES) {
            names.retainAll(required);
        }
        Instant notBefore = now.minus(CertificateIssuer.CLOCK_SKEW);
        Instant notAfter = notBefore.plus(CertificateIssuer.SERVER_VALIDITY);
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        return CertificateIssuer.newServer(ca, algorithm, ServerNames.COMMON_NAME, names, notBefore, notAfter);
    }

    private static Optional<IssuedCertificate> readCa(Path directory) {
        try {
            X509Certificate certificate = Pem.readCertificates(directory.resolve(CA_PEM)).get(0);
            PrivateKey key = Pem.readPrivateKey(directory.resolve(CA_KEY_PEM));
            return Optional.of(new IssuedCertificate(certificate, key, List.of(certificate)));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // Missing, truncated or foreign files all mean the same thing: make a new CA.
            return Optional.empty();
        }
    }

    private static Optional<IssuedCertificate> readServer(Path directory, IssuedCertificate ca) {
        try {
            X509Certificate certificate = Pem.readCertificates(directory.resolve(SERVER_PEM)).get(0);
            certificate.verify(ca.certificate().getPublicKey());
            PrivateKey key = Pem.readPrivateKey(directory.resolve(SERVER_KEY_PEM));
            return Optional.of(new IssuedCertificate(certificate, key, List.of(certificate, ca.certificate())));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean usableCa(IssuedCertificate ca, KeyAlgorithm algorithm, Instant now) {
        X509Certificate certificate = ca.certificate();
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        return certificate.getBasicConstraints() >= 0
                && algorithm.matches(certificate.getPublicKey())
                && CertificateIssuer.isPair(ca.privateKey(), certificate.getPublicKey())
                && validThrough(certificate, now, now.plus(RENEW_BEFORE));
    }

    private static boolean usableServer(IssuedCertificate server, IssuedCertificate ca, KeyAlgorithm algorithm,
            Set<GeneralName> required, Instant now) {
        X509Certificate certificate = server.certificate();
        return certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
                && algorithm.matches(certificate.getPublicKey())
                && CertificateIssuer.isPair(server.privateKey(), certificate.getPublicKey())
                && validThrough(certificate, now, now.plus(RENEW_BEFORE))
                && ServerNames.present(certificate).containsAll(required);
    }

    private static boolean validThrough(X509Certificate certificate, Instant from, Instant until) {
        return !certificate.getNotBefore().toInstant().isAfter(from)
                && certificate.getNotAfter().toInstant().isAfter(until);
    }

    private static boolean exportsPresent(Path directory) {
        for (String name : List.of(CA_PEM, SERVER_PEM, SERVER_KEY_PEM, CHAIN_PEM, TRUSTSTORE, KEYSTORE)) {
            if (!Files.isRegularFile(directory.resolve(name))) {
                return false;
            }
        }
        return true;
    }

    private static void writeCa(Path directory, IssuedCertificate ca) throws IOException {
        // The key first: a CA certificate without its key would be discarded on the next start.
        write(directory, CA_KEY_PEM, ascii(Pem.privateKey(ca.privateKey())), true);
        write(directory, CA_PEM, ascii(Pem.certificates(List.of(ca.certificate()))), false);
        write(directory, TRUSTSTORE, Stores.toBytes(Stores.trustStore(ca.certificate())), false);
    }

    private static void writeServer(Path directory, IssuedCertificate server) throws IOException {
        write(directory, SERVER_KEY_PEM, ascii(Pem.privateKey(server.privateKey())), true);
        write(directory, SERVER_PEM, ascii(Pem.certificates(List.of(server.certificate()))), false);
        write(directory, CHAIN_PEM, ascii(Pem.certificates(server.chain())), false);
        write(directory, KEYSTORE, Stores.toBytes(Stores.keyStore(server.privateKey(), server.chain())), true);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes to a temporary file beside the target, then renames it over the target. */
    private static void write(Path directory, String name, byte[] bytes, boolean secret) throws IOException {
        Path target = directory.resolve(name);
        // createTempFile makes the file owner-only on POSIX, so a key is never readable by others.
        Path temporary = Files.createTempFile(directory, "." + name + ".", ".tmp");
        try {
            Files.write(temporary, bytes);
            if (posix(directory)) {
                Files.setPosixFilePermissions(temporary, secret ? OWNER_ONLY : WORLD_READABLE);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean posix(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
