package dev.o365emulator.certs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link CertificateBundle#loadOrCreate(java.nio.file.Path, CertificateOptions)} should produce.
 *
 * <p>Extra names are added to the server certificate's subject alternative names on top of the
 * Office 365 host names, {@code localhost}, {@code 127.0.0.1} and {@code ::1}. A name that parses
 * as an IPv4 or IPv6 literal becomes an IP address entry, anything else a DNS entry (lower-cased;
 * a leading {@code *.} wildcard is allowed). The clock decides validity windows and expiry checks,
 * so a test can move time instead of waiting for it. {@code regenerate} replaces whatever the
 * directory holds with a new CA and server certificate, even files that are sound: what a user asks
 * for when the cached ones are damaged, or to start over.
 *
 * <pre>{@code
 * CertificateOptions options = CertificateOptions.defaults()
 *         .withKeyAlgorithm(KeyAlgorithm.RSA_2048)
 *         .withExtraNames("mail.test", "192.0.2.7");
 * }</pre>
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>value</th></tr>
 *   <tr><td>{@link #MAX_EXTRA_NAMES}</td><td>64 names</td></tr>
 *   <tr><td>{@link #MAX_NAME_LENGTH}</td><td>253 characters per name (the DNS maximum)</td></tr>
 * </table>
 */
public record CertificateOptions(KeyAlgorithm keyAlgorithm, List<String> extraNames, Clock clock, boolean regenerate) {

    /** Most extra names a server certificate accepts; more is a caller bug, not a use case. */
    public static final int MAX_EXTRA_NAMES = 64;

    /** Longest accepted name: a DNS name's maximum length. */
    public static final int MAX_NAME_LENGTH = 253;

    /** Validates and normalises; throws {@link IllegalArgumentException} for a malformed or excess name. */
    public CertificateOptions {
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(extraNames, "extraNames");
        if (extraNames.size() > MAX_EXTRA_NAMES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_EXTRA_NAMES + " extra names, got " + extraNames.size());
        }
        List<String> normalised = new ArrayList<>(extraNames.size());
        for (String name : extraNames) {
            normalised.add(normalise(name));
        }
        extraNames = List.copyOf(normalised);
    }

    /** EC P-256, no extra names, the system UTC clock, the cache kept. */
    public static CertificateOptions defaults() {
        return new CertificateOptions(KeyAlgorithm.EC_P256, List.of(), Clock.systemUTC(), false);
    }

    /** A copy using {@code algorithm} for the CA and the server certificate. */
    public CertificateOptions withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new CertificateOptions(algorithm, extraNames, clock, regenerate);
    }

    /** A copy whose extra names are exactly {@code names}. */
    public CertificateOptions withExtraNames(String... names) {
        return withExtraNames(Arrays.asList(names));
    }

    /** A copy whose extra names are exactly {@code names}. */
    public CertificateOptions withExtraNames(Collection<String> names) {
        return new CertificateOptions(keyAlgorithm, List.copyOf(names), clock, regenerate);
    }

    /** A copy reading the time from {@code newClock}. */
    public CertificateOptions withClock(Clock newClock) {
        return new CertificateOptions(keyAlgorithm, extraNames, newClock, regenerate);
    }

    /** A copy that replaces the cached CA and certificates ({@code true}) or keeps what is sound ({@code false}). */
    public CertificateOptions withRegenerate(boolean replace) {
        return new CertificateOptions(keyAlgorithm, extraNames, clock, replace);
    }

    private static String normalise(String name) {
        Objects.requireNonNull(name, "extra name");
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("extra name must be 1.." + MAX_NAME_LENGTH + " characters: '" + name + "'");
        }
        if (ServerNames.isIpLiteral(trimmed)) {
            return trimmed;
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        String rest = lower.startsWith("*.") ? lower.substring(2) : lower;
        if (rest.isEmpty() || !rest.chars().allMatch(CertificateOptions::isDnsCharacter)
                || rest.startsWith(".") || rest.endsWith(".") || rest.contains("..")) {
            throw new IllegalArgumentException("not a DNS name or IP literal: '" + name + "'");
        }
        return lower;
    }

    private static boolean isDnsCharacter(int c) {
        // Underscore is not a host-name character, but it appears in real internal names.
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }
}
