package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console off loopback: bound to the wildcard address (reached here through 127.0.0.1; the rule
 * is about the bind address), every request without the token gets a 401 problem document, the token
 * is never echoed, and a browser gets in by opening {@code /?token=…} once.
 */
class ConsoleAccessIT {

    private static final String TOKEN = "a-console-token-for-tests-0123456789";

    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private URI start(String token) {
        Emulator.Builder builder = Emulator.builder().bindAddress("0.0.0.0").endpoints(Endpoint.SUBMISSION)
                .identity(false).console(true);
        if (token != null) {
            builder.consoleToken(token);
        }
        emulator = builder.start();
        return URI.create("http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort());
    }

    @Test
    void withoutOrWithTheWrongTokenEveryRequestIs401() {
        URI base = start(TOKEN);
        assertThat(emulator.consoleToken()).contains(TOKEN);
        for (String path : new String[] {"/api/v1/health", "/api/v1/mail", "/", "/app.js", "/api/v1/events"}) {
            JsonNode problem = new ConsoleClient(base, null).get(path).problem(401, "unauthorized");
            assertThat(problem.get("instance").asString()).isEqualTo(path);
        }
        ConsoleClient wrong = new ConsoleClient(base, "not-the-console-token-at-all");
        JsonNode problem = wrong.get("/api/v1/health").problem(401, "unauthorized");
        assertThat(problem.toString()).doesNotContain(TOKEN).doesNotContain("not-the-console-token-at-all");
        assertThat(wrong.delete("/api/v1/mail").status()).isEqualTo(401);

        ConsoleClient right = new ConsoleClient(base, TOKEN);
        assertThat(right.get("/api/v1/health").json().get("status").asString()).isEqualTo("ok");
        assertThat(right.get("/").status()).isEqualTo(200);
    }

    @Test
    void aBrowserExchangesTheTokenForACookieOnce() {
        URI base = start(TOKEN);
        ConsoleClient anonymous = new ConsoleClient(base, null);
        anonymous.get("/?token=wrong-token-wrong-token").problem(401, "unauthorized");
        ConsoleClient.Response in = anonymous.get("/?token=" + TOKEN);
        assertThat(in.status()).isEqualTo(303);
        assertThat(in.header("location")).isEqualTo("/");
        String cookie = in.header("set-cookie");
        assertThat(cookie).startsWith(ConsoleAccess.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict");
        ConsoleClient.Response withCookie = anonymous.send("GET", "/api/v1/health", null, null,
                "Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(withCookie.status()).isEqualTo(200);
    }

    @Test
    void withoutAChosenTokenOneIsMadeAtStart() {
        URI base = start(null);
        String token = emulator.consoleToken().orElseThrow();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        new ConsoleClient(base, null).get("/api/v1/health").problem(401, "unauthorized");
        assertThat(new ConsoleClient(base, token).get("/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void onLoopbackNoTokenIsNeeded() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start();
        assertThat(emulator.consoleToken()).isEmpty();
        URI base = URI.create("http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort());
        assertThat(new ConsoleClient(base, null).get("/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void anUnfitTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Emulator.builder().consoleToken("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> Emulator.builder().consoleToken("has a space in it 0123456789"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("space in it");
    }

    @Test
    void oversizedHeadersAre431AndTheConsoleServesOn() throws IOException {
        URI base = start(TOKEN);
        try (Socket socket = new Socket("127.0.0.1", base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(16 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 431 ").contains("application/problem+json")
                    .contains(Problem.TYPE_PREFIX + "headers-too-large");
        }
        assertThat(new ConsoleClient(base, TOKEN).get("/api/v1/health").status()).isEqualTo(200);
    }
}
