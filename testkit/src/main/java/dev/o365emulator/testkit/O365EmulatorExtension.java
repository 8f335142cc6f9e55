package dev.o365emulator.testkit;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension that runs an in-process Office 365 emulator for tests.
 *
 * <p>Two forms. Declarative: annotate the class with {@link O365EmulatorTest}. Programmatic, with
 * full control over the emulator's configuration:
 *
 * <pre>{@code
 * class SubmissionTest {
 *     @RegisterExtension
 *     static O365EmulatorExtension emulator = O365EmulatorExtension.builder()
 *             .endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS)
 *             .configure(b -> b.clock(testClock))
 *             .build();
 *
 *     @Test
 *     void refusesWhenSmtpAuthIsOff() {
 *         emulator.tenant().update(t -> t.smtpClientAuthenticationDisabled(true));
 *         // … the client under test sees 535 5.7.139 …
 *     }
 * }
 * }</pre>
 *
 * <p>Lifecycle: a {@code static} field (or the annotation) gives one emulator per test class,
 * shared with {@code @Nested} classes and {@linkplain Reset reset} before each test; an instance
 * field gives a fresh emulator per test. Either way the emulator is closed through JUnit's
 * extension store, so a failing test still shuts it down. Ports are always ephemeral and
 * certificates are shared by the whole JVM, so a start costs milliseconds.
 *
 * <p>Parallel execution: classes running concurrently each have their own emulator. Test methods
 * of one class running concurrently must not share a resetting emulator: use an instance field
 * (one emulator per test) or {@link Reset#NEVER}; the extension refuses the unsafe combination.
 *
 * <p>The extension object is the API: it is an {@link O365Emulator}, so {@link #port},
 * {@link #trust()}, {@link #mail()}, {@link #mailbox}, {@link #awaitMessages}, {@link #useScenario},
 * {@link #sessions()}, {@link #reset()} … work inside tests; an {@link O365Emulator} (or
 * {@link Emulator}) parameter is injected where JUnit resolves parameters.
 *
 * <p>Scenarios: a class-wide emulator reset before each test ({@link Reset#BEFORE_EACH}) also goes
 * back to the scenario it started with, so a {@link #useScenario} in one test does not leak into
 * the next; with {@link Reset#NEVER} what a test switched to stays. A {@link Scenario} annotation
 * on a method applies to that test only.
 */
public final class O365EmulatorExtension
        implements O365Emulator, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(O365EmulatorExtension.class);
    private static final String RUNNING = "running";
    private static final String PREVIOUS_SCENARIO = "previousScenario";
    private static final String SESSIONS_BEFORE = "sessionsBefore";

    private final Builder options;
    private volatile Running current;

    /** The declarative form, created by JUnit for {@link O365EmulatorTest}. */
    public O365EmulatorExtension() {
        this(null);
    }

    private O365EmulatorExtension(Builder options) {
        this.options = options;
    }

    /** Starts configuring the programmatic form. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (find(context).isEmpty()) {
            start(context, true);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Running> running = find(context);
        if (running.isEmpty()) {
            start(context, false);
        } else {
            Running r = running.get();
            current = r;
            if (r.classWide && r.reset == Reset.BEFORE_EACH) {
                if (context.getExecutionMode() == ExecutionMode.CONCURRENT) {
                    throw new ExtensionConfigurationException("An O365 emulator shared by a class whose tests run "
                            + "concurrently cannot be reset before each test: register the extension in an instance "
                            + "field (one emulator per test) or use Reset.NEVER.");
                }
                r.resetToStart();
            }
        }
        context.getStore(NAMESPACE).put(SESSIONS_BEFORE, current.server().sessions().all().stream()
                .mapToLong(Session::id).max().orElse(0));
        Optional<Scenario> wanted = scenarioAnnotation(context);
        if (wanted.isPresent()) {
            Emulator emulator = current.server();
            context.getStore(NAMESPACE).put(PREVIOUS_SCENARIO, emulator.scenario().active());
            emulator.scenario().use(Scenarios.resolve(wanted.get().value(), context.getRequiredTestClass()));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dev.o365emulator.scenarios.Scenario previous = context.getStore(NAMESPACE)
                .remove(PREVIOUS_SCENARIO, dev.o365emulator.scenarios.Scenario.class);
        Optional<Running> running = find(context);
        if (previous != null && running.isPresent() && running.get().server().isRunning()) {
            running.get().server().scenario().use(previous);
        }
        Long before = context.getStore(NAMESPACE).remove(SESSIONS_BEFORE, Long.class);
        if (running.isPresent() && running.get().failOnFindings != null && before != null) {
            FindingsCheck.failOn(running.get().failOnFindings, running.get().server().sessions()
                    .filter(s -> s.id() > before));
        }
    }

    /** The method's {@link Scenario}, else its class's or an enclosing class's (for {@code @Nested}). */
    private static Optional<Scenario> scenarioAnnotation(ExtensionContext context) {
        Optional<Scenario> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, Scenario.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<Scenario> onClass = AnnotationSupport.findAnnotation(c, Scenario.class);
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == O365Emulator.class || type == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = find(context).orElseThrow(() -> new ParameterResolutionException(
                "No O365 emulator is running here: a per-test emulator (instance field) cannot be injected into "
                        + "constructors or @BeforeAll methods."));
        return parameter.getParameter().getType() == Emulator.class ? running.server() : running;
    }

    private void start(ExtensionContext context, boolean classWide) {
        Builder config = options != null ? options : fromAnnotation(context);
        Emulator.Builder builder = Emulator.builder();
        if (config.endpoints != null) {
            builder.endpoints(config.endpoints);
        }
        if (config.scenario != null) {
            builder.scenario(Scenarios.resolve(config.scenario, context.getTestClass().orElse(null)));
        }
        config.customizer.accept(builder);
        Running running = new Running(builder.start(), classWide, config.reset, config.failOnFindings);
        context.getStore(NAMESPACE).put(RUNNING, running);
        current = running;
    }

    private static Optional<Running> find(ExtensionContext context) {
        // Store lookups see enclosing contexts, so @Nested classes reuse their outer class's emulator.
        return Optional.ofNullable(context.getStore(NAMESPACE).get(RUNNING, Running.class));
    }

    private static Builder fromAnnotation(ExtensionContext context) {
        Builder config = new Builder();
        Optional<O365EmulatorTest> annotation = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, O365EmulatorTest.class));
        annotation.ifPresent(a -> {
            if (a.endpoints().length > 0) {
                config.endpoints(a.endpoints());
            }
            config.reset(a.reset());
            if (!a.scenario().isEmpty()) {
                config.scenario(a.scenario());
            }
            for (Severity severity : a.failOnFindings()) {
                if (config.failOnFindings == null || !severity.atLeast(config.failOnFindings)) {
                    config.failOnFindings = severity;
                }
            }
        });
        return config;
    }

    /** The running emulator's own API; only inside a test or a lifecycle method. */
    @Override
    public Emulator server() {
        Running running = current;
        if (running == null) {
            throw new IllegalStateException("The O365 emulator is not running yet: use it inside tests and "
                    + "lifecycle methods (it starts in beforeAll for static fields, beforeEach for instance fields).");
        }
        return running.server();
    }

    @Override
    public String toString() {
        Running running = current;
        return running == null ? "O365EmulatorExtension (not started)" : running.toString();
    }

    /** Configures the programmatic form of the extension. */
    public static final class Builder {
        /** Null: the emulator's default (the seven on by default, and hve when the tenant has HVE accounts). */
        private Set<Endpoint> endpoints;
        private Reset reset = Reset.BEFORE_EACH;
        private String scenario;
        private Consumer<Emulator.Builder> customizer = b -> {};
        private Severity failOnFindings;

        private Builder() {}

        /**
         * Fails each test after which a session opened during it holds a client-behaviour finding of
         * this severity or worse (e.g. {@link Severity#ERROR}).
         */
        public Builder failOnFindings(Severity severity) {
            this.failOnFindings = Objects.requireNonNull(severity);
            return this;
        }

        /**
         * Exactly the endpoints to start; by default the seven on by default, and {@code hve} when the
         * starting tenant (the scenario's) has HVE accounts.
         */
        public Builder endpoints(Endpoint first, Endpoint... rest) {
            this.endpoints = EnumSet.of(first, rest);
            return this;
        }

        private void endpoints(Endpoint[] all) {
            this.endpoints = EnumSet.copyOf(List.of(all));
        }

        /** When a class-wide emulator is reset; before each test by default. */
        public Builder reset(Reset reset) {
            this.reset = Objects.requireNonNull(reset);
            return this;
        }

        /**
         * The scenario the emulator starts with (Office 365's own, {@code office365}, by default): a
         * built-in name, a class-path resource or a file; see {@link Scenario}.
         */
        public Builder scenario(String nameOrResource) {
            this.scenario = Objects.requireNonNull(nameOrResource);
            return this;
        }

        /**
         * Anything else the emulator's own builder offers: tenant settings, clock, seed,
         * pre-loaded mail. Ports stay ephemeral and certificates shared, whatever this does.
         */
        public Builder configure(Consumer<Emulator.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer);
            return this;
        }

        public O365EmulatorExtension build() {
            Builder copy = new Builder();
            copy.endpoints = endpoints == null ? null : EnumSet.copyOf(endpoints);
            copy.reset = reset;
            copy.scenario = scenario;
            copy.failOnFindings = failOnFindings;
            Consumer<Emulator.Builder> custom = customizer;
            copy.customizer = b -> {
                custom.accept(b);
                b.ports(dev.o365emulator.server.PortPlan.ephemeral());
            };
            return new O365EmulatorExtension(copy);
        }
    }

    /**
     * A started emulator in JUnit's store, and the handle injected into parameters; JUnit closes it
     * with the store's context.
     */
    private static final class Running implements O365Emulator, AutoCloseable {
        final Emulator emulator;
        final boolean classWide;
        final Reset reset;
        /** The scenario the emulator started with, which a reset before each test goes back to. */
        final dev.o365emulator.scenarios.Scenario startScenario;

        final Severity failOnFindings;

        Running(Emulator emulator, boolean classWide, Reset reset, Severity failOnFindings) {
            this.emulator = emulator;
            this.classWide = classWide;
            this.reset = reset;
            this.failOnFindings = failOnFindings;
            this.startScenario = emulator.scenario().active();
        }

        @Override
        public Emulator server() {
            return emulator;
        }

        void resetToStart() {
            if (emulator.scenario().active() != startScenario) {
                emulator.scenario().use(startScenario);
            }
            emulator.reset();
        }

        @Override
        public void close() {
            emulator.close();
        }

        @Override
        public String toString() {
            return "O365Emulator" + emulator.endpoints().stream().map(e -> e.id() + "=" + port(e)).toList();
        }
    }
}
