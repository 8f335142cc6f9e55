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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The on-disk cache: when its files are reused, when they are written, and how they are replaced
 * safely. What counts as damaged, and what may be written again quietly, is {@link CachedFiles}'s.
 *
 * <p>A start whose files are all sound writes nothing and takes no lock, so a read-only directory
 * (certificates mounted into a container) works. Writing runs under two locks: a per-directory
 * monitor for threads of this JVM (a JVM may hold only one {@link FileLock} per file) and a
 * {@link FileLock} on {@value #LOCK_FILE} for other processes; the directory is read again under
 * them, so that what another process wrote meanwhile (or was half way through) is seen whole. Every
 * file is written under a temporary name and moved into place atomically, so a reader never sees
 * half a file; a crash between two moves leaves a server certificate that no longer matches its key
 * or the CA, which the next start reissues.
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

    /** The CA and server material found or created, and what the user should be told about it. */
    record Contents(IssuedCertificate ca, IssuedCertificate server, List<String> notices) {
        Contents {
            notices = List.copyOf(notices);
        }
    }

    private CertificateDirectory() {
    }

    /**
     * The directory's certificates, made whole if need be.
     *
     * @throws CertificateCacheException for a damaged or mismatched file, or a directory that can
     *     neither be read nor, when something must be written, written
     */
    static Contents loadOrCreate(Path directory, CertificateOptions options) {
        CachedFiles found = null;
        CertificateCacheException problem = null;
        if (!options.regenerate()) {
            try {
                found = CachedFiles.read(directory, options);
                if (found.complete()) {
                    return new Contents(found.ca(), found.server(), List.of());
                }
            } catch (CertificateCacheException e) {
                if (e.problem() == CertificateCacheException.Problem.UNUSABLE) {
                    throw e;
                }
                // Confirmed under the lock: another process may be between two writes.
                problem = e;
            }
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            return cannotWrite(directory, e, found, problem, options);
        }
        Object jvmLock = JVM_LOCKS.computeIfAbsent(realPath(directory), key -> new Object());
        synchronized (jvmLock) {
            FileChannel channel;
            try {
                channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                return cannotWrite(directory, e, found, problem, options);
            }
            try (channel; FileLock lock = channel.lock()) {
                return loadOrCreateLocked(directory, options);
            } catch (IOException e) {
                throw CachedFiles.unusable(directory, "cannot write " + directory, e);
            }
        }
    }

    /** Writes every export file of {@code contents} into {@code directory}. */
    static void writeAll(Path directory, Contents contents) throws IOException {
        writeCa(directory, contents.ca());
        writeServer(directory, contents.server());
        writeChecksums(directory, contents.ca(), contents.server());
    }

    /** When nothing can be written: fine if only export copies were stale (said so), an error otherwise. */
    private static Contents cannotWrite(Path directory, IOException why, CachedFiles found,
            CertificateCacheException problem, CertificateOptions options) {
        if (problem != null) {
            throw problem;
        }
        if (found != null && found.onlyExportsStale()) {
            List<String> notices = new ArrayList<>();
            found.staleExports().forEach((name, stale) -> {
                if (!stale.equals("missing") && !name.equals(Checksums.FILE)) {
                    notices.add(directory.resolve(name) + " is not usable (" + stale + ") and cannot be written again: "
                            + CachedFiles.reason(why));
                }
            });
            return new Contents(found.ca(), found.server(), notices);
        }
        String need = found == null && options.regenerate() ? "the certificates must be replaced (as asked)"
                : found.firstNeed();
        throw new CertificateCacheException(CertificateCacheException.Problem.UNUSABLE, directory,
                "cannot write " + directory + " (" + CachedFiles.reason(why) + "), and " + need, why);
    }

    private static Contents loadOrCreateLocked(Path directory, CertificateOptions options) throws IOException {
        Instant now = options.clock().instant();
        KeyAlgorithm algorithm = options.keyAlgorithm();
        Set<GeneralName> required = ServerNames.required(options.extraNames());
        if (options.regenerate()) {
            IssuedCertificate ca = CertificateIssuer.newCa(algorithm, now);
            IssuedCertificate server = issueServer(ca, algorithm, required, Optional.empty(), now);
            writeAll(directory, new Contents(ca, server, List.of()));
            return new Contents(ca, server, List.of("made a new CA and server certificate in " + directory
                    + " (as asked): clients must trust the new ca.pem"));
        }
        CachedFiles found = CachedFiles.read(directory, options);
        List<String> notices = new ArrayList<>();
        IssuedCertificate ca = found.ca();
        if (found.needsNewCa()) {
            ca = CertificateIssuer.newCa(algorithm, now);
            writeCa(directory, ca);
            if (found.newCaNotice() != null) {
                notices.add(found.newCaNotice());
            }
        }
        if (found.needsNewCa() || found.needsServer()) {
            IssuedCertificate server = issueServer(ca, algorithm, required,
                    found.needsNewCa() ? Optional.empty() : found.previousServer(), now);
            writeServer(directory, server);
            writeChecksums(directory, ca, server);
            return new Contents(ca, server, notices);
        }
        IssuedCertificate server = found.server();
        for (Map.Entry<String, String> stale : found.staleExports().entrySet()) {
            if (stale.getKey().equals(Checksums.FILE) || stale.getKey().equals(CheckRecord.FILE)) {
                continue;
            }
            writeExport(directory, stale.getKey(), ca, server);
            if (!stale.getValue().equals("missing")) {
                notices.add(directory.resolve(stale.getKey()) + " was not usable (" + stale.getValue()
                        + "); written again from the CA and server files");
            }
        }
        writeChecksums(directory, ca, server);
        return new Contents(ca, server, notices);
    }

    /**
     * Writes the record of what was checked, then the sums (which cover the record): called only once
     * {@code ca} and {@code server} are checked or new, and their files written.
     */
    private static void writeChecksums(Path directory, IssuedCertificate ca, IssuedCertificate server)
            throws IOException {
        String record = CheckRecord.render(Checksums.sha256(Files.readAllBytes(directory.resolve(CA_PEM))),
                ca.certificate(), Checksums.sha256(Files.readAllBytes(directory.resolve(SERVER_PEM))),
                server.certificate());
        write(directory, CheckRecord.FILE, ascii(record), false);
        write(directory, Checksums.FILE, ascii(Checksums.render(directory)), false);
    }

    private static Path realPath(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            return directory.toAbsolutePath().normalize();
        }
    }

    static IssuedCertificate issueServer(IssuedCertificate ca, KeyAlgorithm algorithm, Set<GeneralName> required,
            Optional<X509Certificate> previous, Instant now) {
        Set<GeneralName> names = new LinkedHashSet<>(required);
        // Keep names an earlier caller asked for, so two users of one directory with different
        // extra names converge instead of reissuing on every start.
        previous.ifPresent(old -> names.addAll(ServerNames.present(old)));
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

    private static void writeCa(Path directory, IssuedCertificate ca) throws IOException {
        // The key first: a start that finds the key without its certificate stops rather than guess.
        write(directory, CA_KEY_PEM, ascii(Pem.privateKey(ca.privateKey())), true);
        write(directory, CA_PEM, ascii(Pem.certificates(List.of(ca.certificate()))), false);
        writeExport(directory, TRUSTSTORE, ca, null);
    }

    private static void writeServer(Path directory, IssuedCertificate server) throws IOException {
        write(directory, SERVER_KEY_PEM, ascii(Pem.privateKey(server.privateKey())), true);
        write(directory, SERVER_PEM, ascii(Pem.certificates(List.of(server.certificate()))), false);
        writeExport(directory, CHAIN_PEM, null, server);
        writeExport(directory, KEYSTORE, null, server);
    }

    /** Writes one of the copies made from the CA and server files. */
    private static void writeExport(Path directory, String name, IssuedCertificate ca, IssuedCertificate server)
            throws IOException {
        switch (name) {
            case CHAIN_PEM -> write(directory, CHAIN_PEM, ascii(Pem.certificates(server.chain())), false);
            case TRUSTSTORE -> write(directory, TRUSTSTORE, Stores.toBytes(Stores.trustStore(ca.certificate())), false);
            case KEYSTORE -> write(directory, KEYSTORE,
                    Stores.toBytes(Stores.keyStore(server.privateKey(), server.chain())), true);
            default -> throw new IllegalArgumentException("not an export file: " + name);
        }
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
