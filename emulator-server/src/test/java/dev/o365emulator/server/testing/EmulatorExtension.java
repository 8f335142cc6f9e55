package dev.o365emulator.server.testing;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.ConnectionStats;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.oauth.IdentityPlatform;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.runtime.EmulatorRuntime;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One emulator per test class for the emulator's own socket tests, put back to its start state before
 * each test: mail, tenant, tokens, journal, and the scenario the class started with.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION));
 *
 * @Test
 * void acceptsMail() {
 *     int port = emulator.port(Endpoint.SUBMISSION);
 *     … emulator.store(), emulator.journal(), emulator.useScenario("throttled") …
 * }
 * }</pre>
 *
 * <p>Register it in a {@code static} field: it starts in {@code beforeAll} and closes in
 * {@code afterAll}. Its accessors reach the running emulator's parts (store, journal, tenant, fault
 * plan, identity platform), which these tests assert on; the public API is {@link #api()}.
 */
public final class EmulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final Consumer<Emulator.Builder> configuration;
    private final Map<Protocol, SessionInitializer> sessions = new EnumMap<>(Protocol.class);
    private boolean resetBeforeEach = true;
    private volatile Emulator emulator;
    private Scenario startScenario;

    private EmulatorExtension(Consumer<Emulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /** An emulator with the builder's defaults (all seven endpoints, the {@code office365} scenario). */
    public static EmulatorExtension defaults() {
        return configure(b -> {});
    }

    /** An emulator configured by {@code configuration} (ports stay ephemeral unless it says otherwise). */
    public static EmulatorExtension configure(Consumer<Emulator.Builder> configuration) {
        return new EmulatorExtension(Objects.requireNonNull(configuration));
    }

    /** Runs {@code initializer} for a protocol instead of its own session (to wrap it, say). */
    public EmulatorExtension sessions(Protocol protocol, SessionInitializer initializer) {
        sessions.put(protocol, Objects.requireNonNull(initializer));
        return this;
    }

    /** Keeps state across the class's tests (for tests that build on each other, in order). */
    public EmulatorExtension withoutReset() {
        this.resetBeforeEach = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator != null) {
            throw new ExtensionConfigurationException("EmulatorExtension is registered twice or in a non-static field");
        }
        Emulator.Builder builder = Emulator.builder();
        configuration.accept(builder);
        sessions.forEach((protocol, initializer) -> Internals.sessions(builder, protocol, initializer));
        emulator = builder.start();
        startScenario = emulator.scenario().active();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            throw new ExtensionConfigurationException("EmulatorExtension must be registered in a static field");
        }
        if (resetBeforeEach) {
            if (!emulator.scenario().active().equals(startScenario)) {
                emulator.scenario().use(startScenario);
            }
            emulator.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Emulator running = emulator;
        emulator = null;
        if (running != null) {
            running.close();
        }
    }

    /** The running emulator's public API. */
    public Emulator api() {
        Emulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("the emulator runs from beforeAll to afterAll");
        }
        return e;
    }

    /** The running emulator's parts. */
    public EmulatorRuntime runtime() {
        return Internals.of(api());
    }

    public int port(Endpoint endpoint) {
        return api().port(endpoint);
    }

    public InetSocketAddress address(Endpoint endpoint) {
        return api().address(endpoint);
    }

    public Set<Endpoint> endpoints() {
        return api().endpoints();
    }

    public CertificateBundle certificates() {
        return runtime().certificates();
    }

    public HostIdentity identity() {
        return runtime().identity();
    }

    public Tenant tenant() {
        return runtime().tenant();
    }

    public MailStore store() {
        return runtime().store();
    }

    public MailDelivery delivery() {
        return runtime().delivery();
    }

    public SessionJournal journal() {
        return runtime().journal();
    }

    public FaultPlan faults() {
        return runtime().faults();
    }

    public IdentityPlatform oauth() {
        return runtime().oauth();
    }

    public ConfiguredTokens tokens() {
        return runtime().tokens();
    }

    public ConnectionStats connections() {
        return api().connections();
    }

    /** The active scenario. */
    public Scenario scenario() {
        return api().scenario().active();
    }

    /** Switches the active scenario; the next test starts with the class's own again. */
    public void useScenario(Scenario scenario) {
        api().scenario().use(scenario);
    }

    /** Switches the active scenario by built-in name or file path. */
    public void useScenario(String nameOrPath) {
        useScenario(ScenarioLoader.resolve(nameOrPath));
    }

    /** Forgets the active scenario's counters and state, and returns the tenant to the scenario's settings. */
    public void resetScenario() {
        api().scenario().resetState();
    }

    /** The emulator's reset, as between tests (the active scenario stays). */
    public void reset() {
        api().reset();
    }

    @Override
    public String toString() {
        Emulator e = emulator;
        return e == null ? "EmulatorExtension (not running)" : e.toString();
    }
}
