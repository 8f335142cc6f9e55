package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sessions, scenario, tenant, connect, health and static routes over a real emulator, each
 * change checked by what a real client (Angus Mail) meets on its next command.
 */
class ConsoleControlIT {

    private static final String ADELE = DefaultTenant.ADELE;

    private static Emulator emulator;
    private static ConsoleClient console;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS).identity(false).console(true)
                .start();
        console = new ConsoleClient(URI.create("http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort()),
                null);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void reset() {
        emulator.scenario().use("office365");
        emulator.reset();
    }

    private static void sendAs(String from) throws MessagingException {
        Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION), from, DefaultTenant.ALEX,
                "via the console"), ADELE, DefaultTenant.ADELE_PASSWORD);
    }

    @Test
    void healthAndTheOpenApiDocument() {
        JsonNode health = console.get("/api/v1/health").json();
        assertThat(health.get("status").asString()).isEqualTo("ok");
        assertThat(health.get("version").asString()).isNotBlank();
        assertThat(health.get("scenario").asString()).isEqualTo("office365");
        ConsoleClient.Response openApi = console.get("/api/v1/openapi.json");
        assertThat(openApi.header("content-type")).isEqualTo("application/json");
        assertThat(openApi.json().get("openapi").asString()).isEqualTo("3.1.0");
    }

    @Test
    void sessionsListedFilteredAndShownWithTheirTranscript() throws Exception {
        sendAs(ADELE);
        emulator.scenario().use("bad-credentials");
        assertThatThrownBy(() -> sendAs(ADELE)).isInstanceOf(AuthenticationFailedException.class);

        JsonNode all = console.get("/api/v1/sessions?protocol=smtp").json();
        assertThat(all.get("total").asInt()).isEqualTo(2);
        JsonNode newest = all.get("items").get(0);
        JsonNode oldest = all.get("items").get(1);
        assertThat(newest.get("id").asLong()).isGreaterThan(oldest.get("id").asLong());
        assertThat(newest.get("outcome").asString()).isEqualTo("error");
        assertThat(newest.get("rulesFired").get(0).asString()).isEqualTo("logon-failure");
        assertThat(oldest.get("outcome").asString()).isEqualTo("ok");
        assertThat(oldest.get("user").asString()).isEqualTo(ADELE);

        assertThat(ids(console.get("/api/v1/sessions?outcome=error").json())).containsExactly(newest.get("id").asLong());
        assertThat(ids(console.get("/api/v1/sessions?rule=logon-failure").json()))
                .containsExactly(newest.get("id").asLong());
        assertThat(ids(console.get("/api/v1/sessions?user=adele").json())).containsExactly(oldest.get("id").asLong());
        assertThat(ids(console.get("/api/v1/sessions?endpoint=submission&limit=1").json())).hasSize(1);
        assertThat(ids(console.get("/api/v1/sessions?protocol=imap").json())).isEmpty();

        JsonNode failed = console.get("/api/v1/sessions/" + newest.get("id").asLong()).json();
        assertThat(failed.get("tls").get("protocol").asString()).startsWith("TLSv1.");
        assertThat(failed.get("tls").get("cipherSuite").asString()).startsWith("TLS_");
        assertThat(failed.get("firedRules").get(0).get("rule").asString()).isEqualTo("logon-failure");
        JsonNode changed = null;
        for (JsonNode line : failed.get("transcript")) {
            if (line.path("changedBy").asString("").equals("logon-failure")) {
                changed = line;
            }
            // Masked as the journal masks it: no password on any line.
            assertThat(line.get("text").asString()).doesNotContain(DefaultTenant.ADELE_PASSWORD);
        }
        assertThat(changed).as("the server line the rule produced").isNotNull();
        assertThat(changed.get("direction").asString()).isEqualTo("S");
        assertThat(changed.get("code").asString()).isEqualTo("535");
        assertThat(changed.get("refused").asBoolean()).isTrue();
        assertThat(changed.get("text").asString()).startsWith("535 5.7.3 Authentication unsuccessful");

        console.get("/api/v1/sessions/987654").problem(404, "not-found");
        console.get("/api/v1/sessions/x1").problem(404, "not-found");
        console.get("/api/v1/sessions?protocol=ftp").problem(400, "bad-request");
        console.get("/api/v1/sessions?outcome=maybe").problem(400, "bad-request");

        assertThat(console.delete("/api/v1/sessions").status()).isEqualTo(204);
        assertThat(console.get("/api/v1/sessions").json().get("total").asInt()).isZero();
    }

    @Test
    void switchingToABuiltInChangesTheNextSubmission() throws Exception {
        JsonNode builtIns = console.get("/api/v1/scenario/builtins").json();
        List<String> names = new ArrayList<>();
        builtIns.forEach(b -> {
            names.add(b.get("name").asString());
            assertThat(b.get("description").asString()).isNotBlank();
        });
        assertThat(names).contains("office365", "sendas-denied", "bad-credentials");

        sendAs(DefaultTenant.INFO); // adele may send as info@ under office365
        JsonNode switched = console.post("/api/v1/scenario/activate", "application/json", "{\"name\":\"sendas-denied\"}")
                .json();
        assertThat(switched.get("name").asString()).isEqualTo("sendas-denied");
        assertThat(switched.get("chain").get(0).asString()).isEqualTo("sendas-denied");
        assertThat(emulator.scenario().active().name()).isEqualTo("sendas-denied");
        assertThatThrownBy(() -> sendAs(DefaultTenant.INFO)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("554 5.2.252 SendAsDenied");

        JsonNode unknown = console.post("/api/v1/scenario/activate", "application/json", "{\"name\":\"nope\"}")
                .problem(422, "unknown-scenario");
        assertThat(unknown.get("detail").asString()).contains("nope");
        console.post("/api/v1/scenario/activate", "application/json", "{\"name\":").problem(400, "bad-request");
        console.post("/api/v1/scenario/activate", "application/json", "[]").problem(400, "bad-request");
        assertThat(emulator.scenario().active().name()).isEqualTo("sendas-denied");
    }

    @Test
    void anUploadedScenarioIsValidatedFirstAndTheRunningOneStaysOnError() throws Exception {
        String yaml = """
                name: busy-once
                extends: office365
                rules:
                  - id: busy
                    when: {protocol: smtp, stage: mail-from, times: 1}
                    then: {preset: server-busy}
                """;
        JsonNode valid = console.post("/api/v1/scenario/validate", "application/yaml", yaml).json();
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("name").asString()).isEqualTo("busy-once");
        assertThat(emulator.scenario().active().name()).isEqualTo("office365");

        String malformed = "name: broken\nrules:\n  - id: x\n    when: {stage: [\n";
        JsonNode problem = console.put("/api/v1/scenario", "application/yaml", malformed)
                .problem(422, "invalid-scenario");
        assertThat(problem.get("line").asInt()).isEqualTo(4);
        assertThat(problem.get("column").asInt()).isPositive();
        String unknownKnob = "name: typo\nextends: office365\nrules:\n  - id: x\n    when: {stage: auth}\n"
                + "    then: {preset: no-such-preset}\n";
        JsonNode typo = console.put("/api/v1/scenario", "application/yaml", unknownKnob).problem(422, "invalid-scenario");
        assertThat(typo.get("line").asInt()).isEqualTo(6);
        console.put("/api/v1/scenario", "application/yaml", "name: x\nextends: /etc/passwd\n")
                .problem(422, "invalid-scenario");
        console.put("/api/v1/scenario", "application/xml", "<scenario/>").problem(415, "unsupported-media-type");
        console.put("/api/v1/scenario", "application/yaml", " ").problem(400, "bad-request");
        assertThat(emulator.scenario().active().name()).isEqualTo("office365");

        JsonNode active = console.put("/api/v1/scenario", "application/yaml", yaml).json();
        assertThat(active.get("name").asString()).isEqualTo("busy-once");
        assertThatThrownBy(() -> sendAs(ADELE)).isInstanceOf(MessagingException.class);
        JsonNode busy = find(console.get("/api/v1/scenario").json().get("rules"), "busy");
        assertThat(busy.get("hits").asLong()).isEqualTo(1);
        sendAs(ADELE); // times: 1

        JsonNode reset = console.post("/api/v1/scenario/reset", null, "").json();
        assertThat(find(reset.get("rules"), "busy").get("hits").asLong()).isZero();
        assertThatThrownBy(() -> sendAs(ADELE)).isInstanceOf(MessagingException.class);
    }

    @Test
    void aTenantKnobChangesTheNextLogin() throws Exception {
        JsonNode tenant = console.get("/api/v1/tenant").json();
        assertThat(tenant.get("smtpClientAuthenticationDisabled").asBoolean()).isFalse();
        assertThat(tenant.toString()).doesNotContain(DefaultTenant.ADELE_PASSWORD);

        JsonNode patched = console.patch("/api/v1/tenant", "application/json",
                "{\"smtpClientAuthenticationDisabled\": true}").json();
        assertThat(patched.get("smtpClientAuthenticationDisabled").asBoolean()).isTrue();
        assertThat(emulator.tenant().settings().smtpClientAuthenticationDisabled()).isTrue();
        assertThatThrownBy(() -> sendAs(ADELE)).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("5.7.139");

        // A mailbox's own setting wins over the tenant's.
        console.patch("/api/v1/tenant", "application/json",
                "{\"mailboxes\": [{\"address\": \"adele@contoso.com\", \"smtpClientAuthentication\": \"enabled\"}]}");
        sendAs(ADELE);

        JsonNode invalid = console.patch("/api/v1/tenant", "application/json", "{\"limits\": {\"messagesPerMinute\": \"many\"}}")
                .problem(422, "invalid-tenant");
        assertThat(invalid.get("detail").asString()).isNotBlank();
        console.patch("/api/v1/tenant", "application/json", "{\"noSuchKnob\": 1}").problem(422, "invalid-tenant");
        console.patch("/api/v1/tenant", "application/xml", "<x/>").problem(415, "unsupported-media-type");
        console.patch("/api/v1/tenant", "application/json", "").problem(400, "bad-request");

        JsonNode back = console.post("/api/v1/tenant/reset", null, "").json();
        assertThat(back.get("smtpClientAuthenticationDisabled").asBoolean()).isFalse();
        sendAs(ADELE);
    }

    @Test
    void connectListsEveryEndpointAndTheCa() throws Exception {
        JsonNode view = console.get("/api/v1/endpoints").json();
        JsonNode submission = find(view.get("endpoints"), "submission");
        assertThat(submission.get("port").asInt()).isEqualTo(emulator.port(Endpoint.SUBMISSION));
        assertThat(submission.get("tls").asString()).isEqualTo("STARTTLS");
        assertThat(submission.get("state").asString()).isEqualTo("serving");
        assertThat(find(view.get("endpoints"), "imaps").get("tls").asString()).isEqualTo("implicit");
        assertThat(view.get("host").asString()).isEqualTo("127.0.0.1");

        ConsoleClient.Response ca = console.get(view.get("caHref").asString());
        assertThat(ca.header("content-type")).isEqualTo("application/x-pem-file");
        assertThat(ca.body()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        java.security.cert.X509Certificate parsed = (java.security.cert.X509Certificate) java.security.cert
                .CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(ca.bytes()));
        assertThat(parsed).isEqualTo(emulator.trust().caCertificate());
    }

    @Test
    void theWebConsoleIsServedWithItsPolicies() {
        ConsoleClient.Response index = console.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.header("content-security-policy")).startsWith("default-src 'self'");
        assertThat(index.header("cache-control")).isEqualTo("no-cache");
        assertThat(index.body()).contains("<script type=\"module\" src=\"/app.js\"></script>");
        assertThat(console.get("/app.js").header("content-type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(console.get("/pages/mail.js").status()).isEqualTo(200);
        assertThat(console.get("/console.css").header("content-type")).isEqualTo("text/css; charset=utf-8");
        console.get("/missing.js").problem(404, "not-found");
        console.get("/..%2Fopenapi.json").problem(404, "not-found");
        console.get("/pages/..%2F..%2Fapp.js").problem(404, "not-found");
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(s -> ids.add(s.get("id").asLong()));
        return ids;
    }

    /** The element of an array whose id (or name) is {@code id}. */
    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.path("id").asString("").equals(id) || n.path("name").asString("").equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }
}
