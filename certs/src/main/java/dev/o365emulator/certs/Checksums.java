package dev.o365emulator.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 of every cache file as the cache last wrote them, in {@value #FILE} ({@code sha256sum}'s
 * format, so {@code sha256sum -c} checks it by hand too).
 *
 * <p>A start uses it to know the export copies are the ones written from the CA and server files it
 * finds, without opening the PKCS#12 stores: loading them costs a fresh JVM a few hundred
 * milliseconds of key derivation and class loading, on every start. When the sums do not match (or
 * are missing, as in a cache written before them), the exports are checked in full.
 */
final class Checksums {

    /** The file of sums, in the certificate directory. */
    static final String FILE = ".sha256sums";

    /**
     * Every file the sums cover: the CA and server files, and the copies made from them; and
     * {@link CheckRecord#FILE} when it is there.
     */
    static final List<String> COVERED = List.of(CertificateDirectory.CA_PEM, CertificateDirectory.CA_KEY_PEM,
            CertificateDirectory.SERVER_PEM, CertificateDirectory.SERVER_KEY_PEM, CertificateDirectory.CHAIN_PEM,
            CertificateDirectory.TRUSTSTORE, CertificateDirectory.KEYSTORE);

    private static final long MAX_BYTES = 4096;

    private Checksums() {
    }

    /** Whether {@value #FILE} lists every covered file with the sum it has now. */
    static boolean current(Path directory) {
        return current(directory, read(directory), Map.of());
    }

    /**
     * Whether {@code sums} ({@value #FILE}'s text, null when missing) lists every covered file with the
     * sum it has now; {@code known}: sums already computed, by file name, so a file is not hashed twice.
     */
    static boolean current(Path directory, String sums, Map<String, String> known) {
        if (sums == null) {
            return false;
        }
        try {
            return sums.equals(render(directory, known));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** {@value #FILE}'s text, null when it is missing, too large or unreadable; read once per start. */
    static String read(Path directory) {
        try {
            Path file = directory.resolve(FILE);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return null;
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Whether {@code sums} ({@value #FILE}'s text) lists {@code name} with the sum {@code sum}. */
    static boolean lists(String sums, String name, String sum) {
        if (sums == null || sum == null) {
            return false;
        }
        String line = sum + "  " + name + "\n";
        return sums.startsWith(line) || sums.contains("\n" + line);
    }

    /**
     * Whether {@value #FILE} lists {@code name} with the sum of {@code bytes}: the file is the one the
     * cache last wrote or checked. The sums are written only after every CA and server file has been
     * checked (or written), so a start may skip the checks whose answer depends on nothing but these
     * bytes (signatures, key pairs): they would give the same answer again.
     */
    static boolean lists(Path directory, String name, byte[] bytes) {
        if (bytes == null) {
            return false;
        }
        return lists(read(directory), name, sha256(bytes));
    }

    /** The sums of the covered files as they are now, in {@value #FILE}'s format. */
    static String render(Path directory) throws IOException {
        return render(directory, Map.of());
    }

    private static String render(Path directory, Map<String, String> known) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : COVERED) {
            String sum = known.get(name);
            sums.put(name, sum != null ? sum : sha256(directory.resolve(name)));
        }
        // The record of the last check, when there is one (a cache written before it has none, and its
        // sums stay current without it).
        String record = known.get(CheckRecord.FILE);
        if (record != null || Files.exists(directory.resolve(CheckRecord.FILE))) {
            sums.put(CheckRecord.FILE, record != null ? record : sha256(directory.resolve(CheckRecord.FILE)));
        }
        StringBuilder text = new StringBuilder();
        sums.forEach((name, sum) -> text.append(sum).append("  ").append(name).append('\n'));
        return text.toString();
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** The SHA-256 of {@code bytes} in lower-case hex, as {@value #FILE} lists it. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
