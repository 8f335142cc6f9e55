package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.store.maildir.MaildirOptions;
import dev.o365emulator.server.tenant.TenantSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code Emulator.Builder} collected, checked and frozen: what {@link EmulatorRuntime} is
 * built from.
 *
 * @param certificates a bundle to serve, or {@code null} for the data directory's (or the shared one)
 * @param dataDirectory where certificates and the signing key are kept, or {@code null}
 * @param tenantSettings the tenant's baseline, or {@code null} for {@code DefaultTenant}'s
 * @param mailDirectory {@code .eml} files to pre-load, or {@code null}
 * @param maxConnections the connection cap, or 0 for the default
 * @param maxPerAddress the per-address cap, or 0 for the default
 * @param sessionOverrides sessions that replace a protocol's own (the emulator's tests plug in here)
 * @param tlsProvider the TLS implementation, or {@code null} for {@link TlsProvider#preferred()}
 * @param mailRoot the Maildir store's directory, or {@code null} to keep mail in memory
 * @param maildirOptions the Maildir store's settings (fsync, the file layer)
 */
public record EmulatorConfig(InetAddress bindAddress, PortPlan ports, Set<Endpoint> endpoints,
        CertificateBundle certificates, Path dataDirectory, KeyAlgorithm keyAlgorithm, List<String> serverNames,
        Clock clock, TenantSettings tenantSettings, Path mailDirectory, long seed, Scenario scenario,
        boolean identity, boolean regenerateCertificates, int ioThreads, long journalBudget, long storeBudget,
        long inFlightBudget, int maxConnections, int maxPerAddress, SessionOptions sessionOptions,
        Map<Protocol, SessionInitializer> sessionOverrides, TlsProvider tlsProvider, Path mailRoot,
        MaildirOptions maildirOptions) {

    public EmulatorConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(ports, "ports");
        endpoints = Set.copyOf(EnumSet.copyOf(endpoints));
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        serverNames = List.copyOf(serverNames);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(sessionOptions, "sessionOptions");
        Objects.requireNonNull(maildirOptions, "maildirOptions");
        sessionOverrides = Map.copyOf(sessionOverrides);
    }
}
