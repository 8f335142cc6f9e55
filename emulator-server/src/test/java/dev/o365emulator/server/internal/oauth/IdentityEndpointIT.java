package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.ExternalClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IdentityEndpointIT {

    private static final String TID = DefaultTenant.TENANT_ID.toString();
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults();
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        http = HttpClient.newBuilder().sslContext(emulator.certificates().clientSslContext())
                .connectTimeout(Duration.ofSeconds(10)).build();
        base = "https://127.0.0.1:" + emulator.oauth().port();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String... pairs) throws Exception {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        return JSONObjectUtils.parse(response.body());
    }

    @Test
    void theAuthorityIsTheLoopbackListenerAndTheTenantId() {
        assertThat(emulator.oauth().authority()).isEqualTo(base + "/" + TID);
    }

    @Test
    void clientCredentialsOverHttpsGiveATokenTheValidatorAcceptsForImap() throws Exception {
        HttpResponse<String> response = post("/" + TID + "/oauth2/v2.0/token", "grant_type", "client_credentials",
                "client_id", DefaultTenant.APP_CLIENT_ID, "client_secret", DefaultTenant.APP_SECRET,
                "scope", "https://outlook.office365.com/.default");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        String token = (String) json(response).get("access_token");
        assertThat(emulator.oauth().validator().validate(Protocol.IMAP, token))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.APP_SERVICE_PRINCIPAL_ID));
    }

    @Test
    void aWrongPasswordAnswersMicrosoftsJsonError() throws Exception {
        HttpResponse<String> response = post("/contoso.com/oauth2/v2.0/token", "grant_type", "password",
                "client_id", DefaultTenant.APP_CLIENT_ID, "username", DefaultTenant.ADELE, "password", "nope",
                "scope", "https://outlook.office.com/IMAP.AccessAsUser.All");
        assertThat(response.statusCode()).isEqualTo(400);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("error", "invalid_grant");
        assertThat((String) body.get("error_description"))
                .startsWith("AADSTS50126: Error validating credentials due to invalid username or password.\r\n");
        assertThat(body.get("error_codes")).asList().containsExactly(50126L);
    }

    @Test
    void theOpenIdConfigurationPointsAtTheEmulator() throws Exception {
        for (String tenant : new String[] {TID, "contoso.com", "common", "organizations"}) {
            HttpResponse<String> response = get("/" + tenant + "/v2.0/.well-known/openid-configuration");
            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> body = json(response);
            assertThat(body).containsEntry("token_endpoint", base + "/" + tenant + "/oauth2/v2.0/token")
                    .containsEntry("jwks_uri", base + "/" + tenant + "/discovery/v2.0/keys");
        }
        assertThat(json(get("/" + TID + "/v2.0/.well-known/openid-configuration")))
                .containsEntry("issuer", "https://login.microsoftonline.com/" + TID + "/v2.0");
        HttpResponse<String> unknown = get("/fabrikam.com/v2.0/.well-known/openid-configuration");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat((String) json(unknown).get("error_description")).startsWith("AADSTS90002: Tenant 'fabrikam.com'");
    }

    @Test
    void theJwksVerifiesIssuedTokens() throws Exception {
        JWKSet keys = JWKSet.parse(get("/common/discovery/v2.0/keys").body());
        String token = emulator.oauth().issueToken(DefaultTenant.ADELE, java.util.List.of("SMTP.Send"));
        SignedJWT jwt = SignedJWT.parse(token);
        var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))).isTrue();
    }

    @Test
    void instanceDiscoveryNamesTheEmulatorAsItsOwnCloud() throws Exception {
        String host = "127.0.0.1:" + emulator.oauth().port();
        Map<String, Object> body = json(get("/common/discovery/instance?api-version=1.1&authorization_endpoint="
                + URLEncoder.encode(base + "/" + TID + "/oauth2/v2.0/authorize", StandardCharsets.UTF_8)));
        assertThat(body).containsEntry("tenant_discovery_endpoint",
                base + "/" + TID + "/v2.0/.well-known/openid-configuration");
        assertThat(body.get("metadata").toString()).contains(host);
    }

    @Test
    void theDeviceCodeFlowCanBeApprovedOverHttps() throws Exception {
        Map<String, Object> start = json(post("/organizations/oauth2/v2.0/devicecode", "client_id",
                DefaultTenant.APP_CLIENT_ID, "scope", "https://outlook.office.com/POP.AccessAsUser.All"));
        HttpResponse<String> approve = post(IdentityHttpHandler.APPROVE_PATH, "user_code",
                (String) start.get("user_code"), "username", DefaultTenant.ALEX);
        assertThat(approve.statusCode()).isEqualTo(200);
        Map<String, Object> token = json(post("/organizations/oauth2/v2.0/token", "grant_type",
                TokenEndpoint.DEVICE_CODE_GRANT, "client_id", DefaultTenant.APP_CLIENT_ID, "device_code",
                (String) start.get("device_code")));
        assertThat(emulator.oauth().validator().validate(Protocol.POP3, (String) token.get("access_token")))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ALEX));
    }

    @Test
    void curlObtainsATokenWithClientCredentials() throws Exception {
        ExternalClient.assumeInstalled("curl");
        ExternalClient.Result result = ExternalClient.run("curl", "-sS", "--max-time", "20",
                "--cacert", emulator.certificates().caPem().toString(),
                "-d", "grant_type=client_credentials",
                "-d", "client_id=" + DefaultTenant.APP_CLIENT_ID,
                "--data-urlencode", "client_secret=" + DefaultTenant.APP_SECRET,
                "--data-urlencode", "scope=https://outlook.office365.com/.default",
                emulator.oauth().authority() + "/oauth2/v2.0/token");
        assertThat(result.exitCode()).as(result.output()).isZero();
        Map<String, Object> body = JSONObjectUtils.parse(result.output());
        assertThat(body).containsEntry("token_type", "Bearer");
        assertThat(emulator.oauth().validator().validate(Protocol.SMTP, (String) body.get("access_token")))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.APP_SERVICE_PRINCIPAL_ID));
    }

    @Test
    void pythonUrllibSignsInWithAPassword() throws Exception {
        ExternalClient.assumeInstalled("python3");
        String script = String.join("\n",
                "import json, ssl, sys, urllib.parse, urllib.request",
                "ctx = ssl.create_default_context(cafile=sys.argv[1])",
                "data = urllib.parse.urlencode({'grant_type': 'password', 'client_id': sys.argv[3],",
                "    'username': 'megan@contoso.com', 'password': 'Passw0rd!megan',",
                "    'scope': 'https://outlook.office.com/SMTP.Send offline_access'}).encode()",
                "with urllib.request.urlopen(sys.argv[2], data=data, context=ctx, timeout=20) as r:",
                "    print(json.load(r)['access_token'])");
        ExternalClient.Result result = ExternalClient.run(java.util.List.of("python3", "-c", script,
                emulator.certificates().caPem().toString(), emulator.oauth().authority() + "/oauth2/v2.0/token",
                DefaultTenant.APP_CLIENT_ID), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(emulator.oauth().validator().validate(Protocol.SMTP, result.output().trim()))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.MEGAN));
    }

    @Test
    void aBadPercentEscapeInTheFormIsAnsweredWithInvalidRequest() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/" + TID
                + "/oauth2/v2.0/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=%zz&client_id=x")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request")
                .containsEntry("error_codes", java.util.List.of(9002313L));
        assertThat((String) json(response).get("error_description"))
                .startsWith("AADSTS9002313: Invalid request. Request is malformed or invalid.");
    }

    @Test
    void aBadPercentEscapeInThePathIsAnsweredWithInvalidRequestAndTheConnectionServesOn() throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) emulator.certificates().clientSslContext()
                .getSocketFactory().createSocket("127.0.0.1", emulator.oauth().port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(("GET /common/userrealm/%zz?api-version=1.0 HTTP/1.1\r\nHost: login.microsoftonline.com\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            String body = readBody(in);
            assertThat(JSONObjectUtils.parse(body)).containsEntry("error", "invalid_request");

            out.write(("GET /common/discovery/instance?api-version=1.1&authorization_endpoint=%g HTTP/1.1\r\n"
                    + "Host: login.microsoftonline.com\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).as("a bad escape in the query, on the same connection").isEqualTo(
                    "HTTP/1.1 400 Bad Request");
            assertThat(JSONObjectUtils.parse(readBody(in))).containsEntry("error", "invalid_request");
        }
    }

    /** Reads the headers, then Content-Length characters of body (the bodies here are ASCII JSON). */
    private static String readBody(java.io.BufferedReader in) throws java.io.IOException {
        int length = -1;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return new String(body, 0, read);
    }
}
