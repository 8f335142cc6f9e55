package dev.o365emulator.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exported files, checked by OpenSSL: what curl, Python and most non-Java clients use. */
class OpensslIT {

    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void requireOpenssl() {
        assumeTrue(run(List.of("openssl", "version")).exitCode() == 0, "openssl is not on PATH");
    }

    @Test
    void opensslVerifiesTheServerCertificateAgainstTheCa() {
        CertificateBundle bundle = CertificateBundle.loadOrCreate(dataDir);

        Result result = run(List.of("openssl", "verify", "-CAfile", bundle.caPem().toString(),
                bundle.serverPem().toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(": OK");
    }

    @Test
    void opensslVerifiesTheRsaServerCertificateToo() {
        CertificateBundle rsa = CertificateBundle.shared(KeyAlgorithm.RSA_2048);

        Result result = run(List.of("openssl", "verify", "-purpose", "sslserver", "-CAfile", rsa.caPem().toString(),
                rsa.serverPem().toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void opensslReadsTheKeystoreWithTheDocumentedPassword() {
        CertificateBundle bundle = CertificateBundle.loadOrCreate(dataDir);

        Result result = run(List.of("openssl", "pkcs12", "-in", bundle.keystore().toString(),
                "-passin", "pass:" + CertificateBundle.STORE_PASSWORD, "-nokeys"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("subject=").contains("outlook.office365.com");
    }

    /** Exit code and merged output of a process; exit code -1 when it could not start or timed out. */
    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
        try {
            // Output is a few lines; reading it all before waiting cannot deadlock on a full pipe.
            String output = new String(process.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return new Result(-1, "timed out: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        } finally {
            process.destroyForcibly();
        }
    }
}
