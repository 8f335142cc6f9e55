package dev.o365emulator.certs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Server certificates a correct TLS client must reject, for negative tests.
 *
 * <p>Each is made on first request and then reused. All but {@link #selfSignedLeaf()} are issued
 * by the bundle's CA, so the failure a client reports is the intended one and not "unknown CA".
 *
 * <pre>{@code
 * IssuedCertificate expired = CertificateBundle.shared().badCertificates().expired();
 * server.init(expired.keyManagerFactory().getKeyManagers(), null, null);
 * // a client trusting the CA now fails the handshake with a validity error
 * }</pre>
 */
public final class BadCertificates {

    /** The only name {@link #wrongHost()} is valid for; {@code .invalid} never resolves (RFC 6761). */
    public static final String WRONG_HOST = "wrong.example.invalid";

    private static final Duration LIFETIME = Duration.ofDays(30);

    private final IssuedCertificate ca;
    private final KeyAlgorithm algorithm;
    private final Clock clock;
    private final ConcurrentMap<String, IssuedCertificate> made = new ConcurrentHashMap<>();

    BadCertificates(IssuedCertificate ca, KeyAlgorithm algorithm, Clock clock) {
        this.ca = ca;
        this.algorithm = algorithm;
        this.clock = clock;
    }

    /** Right names, right CA, but its validity ended a day ago. */
    public IssuedCertificate expired() {
        return made.computeIfAbsent("expired", key -> {
            Instant notAfter = clock.instant().minus(Duration.ofDays(1));
            return issue(ca, ServerNames.COMMON_NAME, List.of(), notAfter.minus(LIFETIME), notAfter);
        });
    }

    /** Right names, right CA, but its validity starts tomorrow. */
    public IssuedCertificate notYetValid() {
        return made.computeIfAbsent("notYetValid", key -> {
            Instant notBefore = clock.instant().plus(Duration.ofDays(1));
            return issue(ca, ServerNames.COMMON_NAME, List.of(), notBefore, notBefore.plus(LIFETIME));
        });
    }

    /** Valid now and issued by the CA, but only for {@value #WRONG_HOST}. */
    public IssuedCertificate wrongHost() {
        return made.computeIfAbsent("wrongHost", key -> {
            Instant now = clock.instant();
            return issue(ca, WRONG_HOST, List.of(WRONG_HOST), now.minus(CertificateIssuer.CLOCK_SKEW),
                    now.plus(LIFETIME));
        });
    }

    /** Valid now for all the usual names, but self-signed rather than issued by the CA. */
    public IssuedCertificate selfSignedLeaf() {
        return made.computeIfAbsent("selfSignedLeaf", key -> {
            Instant now = clock.instant();
            return issue(null, ServerNames.COMMON_NAME, List.of(), now.minus(CertificateIssuer.CLOCK_SKEW),
                    now.plus(LIFETIME));
        });
    }

    private IssuedCertificate issue(IssuedCertificate issuer, String commonName, List<String> onlyNames,
            Instant notBefore, Instant notAfter) {
        var names = onlyNames.isEmpty()
                ? ServerNames.required(List.of())
                : onlyNames.stream().map(ServerNames::toGeneralName).toList();
        return CertificateIssuer.newServer(issuer, algorithm, commonName, names, notBefore, notAfter);
    }
}
