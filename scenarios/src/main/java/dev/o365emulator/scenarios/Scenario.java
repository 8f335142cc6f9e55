package dev.o365emulator.scenarios;

import dev.o365emulator.scenarios.tenant.TenantSection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded scenario: tenant knobs for the normal behaviour and fault rules for the surprises, with
 * the scenario it {@code extends} already resolved.
 *
 * <pre>{@code
 * name: flaky-submission
 * description: The first two MAIL FROMs meet a busy server; 465 is firewalled.
 * extends: office365
 * seed: 42
 * tenant:
 *   securityDefaults: true
 * rules:
 *   - id: busy-twice
 *     when: { protocol: smtp, stage: mail-from, times: 2 }
 *     then: { preset: server-busy }
 * }</pre>
 *
 * <p>Load one with {@link ScenarioLoader}; {@link #none()} is the scenario without rules or knobs.
 *
 * @param extendsName the {@code extends} value as written (a built-in name or a path), or null
 * @param seed the file's own seed, or null to inherit (the effective seed is {@link #effectiveSeed()})
 * @param parent the resolved scenario named by {@code extends}, or null
 * @param source the file or built-in name the scenario came from, for messages
 */
public record Scenario(String name, String description, String extendsName, Long seed, TenantSection tenant,
        List<Rule> rules, Scenario parent, String source) {

    /** Seed used when no scenario in the chain sets one. */
    public static final long DEFAULT_SEED = 0L;

    public Scenario {
        tenant = tenant == null ? TenantSection.empty() : tenant;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * The built-in {@code office365} profile, the emulator's default: port 465 not served (connects
     * time out), everything else as Office 365 does it through the tenant and the sessions.
     *
     * <p>Built in code rather than read from {@code library/office365.yaml}: loading any YAML costs a
     * fresh JVM about half a second of Jackson start-up, which every emulator start would otherwise
     * pay. A test keeps the two identical.
     */
    public static Scenario office365() {
        return OFFICE365;
    }

    private static final Scenario OFFICE365 = new Scenario("office365",
            "Office 365 as it is: the default tenant (contoso.com), STARTTLS required before AUTH on 587 and 25, "
                    + "the real EHLO, CAPABILITY and CAPA lists, and port 465 not served - Microsoft says a device "
                    + "that defaults to 465 \"doesn't support SMTP AUTH client submission\", and clients see their "
                    + "connect time out there. Every other built-in extends this one.",
            null, null, null,
            List.of(new Rule("port-465-not-served",
                    new When(null, List.of("smtps"), Stage.CONNECT, null, null, null, null, null, null, null, null,
                            null, null, null, null),
                    new Then(null, null, null, Fault.DROP_CONNECT, null))),
            null, "office365");

    /** No knobs, no rules: every endpoint served, Office 365's default tenant. */
    public static Scenario none() {
        return new Scenario("none", "No rules and no tenant changes.", null, null, null, null, null, "none");
    }

    /**
     * The rules in evaluation order: this file's rules first, then the parent's (recursively), where
     * a rule whose id this file also uses is replaced by this file's.
     */
    public List<Rule> effectiveRules() {
        List<Rule> out = new ArrayList<>(rules);
        if (parent != null) {
            Set<String> own = new HashSet<>();
            rules.forEach(r -> own.add(r.id()));
            for (Rule r : parent.effectiveRules()) {
                if (!own.contains(r.id())) {
                    out.add(r);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The tenant sections to apply in order: the farthest ancestor first, this file's last. */
    public List<TenantSection> tenantChain() {
        List<TenantSection> out = new ArrayList<>(parent == null ? List.of() : parent.tenantChain());
        out.add(tenant);
        return List.copyOf(out);
    }

    /** This file's seed, else the nearest ancestor's, else {@link #DEFAULT_SEED}. */
    public long effectiveSeed() {
        if (seed != null) {
            return seed;
        }
        return parent == null ? DEFAULT_SEED : parent.effectiveSeed();
    }

    /** The names of this scenario and its ancestors, nearest first. */
    public List<String> lineage() {
        List<String> out = new ArrayList<>();
        for (Scenario s = this; s != null; s = s.parent) {
            out.add(s.name);
        }
        return List.copyOf(out);
    }

    /** The rule with this id among the {@link #effectiveRules()}. */
    public Optional<Rule> rule(String id) {
        return effectiveRules().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
