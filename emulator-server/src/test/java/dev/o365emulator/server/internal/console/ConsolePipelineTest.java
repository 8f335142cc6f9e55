package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsolePipelineTest {

    private static final String TOKEN = "0123456789abcdef-token";

    private final BodyBudget budget = new BodyBudget(1024);
    private final Router router = new Router.Builder()
            .get("/api/v1/ping", r -> ApiResponse.ok(Map.of("pong", true)))
            .get("/api/v1/items/{id}", r -> ApiResponse.ok(Map.of("id", r.longVariable("id", "item"))))
            .post("/api/v1/echo", r -> ApiResponse.bytes(200, "text/plain", r.body()))
            .add(new Route(HttpMethod.POST, new PathTemplate("/api/v1/small"),
                    r -> ApiResponse.ok(Map.of("bytes", r.body().length)), v -> 16))
            .get("/api/v1/fail", r -> {
                throw new IllegalStateException("Passw0rd!adele leaked into a message");
            })
            .build();
    private HttpExchange http;

    private HttpExchange open(ConsoleAccess access) {
        http = new HttpExchange(ch -> ConsoleServer.install(ch.pipeline(), access, router, budget,
                new ConsoleWorkers(Runnable::run)));
        return http;
    }

    private HttpExchange loopback() throws Exception {
        return open(ConsoleAccess.forBind(InetAddress.getLoopbackAddress(), null));
    }

    private HttpExchange offLoopback() throws Exception {
        return open(ConsoleAccess.forBind(InetAddress.getByName("0.0.0.0"), TOKEN));
    }

    @AfterEach
    void close() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void answersARouteWithJsonAndTheSecurityHeaders() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
        assertThat(r.json().get("pong").asBoolean()).isTrue();
        assertThat(r.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(r.headers().get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(r.headers().get("content-security-policy")).isEqualTo(ResponseWriter.DATA_POLICY);
        assertThat(http.channel.isActive()).isTrue();
    }

    @Test
    void anUnknownPathIsA404ProblemDocument() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().get("content-type")).isEqualTo("application/problem+json");
        assertThat(r.json().get("type").asString()).isEqualTo("urn:o365-emulator:problem:not-found");
        assertThat(r.json().get("title").asString()).isEqualTo("Not found");
        assertThat(r.json().get("status").asInt()).isEqualTo(404);
        assertThat(r.json().get("detail").asString()).isEqualTo("no such resource: /api/v1/nothing");
        assertThat(r.json().get("instance").asString()).isEqualTo("/api/v1/nothing");
    }

    @Test
    void aWrongMethodIsA405WithAllow() throws Exception {
        HttpExchange.Response r = loopback().send("DELETE /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers().get("allow")).isEqualTo("GET");
        assertThat(r.json().get("type").asString()).endsWith(":method-not-allowed");
    }

    @Test
    void aRouteThatFailsIsA500ThatNamesOnlyTheExceptionClass() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/fail HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).contains("IllegalStateException").doesNotContain("Passw0rd");
    }

    @Test
    void aNonNumericIdIsA404() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/items/abc HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("detail").asString()).isEqualTo("no item abc");
    }

    @Test
    void aMalformedEscapeIsA400ThatDoesNotQuoteTheQuery() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/ping?x=%zzsecret HTTP/1.1\r\nHost: x\r\n\r\n")
                .response();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("secret");
    }

    @Test
    void headersOverTheLimitAreA431AndTheConnectionCloses() throws Exception {
        String big = "X-Big: " + "a".repeat(ConsoleServer.MAX_HEADER_SIZE) + "\r\n";
        HttpExchange.Response r = loopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n" + big + "\r\n").response();
        assertThat(r.status()).isEqualTo(431);
        assertThat(r.json().get("type").asString()).endsWith(":headers-too-large");
        assertThat(http.channel.isActive()).isFalse();
    }

    @Test
    void aDeclaredBodyOverTheRoutesLimitIsA413BeforeItIsRead() throws Exception {
        HttpExchange.Response r = loopback().send("POST /api/v1/small HTTP/1.1\r\nHost: x\r\nContent-Length: 17\r\n\r\n")
                .response();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("limit").asLong()).isEqualTo(16);
        assertThat(http.channel.isActive()).isFalse();
    }

    @Test
    void aBodyAtTheLimitIsRead() throws Exception {
        HttpExchange.Response r = loopback().send("POST /api/v1/small HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n"
                + "0123456789abcdef").response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("bytes").asInt()).isEqualTo(16);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aChunkedBodyIsCountedAsItArrives() throws Exception {
        loopback().send("POST /api/v1/small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\n");
        assertThat(http.responses()).isEmpty();
        HttpExchange.Response r = http.send("7\r\n0123456\r\n0\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(413);
        assertThat(http.channel.isActive()).isFalse();
        assertThat(budget.used()).isZero();
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        loopback().send("GET /api/v1/items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/items/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /api/v1/items/3 HTTP/1.1\r\nHost: x\r\n\r\n");
        List<FullHttpResponse> all = http.responses();
        assertThat(all).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(HttpExchange.Response.of(all.get(i)).json().get("id").asInt()).isEqualTo(i + 1);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        HttpExchange.Response r = loopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .response();
        assertThat(r.status()).isEqualTo(200);
        assertThat(http.channel.isActive()).isFalse();
    }

    @Test
    void offLoopbackARequestWithoutTheTokenIsA401AndTheBodyIsNotRead() throws Exception {
        HttpExchange.Response r = offLoopback().send("POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n")
                .response();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("www-authenticate")).startsWith("Bearer");
        assertThat(r.json().get("type").asString()).endsWith(":unauthorized");
        assertThat(http.channel.isActive()).isFalse();
    }

    @Test
    void offLoopbackAWrongTokenIsA401ThatDoesNotEchoIt() throws Exception {
        HttpExchange.Response r = offLoopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer wrong-token-value\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.body()).doesNotContain("wrong-token-value");
    }

    @Test
    void offLoopbackTheBearerTokenLetsTheRequestIn() throws Exception {
        HttpExchange.Response r = offLoopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void offLoopbackTheTokenInTheQueryOfTheRootSetsTheCookieThatLetsABrowserIn() throws Exception {
        HttpExchange.Response r = offLoopback().send("GET /?token=" + TOKEN + " HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().get("location")).isEqualTo("/");
        String cookie = r.headers().get("set-cookie");
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        http.close();
        HttpExchange.Response withCookie = offLoopback().send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nCookie: "
                + cookie.substring(0, cookie.indexOf(';')) + "\r\n\r\n").response();
        assertThat(withCookie.status()).isEqualTo(200);
    }

    @Test
    void offLoopbackAWrongTokenInTheQueryIsA401() throws Exception {
        HttpExchange.Response r = offLoopback().send("GET /?token=nope HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headers().get("set-cookie")).isNull();
    }

    @Test
    void aBodyThatDoesNotFitTheBudgetIsA503() throws Exception {
        BodyBudget tiny = new BodyBudget(0);
        Router uploads = new Router.Builder().add(new Route(HttpMethod.POST, new PathTemplate("/up"),
                r -> ApiResponse.noContent(), v -> 10L * Route.DEFAULT_BODY_LIMIT)).build();
        http = new HttpExchange(ch -> ConsoleServer.install(ch.pipeline(),
                ConsoleAccess.forBind(InetAddress.getLoopbackAddress(), null), uploads, tiny,
                new ConsoleWorkers(Runnable::run)));
        HttpExchange.Response r = http.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + (2 * Route.DEFAULT_BODY_LIMIT) + "\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("type").asString()).endsWith(":uploads-busy");
    }

    @Test
    void aFullWorkQueueIsA503() throws Exception {
        http = new HttpExchange(ch -> ConsoleServer.install(ch.pipeline(),
                ConsoleAccess.forBind(InetAddress.getLoopbackAddress(), null), router, budget,
                new ConsoleWorkers(work -> {
                    throw new java.util.concurrent.RejectedExecutionException("full");
                })));
        HttpExchange.Response r = http.send("GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n").response();
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("type").asString()).endsWith(":busy");
    }
}
