package dev.o365emulator.server.internal.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use the console: anyone when it listens on loopback; off loopback only requests that show
 * the console's token, as {@code Authorization: Bearer <token>} (curl, CI jobs) or as the cookie a
 * browser gets by opening {@code /?token=<token>} once (a browser cannot add a header to a page load,
 * an {@code <iframe>} or an {@code EventSource}).
 *
 * <p>Tokens are compared in constant time, through their SHA-256 digests so that not even the
 * length leaks; the token is never logged, and never echoed in a problem document.
 */
final class ConsoleAccess {

    /** The cookie that carries the token for a browser; HttpOnly, SameSite=Strict. */
    static final String COOKIE = "o365_console";
    /** The query parameter that exchanges the token for the cookie on {@code GET /}. */
    static final String TOKEN_PARAMETER = "token";
    /** Shortest token {@code --console-token} accepts. */
    static final int MIN_TOKEN_LENGTH = 16;
    /** Longest token accepted: it travels in a header, bounded like every header. */
    static final int MAX_TOKEN_LENGTH = 256;

    private final byte[] tokenDigest;

    private ConsoleAccess(String token) {
        this.tokenDigest = token == null ? null : digest(token);
    }

    /** Access for a console bound to {@code bind}: open on loopback, else guarded by {@code token}. */
    static ConsoleAccess forBind(InetAddress bind, String token) {
        if (bind.isLoopbackAddress()) {
            return new ConsoleAccess(null);
        }
        return new ConsoleAccess(checkToken(token));
    }

    /** A new random token: 32 bytes from {@link SecureRandom}, base64url without padding (43 characters). */
    static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Checks a token a user chose: printable ASCII without spaces (it must fit a header and a URL),
     * {@value #MIN_TOKEN_LENGTH} to {@value #MAX_TOKEN_LENGTH} characters.
     *
     * @throws IllegalArgumentException naming the rule broken, never the token
     */
    static String checkToken(String token) {
        if (token == null) {
            throw new IllegalArgumentException("a console off loopback needs a token");
        }
        if (token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the console token must have " + MIN_TOKEN_LENGTH + " to "
                    + MAX_TOKEN_LENGTH + " characters");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 127 || c == ';' || c == ',' || c == '"' || c == '\\') {
                throw new IllegalArgumentException("the console token must be printable ASCII without spaces,"
                        + " quotes, commas, semicolons or backslashes");
            }
        }
        return token;
    }

    /** Whether requests must show the token. */
    boolean guarded() {
        return tokenDigest != null;
    }

    /** Whether the request may go on: unguarded, or it carries the token as a bearer header or the cookie. */
    boolean permits(HttpRequest request) {
        if (tokenDigest == null) {
            return true;
        }
        return bearer(request).map(this::matches).orElse(false)
                || cookie(request).map(this::matches).orElse(false);
    }

    /** Whether a presented token is the console's, in constant time. */
    boolean matches(String presented) {
        return tokenDigest != null && MessageDigest.isEqual(tokenDigest, digest(presented));
    }

    /** The {@code Set-Cookie} value that lets a browser in after it showed the token. */
    String cookieFor(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private static Optional<String> bearer(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private static Optional<String> cookie(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return Optional.empty();
        }
        Set<Cookie> cookies = ServerCookieDecoder.STRICT.decode(header);
        return cookies.stream().filter(c -> c.name().equals(COOKIE)).map(Cookie::value).findFirst();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
