package dev.o365emulator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScenarioRuntimeTest {

    private static ScenarioRuntime runtime(String rules) {
        return new ScenarioRuntime(ScenarioLoader.parse("name: t\nseed: 42\nrules:\n" + rules, "t.yaml"));
    }

    private static StageEvent.Builder smtp(Stage stage) {
        return StageEvent.builder(stage, "smtp", "submission").session(1);
    }

    private static Optional<String> fired(ScenarioRuntime r, StageEvent e) {
        return r.evaluate(e).map(f -> f.rule().id());
    }

    @Test
    void matchesOnEveryWhenKey() {
        ScenarioRuntime r = runtime("""
                  - id: r
                    when: { protocol: smtp, endpoint: submission, stage: auth, mechanism: LOGIN,
                            user: "*@contoso.com", tls: true }
                    then: { preset: bad-credentials }
                  - id: s
                    when: { stage: rcpt-to, sender: "/adele@.*/", recipient: bob@fabrikam.com }
                    then: { preset: server-busy }
                  - id: c
                    when: { protocol: imap, command: [select, examine] }
                    then: { fault: close }
                """);
        StageEvent ok = smtp(Stage.AUTH).mechanism("login").user("Adele@Contoso.com").tls(true).build();
        assertThat(fired(r, ok)).contains("r");
        assertThat(fired(r, smtp(Stage.AUTH).mechanism("XOAUTH2").user("adele@contoso.com").tls(true).build())).isEmpty();
        assertThat(fired(r, smtp(Stage.AUTH).mechanism("LOGIN").user("adele@fabrikam.com").tls(true).build())).isEmpty();
        assertThat(fired(r, smtp(Stage.AUTH).mechanism("LOGIN").user("adele@contoso.com").tls(false).build())).isEmpty();
        assertThat(fired(r, StageEvent.builder(Stage.AUTH, "smtp", "smtp").mechanism("LOGIN")
                .user("adele@contoso.com").tls(true).build())).as("other endpoint").isEmpty();
        assertThat(fired(r, smtp(Stage.RCPT_TO).sender("adele@contoso.com").recipient("BOB@fabrikam.com").build()))
                .contains("s");
        assertThat(fired(r, smtp(Stage.RCPT_TO).sender("alex@contoso.com").recipient("bob@fabrikam.com").build()))
                .isEmpty();
        assertThat(fired(r, StageEvent.builder(Stage.COMMAND, "imap", "imaps").command("Examine").build()))
                .contains("c");
        assertThat(fired(r, StageEvent.builder(Stage.COMMAND, "imap", "imaps").command("FETCH").build())).isEmpty();
        assertThat(fired(r, StageEvent.builder(Stage.COMMAND, "imap", "imaps").build())).isEmpty();
    }

    @Test
    void failsTwiceThenSucceeds() {
        ScenarioRuntime r = runtime("""
                  - id: busy-twice
                    when: { stage: mail-from, times: 2 }
                    then: { preset: server-busy }
                """);
        StageEvent mailFrom = smtp(Stage.MAIL_FROM).build();
        assertThat(List.of(fired(r, mailFrom), fired(r, mailFrom), fired(r, mailFrom), fired(r, mailFrom)))
                .containsExactly(Optional.of("busy-twice"), Optional.of("busy-twice"), Optional.empty(), Optional.empty());
        r.reset();
        assertThat(fired(r, mailFrom)).as("reset forgets the counters").contains("busy-twice");
    }

    @Test
    void firesOnlyOnTheNthOccurrenceOfTheMatchingEvent() {
        ScenarioRuntime r = runtime("""
                  - id: third-rcpt
                    when: { stage: rcpt-to, nth: 3 }
                    then: { preset: server-busy }
                """);
        List<Optional<String>> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fired(r, smtp(Stage.MAIL_FROM).build());
            out.add(fired(r, smtp(Stage.RCPT_TO).recipient("x@contoso.com").build()));
        }
        assertThat(out).containsExactly(Optional.empty(), Optional.empty(), Optional.of("third-rcpt"),
                Optional.empty(), Optional.empty());
    }

    @Test
    void locksTheAccountAfterThreeFailedLoginsPerUser() {
        ScenarioRuntime r = runtime("""
                  - id: wrong-1
                    when: { stage: auth, scope: user, state: Started, next: Failed1 }
                    then: { preset: bad-credentials }
                  - id: wrong-2
                    when: { stage: auth, scope: user, state: Failed1, next: Failed2 }
                    then: { preset: bad-credentials }
                  - id: wrong-3
                    when: { stage: auth, scope: user, state: Failed2, next: Locked }
                    then: { preset: bad-credentials }
                  - id: locked
                    when: { stage: auth, scope: user, state: Locked }
                    then: { reply: { code: 535, enhanced: 5.7.139, text: "Authentication unsuccessful, account locked." } }
                """);
        List<String> adele = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            adele.add(fired(r, smtp(Stage.AUTH).session(i).user("adele@contoso.com").build()).orElseThrow());
        }
        assertThat(adele).containsExactly("wrong-1", "wrong-2", "wrong-3", "locked", "locked");
        assertThat(fired(r, smtp(Stage.AUTH).user("alex@contoso.com").build()))
                .as("another user has their own state").contains("wrong-1");
    }

    @Test
    void keepsPerSessionCountersApartAndForgetsThemWhenTheSessionCloses() {
        ScenarioRuntime r = runtime("""
                  - id: first-command-per-session
                    when: { stage: command, scope: session, times: 1 }
                    then: { fault: close }
                """);
        StageEvent s1 = StageEvent.builder(Stage.COMMAND, "imap", "imaps").session(1).command("NOOP").build();
        StageEvent s2 = StageEvent.builder(Stage.COMMAND, "imap", "imaps").session(2).command("NOOP").build();
        assertThat(fired(r, s1)).isPresent();
        assertThat(fired(r, s1)).isEmpty();
        assertThat(fired(r, s2)).isPresent();
        r.sessionClosed(1);
        assertThat(fired(r, s1)).isPresent();
    }

    @Test
    void movesTheServerWideStateOnFiring() {
        ScenarioRuntime r = runtime("""
                  - id: outage
                    when: { stage: greeting, state: Started, next: Recovered }
                    then: { reply: { code: 421, enhanced: 4.3.2, text: "Service not available" } }
                """);
        assertThat(r.serverState()).isEqualTo("Started");
        assertThat(fired(r, smtp(Stage.GREETING).build())).contains("outage");
        assertThat(r.serverState()).isEqualTo("Recovered");
        assertThat(fired(r, smtp(Stage.GREETING).build())).isEmpty();
    }

    @Test
    void drawsProbabilityAndDelaysReproduciblyFromTheSeed() {
        String rules = """
                  - id: flaky
                    when: { protocol: imap, command: FETCH, probability: 0.3 }
                    then: { delay: { min: 10, max: 1000 }, fault: connection-reset }
                """;
        List<Long> first = draws(runtime(rules));
        List<Long> second = draws(runtime(rules));
        assertThat(first).isEqualTo(second);
        assertThat(first.stream().filter(d -> d >= 0).count()).isBetween(15L, 50L);
        assertThat(first.stream().filter(d -> d >= 0)).allMatch(d -> d >= 10 && d <= 1000);
        ScenarioRuntime reset = runtime(rules);
        draws(reset);
        reset.reset();
        assertThat(draws(reset)).as("reset restarts the generator").isEqualTo(first);
        assertThat(draws(new ScenarioRuntime(ScenarioLoader.parse("name: t\nseed: 43\nrules:\n" + rules, "t"))))
                .isNotEqualTo(first);
    }

    private static List<Long> draws(ScenarioRuntime r) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(r.evaluate(StageEvent.builder(Stage.COMMAND, "imap", "imaps").command("FETCH").build())
                    .map(ScenarioRuntime.Firing::delayMillis).orElse(-1L));
        }
        return out;
    }

    @Test
    void answersListenerFaultsPerEndpointAndSkipsThemForConnections() {
        ScenarioRuntime r = new ScenarioRuntime(ScenarioLoader.builtIn("port-993-blocked"));
        assertThat(r.listenerFault("imap", "imaps")).contains(Fault.DROP_CONNECT);
        assertThat(r.listenerFault("smtp", "smtps")).contains(Fault.DROP_CONNECT);
        assertThat(r.listenerFault("smtp", "submission")).isEmpty();
        assertThat(r.evaluate(StageEvent.builder(Stage.CONNECT, "imap", "imaps").build())).isEmpty();
    }

    @Test
    void theFirstFiringRuleWins() {
        ScenarioRuntime r = runtime("""
                  - id: first
                    when: { stage: auth, user: adele@contoso.com }
                    then: { preset: bad-credentials }
                  - id: second
                    when: { stage: auth }
                    then: { preset: security-defaults }
                """);
        assertThat(fired(r, smtp(Stage.AUTH).user("adele@contoso.com").build())).contains("first");
        assertThat(fired(r, smtp(Stage.AUTH).user("alex@contoso.com").build())).contains("second");
        assertThat(fired(r, smtp(Stage.AUTH).build())).as("no user: only the rule without a user key").contains("second");
    }

    @Test
    void saysAtWhichStagesARuleCanFire() {
        ScenarioRuntime staged = runtime("""
                  - id: busy
                    when: { stage: mail-from }
                    then: { preset: server-busy }
                  - id: imap-close
                    when: { protocol: imap, command: [select] }
                    then: { fault: close }
                """);
        ScenarioRuntime onlyAStage = runtime("""
                  - id: busy
                    when: { stage: mail-from }
                    then: { preset: server-busy }
                """);
        assertThat(onlyAStage.mayFire(Stage.MAIL_FROM)).isTrue();
        assertThat(onlyAStage.mayFire(Stage.COMMAND)).isFalse();
        assertThat(onlyAStage.evaluate(smtp(Stage.COMMAND).command("NOOP").build())).isEmpty();
        // A rule without a stage may match an event at any stage.
        for (Stage stage : Stage.values()) {
            assertThat(staged.mayFire(stage)).as(stage.toString()).isTrue();
        }
        assertThat(runtime("  []\n").mayFire(Stage.COMMAND)).isFalse();
        // A listener fault never fires for a connection's event.
        ScenarioRuntime listener = runtime("""
                  - id: firewall
                    when: { endpoint: imaps, stage: connect }
                    then: { fault: drop-connect }
                """);
        assertThat(listener.mayFire(Stage.CONNECT)).isFalse();
    }
}
