package dev.o365emulator.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which export files of a certificate directory ({@code chain.pem}, {@code truststore.p12},
 * {@code keystore.p12}) no longer match its CA and server files, and why; none are opened when
 * {@link Checksums} says they are the ones last written.
 */
final class StaleExports {

    private StaleExports() {
    }

    /** Each stale export (or the sums or record to write again) with the reason; empty when all is current. */
    static Map<String, String> find(Path directory, IssuedCertificate ca, IssuedCertificate server,
            boolean recordCurrent) {
        if (Checksums.current(directory)) {
            // Sound; a missing or outdated record is written (with the sums) when the directory allows it.
            return recordCurrent ? Map.of() : Map.of(CheckRecord.FILE, "missing");
        }
        Map<String, String> stale = new LinkedHashMap<>();
        check(stale, directory, CertificateDirectory.CHAIN_PEM, "server.pem and ca.pem", () -> {
            List<X509Certificate> chain = Pem.readCertificates(directory.resolve(CertificateDirectory.CHAIN_PEM));
            return chain.equals(server.chain());
        });
        check(stale, directory, CertificateDirectory.TRUSTSTORE, "ca.pem", () -> {
            KeyStore store = loadPkcs12(directory.resolve(CertificateDirectory.TRUSTSTORE));
            return ca.certificate().equals(store.getCertificate(CertificateBundle.CA_ALIAS));
        });
        check(stale, directory, CertificateDirectory.KEYSTORE, "server.pem and server-key.pem", () -> {
            KeyStore store = loadPkcs12(directory.resolve(CertificateDirectory.KEYSTORE));
            Key key = store.getKey(CertificateBundle.KEY_ALIAS, CertificateBundle.STORE_PASSWORD.toCharArray());
            Certificate[] chain = store.getCertificateChain(CertificateBundle.KEY_ALIAS);
            return key != null && Arrays.equals(key.getEncoded(), server.privateKey().getEncoded())
                    && chain != null && Arrays.asList(chain).equals(server.chain());
        });
        if (stale.isEmpty()) {
            // Sound, but the sums are missing or outdated: written when the directory allows it.
            stale.put(Checksums.FILE, "missing");
        }
        return stale;
    }

    /** Reads an export file's contents for comparison; true when they match. */
    private interface ExportCheck {
        boolean matches() throws IOException, GeneralSecurityException;
    }

    private static void check(Map<String, String> stale, Path directory, String name, String source,
            ExportCheck check) {
        if (!Files.exists(directory.resolve(name))) {
            stale.put(name, "missing");
            return;
        }
        try {
            if (!check.matches()) {
                stale.put(name, "it did not match " + source);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            stale.put(name, "it was damaged: " + CachedFiles.reason(e));
        } catch (IOException e) {
            Path file = CachedFiles.file(directory, name);
            throw CachedFiles.unusable(file, "cannot read " + file, e);
        }
    }

    private static KeyStore loadPkcs12(Path file) throws IOException, GeneralSecurityException {
        if (Files.size(file) > Pem.MAX_FILE_BYTES) {
            throw new Pem.FormatException("larger than " + Pem.MAX_FILE_BYTES / 1024 + " KB");
        }
        byte[] bytes = Files.readAllBytes(file);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(new ByteArrayInputStream(bytes), CertificateBundle.STORE_PASSWORD.toCharArray());
        } catch (IOException notPkcs12) {
            // KeyStore.load reports bytes that are not PKCS#12, or another password, as an IOException.
            throw new Pem.FormatException("not a PKCS#12 store with the password " + CertificateBundle.STORE_PASSWORD,
                    notPkcs12);
        }
        return store;
    }
}
