package dev.o365emulator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    static final String ISSUE_EXAMPLE = """
            name: flaky-submission
            description: The first two MAIL FROMs meet a busy server; 465 is firewalled.
            extends: office365
            seed: 42
            tenant:
              securityDefaults: true
            rules:
              - id: busy-twice
                when: { protocol: smtp, stage: mail-from, times: 2 }
                then: { reply: { code: 451, enhanced: 4.7.500, text: "Server busy. Please try again later from [{clientIp}]. (AS77712344)" } }
              - id: firewall-465
                when: { endpoint: smtps, stage: connect }
                then: { fault: drop-connect }
              - id: flaky-fetch
                when: { protocol: imap, command: FETCH, probability: 0.1 }
                then: { fault: connection-reset }
            """;

    @Test
    void readsTheIssueExampleWithItsParent() {
        Scenario s = ScenarioLoader.parse(ISSUE_EXAMPLE, "flaky.yaml");
        assertThat(s.name()).isEqualTo("flaky-submission");
        assertThat(s.effectiveSeed()).isEqualTo(42);
        assertThat(s.tenant().securityDefaults()).isTrue();
        assertThat(s.lineage()).containsExactly("flaky-submission", "office365");
        assertThat(s.effectiveRules()).extracting(Rule::id)
                .containsExactly("busy-twice", "firewall-465", "flaky-fetch", "port-465-not-served");
        Rule busy = s.rule("busy-twice").orElseThrow();
        assertThat(busy.when().stage()).isEqualTo(Stage.MAIL_FROM);
        assertThat(busy.when().times()).isEqualTo(2);
        assertThat(busy.then().reply().code()).isEqualTo(451);
        assertThat(s.rule("flaky-fetch").orElseThrow().when().command()).containsExactly("FETCH");
    }

    @Test
    void readsJsonExactlyAsYaml() {
        String json = """
                {"name": "flaky-submission",
                 "description": "The first two MAIL FROMs meet a busy server; 465 is firewalled.",
                 "extends": "office365", "seed": 42, "tenant": {"securityDefaults": true},
                 "rules": [
                   {"id": "busy-twice", "when": {"protocol": "smtp", "stage": "mail-from", "times": 2},
                    "then": {"reply": {"code": 451, "enhanced": "4.7.500",
                             "text": "Server busy. Please try again later from [{clientIp}]. (AS77712344)"}}},
                   {"id": "firewall-465", "when": {"endpoint": "smtps", "stage": "connect"},
                    "then": {"fault": "drop-connect"}},
                   {"id": "flaky-fetch", "when": {"protocol": "imap", "command": "FETCH", "probability": 0.1},
                    "then": {"fault": "connection-reset"}}]}
                """;
        Scenario fromJson = ScenarioLoader.parse(json, "flaky.json");
        Scenario fromYaml = ScenarioLoader.parse(ISSUE_EXAMPLE, "flaky.json");
        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void reportsAnUnknownKeyWithFileLineColumnAndRuleId() {
        assertThatThrownBy(() -> ScenarioLoader.parse("""
                name: x
                rules:
                  - id: first
                    when: { stage: connect }
                    then: { fault: close }
                  - id: second
                    when: { stage: auth, colour: red }
                    then: { preset: bad-credentials }
                """, "x.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.source()).isEqualTo("x.yaml");
                    assertThat(e.ruleId()).isEqualTo("second");
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.column()).isPositive();
                    assertThat(e.getMessage()).startsWith("x.yaml:7:").contains("rule 'second'").contains("colour");
                });
    }

    @Test
    void reportsAWrongTypeWithItsPosition() {
        assertThatThrownBy(() -> ScenarioLoader.parse("""
                name: x
                rules:
                  - id: busy
                    when: { stage: mail-from, times: twice }
                    then: { preset: server-busy }
                """, "x.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.ruleId()).isEqualTo("busy");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.getMessage()).contains("times");
                });
    }

    @Test
    void reportsAnUnknownStageOrFaultName() {
        assertThatThrownBy(() -> ScenarioLoader.parse("name: x\nrules:\n  - when: {stage: helo}\n    then: {fault: close}\n",
                "x.yaml")).isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.ruleId()).isEqualTo("rule-1");
                });
    }

    @Test
    void rejectsDropConnectAtAnotherStage() {
        assertImpossible("""
                name: x
                rules:
                  - id: late-firewall
                    when: { stage: auth }
                    then: { fault: drop-connect }
                """, "late-firewall", 5, "needs stage: connect");
    }

    @Test
    void rejectsAListenerFaultWithPerConnectionConditions() {
        assertImpossible("""
                name: x
                rules:
                  - id: sometimes-refused
                    when: { stage: connect, endpoint: imaps, probability: 0.5 }
                    then: { fault: refuse }
                """, "sometimes-refused", 4, "may only name protocol, endpoint and stage");
    }

    @Test
    void rejectsNthWithTimes() {
        assertImpossible("""
                name: x
                rules:
                  - id: both
                    when: { stage: mail-from, nth: 2, times: 3 }
                    then: { preset: server-busy }
                """, "both", 4, "'nth' and 'times' cannot be combined");
    }

    @Test
    void rejectsAReplyAndAPresetTogether() {
        assertImpossible("""
                name: x
                rules:
                  - id: two-answers
                    when: { stage: mail-from }
                    then: { preset: server-busy, reply: { code: 451, text: busy } }
                """, "two-answers", 5, "cannot be combined");
    }

    @Test
    void rejectsAnSmtpReplyWithoutCode() {
        assertImpossible("""
                name: x
                rules:
                  - id: no-code
                    when: { stage: auth }
                    then: { reply: { text: nope } }
                """, "no-code", 5, "needs a code");
    }

    @Test
    void acceptsAnImapReplyWithoutCode() {
        Scenario s = ScenarioLoader.parse("""
                name: x
                rules:
                  - when: { protocol: imap, stage: command, command: SELECT }
                    then: { reply: { imap: bad, text: "User is authenticated but not connected." } }
                """, "x.yaml");
        assertThat(s.rules().get(0).then().reply().imap()).isEqualTo(Reply.ImapStatus.BAD);
    }

    @Test
    void rejectsMismatchedCodeClassUnknownPlaceholderAndUnknownPreset() {
        assertImpossible("name: x\nrules:\n  - id: a\n    when: {stage: auth}\n"
                + "    then: {reply: {code: 451, enhanced: 5.7.3, text: x}}\n", "a", 5, "disagree on the class");
        assertImpossible("name: x\nrules:\n  - id: b\n    when: {stage: auth}\n"
                + "    then: {reply: {code: 451, text: 'hello {who}'}}\n", "b", 5, "unknown placeholder {who}");
        assertImpossible("name: x\nrules:\n  - id: c\n    when: {stage: auth}\n"
                + "    then: {preset: no-such-thing}\n", "c", 5, "unknown preset");
    }

    @Test
    void rejectsSmtpStagesForImapAndThrottleWithoutRate() {
        assertImpossible("name: x\nrules:\n  - id: a\n    when: {protocol: imap, stage: rcpt-to}\n"
                + "    then: {fault: close}\n", "a", 4, "only exist in SMTP");
        assertImpossible("name: x\nrules:\n  - id: b\n    when: {stage: command}\n"
                + "    then: {fault: throttle}\n", "b", 5, "bytesPerSecond");
        assertImpossible("name: x\nrules:\n  - id: c\n    when: {stage: connect, endpoint: imap}\n"
                + "    then: {fault: tls-handshake-failure}\n", "c", 5, "implicit-TLS");
        assertImpossible("name: x\nrules:\n  - id: d\n    when: {stage: connect}\n"
                + "    then: {preset: server-busy}\n", "d", 5, "stage greeting");
        assertImpossible("name: x\nrules:\n  - id: e\n    when: {stage: auth}\n"
                + "    then: {delay: {millis: 5, min: 1, max: 2}}\n", "e", 5, "a delay is");
        assertImpossible("name: x\nrules:\n  - id: f\n    when: {stage: auth}\n    then: {fault: close}\n"
                + "  - id: f\n    when: {stage: auth}\n    then: {fault: close}\n", "f", 6, "duplicate");
    }

    @Test
    void reportsATenantSectionErrorWithItsPosition() {
        assertThatThrownBy(() -> ScenarioLoader.parse("name: x\ntenant:\n  securityDefault: true\n", "t.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.ruleId()).isNull();
                    assertThat(e.getMessage()).contains("securityDefault");
                });
    }

    @Test
    void resolvesExtendsChainsOfFilesAndBuiltIns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), """
                name: base
                extends: server-busy
                seed: 7
                tenant: { securityDefaults: true }
                rules:
                  - id: busy-three-times
                    when: { protocol: smtp, stage: mail-from, times: 1 }
                    then: { preset: server-busy }
                """);
        Files.writeString(dir.resolve("child.yaml"), """
                name: child
                extends: base.yaml
                tenant: { smtpClientAuthenticationDisabled: true }
                rules:
                  - id: mine
                    when: { stage: auth }
                    then: { preset: bad-credentials }
                """);
        Scenario child = ScenarioLoader.load(dir.resolve("child.yaml"));
        assertThat(child.lineage()).containsExactly("child", "base", "server-busy", "office365");
        assertThat(child.effectiveSeed()).isEqualTo(7);
        assertThat(child.effectiveRules()).extracting(Rule::id)
                .containsExactly("mine", "busy-three-times", "port-465-not-served");
        assertThat(child.rule("busy-three-times").orElseThrow().when().times())
                .as("the nearer file's rule replaces the one with the same id").isEqualTo(1);
        assertThat(child.tenantChain()).hasSize(4);
        assertThat(child.tenantChain().get(2).securityDefaults()).isTrue();
        assertThat(child.tenantChain().get(3).smtpClientAuthenticationDisabled()).isTrue();
    }

    @Test
    void rejectsAnExtendsCycle(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nextends: b.yaml\n");
        Files.writeString(dir.resolve("b.yaml"), "name: b\nextends: a.yaml\n");
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("a.yaml")))
                .isInstanceOf(ScenarioException.class).hasMessageContaining("extends cycle")
                .hasMessageContaining("a.yaml -> ").hasMessageContaining("b.yaml");
    }

    @Test
    void rejectsAnExtendsThatIsNeitherBuiltInNorFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "name: a\nextends: nowhere\n");
        assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("a.yaml")))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.line()).isEqualTo(2))
                .hasMessageContaining("neither a built-in scenario nor a file");
    }

    @Test
    void everyBuiltInLoadsWithADescriptionAndExtendsOffice365() {
        assertThat(ScenarioLoader.builtInNames()).hasSize(28).contains("office365", "generic", "high-volume-email",
                "direct-send-rejected", "basic-auth-disabled-by-default", "basic-auth-disabled", "port-587-blocked", "imap-disabled");
        for (ScenarioLoader.BuiltIn b : ScenarioLoader.builtIns()) {
            assertThat(b.description()).as(b.name()).hasSizeGreaterThan(60);
            Scenario s = ScenarioLoader.builtIn(b.name());
            assertThat(s.name()).isEqualTo(b.name());
            if (!b.name().equals("office365") && !b.name().equals("generic")) {
                assertThat(s.lineage()).as(b.name()).endsWith("office365");
            }
        }
    }

    @Test
    void everyBuiltInHasARowInTheLibraryTableOfTheDocs() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "scenarios.md"));
        int start = doc.indexOf("\n## The library");
        int end = doc.indexOf("\n## ", start + 1);
        assertThat(start).as("the library section").isPositive();
        String library = doc.substring(start, end < 0 ? doc.length() : end);
        for (String name : ScenarioLoader.builtInNames()) {
            assertThat(library).as(name).contains("\n| `" + name + "` | ");
        }
    }

    private static void assertImpossible(String text, String ruleId, int line, String message) {
        assertThatThrownBy(() -> ScenarioLoader.parse(text, "x.yaml"))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.ruleId()).isEqualTo(ruleId);
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
