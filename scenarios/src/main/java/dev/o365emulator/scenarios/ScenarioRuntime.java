package dev.o365emulator.scenarios;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A scenario in use: its rules, their counters and states, and the seeded random generator that
 * decides {@code probability} and delay ranges.
 *
 * <p>{@link #evaluate} walks the rules in order and returns the first that fires. A rule fires when
 * every {@code when} key matches, its scope is in the rule's {@code state} (if any), this is the
 * {@code nth} matching event (if any), fewer than {@code times} firings happened (if any), and the
 * {@code probability} draw succeeds (if any). Counting happens only for events that match the rest of
 * {@code when}, so "the second MAIL FROM" means the second MAIL FROM. The same seed and the same
 * sequence of events give the same decisions. Thread-safe: sessions on several event loops call it.
 */
public final class ScenarioRuntime {

    /** Most per-user and per-session scopes remembered; the oldest are forgotten beyond it. */
    public static final int MAX_SCOPES = 10_000;

    private final Scenario scenario;
    private final List<Rule> rules;
    private final List<Matcher> matchers;
    private final Map<String, ScopeData> scopes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ScopeData> eldest) {
            return size() > MAX_SCOPES;
        }
    };
    /** The stages some connection rule names, every stage if one names none: where {@link #evaluate} can fire. */
    private final EnumSet<Stage> ruledStages = EnumSet.noneOf(Stage.class);
    private SplittableRandom random;

    public ScenarioRuntime(Scenario scenario) {
        this.scenario = scenario;
        this.rules = scenario.effectiveRules();
        this.matchers = rules.stream().map(Matcher::new).toList();
        this.random = new SplittableRandom(scenario.effectiveSeed());
        for (Rule rule : rules) {
            if (rule.then().fault() != null && rule.then().fault().isListenerFault()) {
                continue;
            }
            if (rule.when().stage() == null) {
                ruledStages.addAll(EnumSet.allOf(Stage.class));
            } else {
                ruledStages.add(rule.when().stage());
            }
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * Whether a rule can fire at all for an event at {@code stage}. When it cannot, {@link #evaluate}
     * of such an event returns nothing and changes nothing (counters move only for events a rule
     * matches), so a session may skip building the event. Fixed for the life of this runtime.
     */
    public boolean mayFire(Stage stage) {
        return ruledStages.contains(stage);
    }

    /** The first rule that fires for this event, with its counters and state already advanced. */
    public synchronized Optional<Firing> evaluate(StageEvent event) {
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            When when = rule.when();
            if (rule.then().fault() != null && rule.then().fault().isListenerFault()) {
                continue;
            }
            if (!matchers.get(i).matches(event)) {
                continue;
            }
            ScopeData scope = scope(when.scope(), event);
            if (when.state() != null && !when.state().equals(scope.state)) {
                continue;
            }
            long occurrence = scope.occurrences.merge(i, 1L, Long::sum);
            if (when.nth() != null && occurrence != when.nth()) {
                continue;
            }
            int fired = scope.firings.getOrDefault(i, 0);
            if (when.times() != null && fired >= when.times()) {
                continue;
            }
            if (when.probability() != null && !(random.nextDouble() < when.probability())) {
                continue;
            }
            scope.firings.put(i, fired + 1);
            String before = scope.state;
            if (when.next() != null) {
                scope.state = when.next();
            }
            return Optional.of(new Firing(rule, delayMillis(rule.then().delay()), occurrence, before, scope.state));
        }
        return Optional.empty();
    }

    /**
     * The listener fault ({@code refuse} or {@code drop-connect}) for an endpoint: the first
     * stage-connect rule with such a fault whose protocol and endpoint match.
     */
    public Optional<Fault> listenerFault(String protocol, String endpoint) {
        StageEvent probe = StageEvent.builder(Stage.CONNECT, protocol, endpoint).build();
        for (int i = 0; i < rules.size(); i++) {
            Fault f = rules.get(i).then().fault();
            if (f != null && f.isListenerFault() && matchers.get(i).matches(probe)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Forgets every counter and state and restarts the random generator from the seed. */
    public synchronized void reset() {
        scopes.clear();
        random = new SplittableRandom(scenario.effectiveSeed());
    }

    /** Forgets a closed session's counters and state. */
    public synchronized void sessionClosed(long session) {
        scopes.remove("session:" + session);
    }

    /** The current state of the server-wide scope ({@code Started} until a rule moves it). */
    public synchronized String serverState() {
        ScopeData s = scopes.get("server");
        return s == null ? When.STARTED : s.state;
    }

    private long delayMillis(Delay d) {
        if (d == null) {
            return 0;
        }
        if (d.millis() != null) {
            return d.millis();
        }
        return d.min().equals(d.max()) ? d.min() : random.nextLong(d.min(), d.max() + 1);
    }

    private ScopeData scope(Scope scope, StageEvent event) {
        String key = switch (scope) {
            case SERVER -> "server";
            case SESSION -> "session:" + event.session();
            case USER -> "user:" + (event.user() == null ? "" : event.user().toLowerCase(Locale.ROOT));
        };
        return scopes.computeIfAbsent(key, k -> new ScopeData());
    }

    /**
     * A rule that fired.
     *
     * @param delayMillis the delay to wait first (drawn from a range if the rule gives one), 0 if none
     * @param occurrence which matching event this was, from 1, in the rule's scope
     * @param stateBefore the scope's state when the rule fired
     * @param stateAfter the scope's state afterwards ({@code next}, or unchanged)
     */
    public record Firing(Rule rule, long delayMillis, long occurrence, String stateBefore, String stateAfter) {}

    private static final class ScopeData {
        String state = When.STARTED;
        final Map<Integer, Long> occurrences = new HashMap<>();
        final Map<Integer, Integer> firings = new HashMap<>();
    }

    /** The static part of a {@code when}: everything but counters, state and probability. */
    private static final class Matcher {
        private final When when;
        private final TextPattern user;
        private final TextPattern sender;
        private final TextPattern recipient;

        Matcher(Rule rule) {
            this.when = rule.when();
            this.user = when.user() == null ? null : TextPattern.of(when.user());
            this.sender = when.sender() == null ? null : TextPattern.of(when.sender());
            this.recipient = when.recipient() == null ? null : TextPattern.of(when.recipient());
        }

        boolean matches(StageEvent e) {
            return (when.stage() == null || when.stage() == e.stage())
                    && (when.protocol().isEmpty() || when.protocol().contains(e.protocol()))
                    && (when.endpoint().isEmpty() || when.endpoint().contains(e.endpoint()))
                    && (when.command().isEmpty() || e.command() != null
                            && when.command().stream().anyMatch(c -> c.equalsIgnoreCase(e.command())))
                    && (when.mechanism().isEmpty() || e.mechanism() != null
                            && when.mechanism().stream().anyMatch(m -> m.equalsIgnoreCase(e.mechanism())))
                    && (when.tls() == null || when.tls() == e.tls())
                    && (user == null || user.matches(e.user()))
                    && (sender == null || sender.matches(e.sender()))
                    && (recipient == null || recipient.matches(e.recipient()));
        }
    }
}
