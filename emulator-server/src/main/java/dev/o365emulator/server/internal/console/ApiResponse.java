package dev.o365emulator.server.internal.console;

import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: a status, a content type, extra headers and a body held in memory (every
 * body the console serves is bounded), or a stream that takes the connection over (Server-Sent Events).
 */
record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body, Stream stream) {

    /** A response that keeps the connection and writes to it as it likes, started on its event loop. */
    @FunctionalInterface
    interface Stream {
        /** Takes over the connection; from now on no further request is read from it. */
        void start(ChannelHandlerContext ctx, ApiRequest request);
    }

    ApiResponse {
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
    }

    /** A JSON body. */
    static ApiResponse json(int status, Object view) {
        return new ApiResponse(status, "application/json", new LinkedHashMap<>(), Json.write(view), null);
    }

    /** 200 with a JSON body. */
    static ApiResponse ok(Object view) {
        return json(200, view);
    }

    /** 204, no body. */
    static ApiResponse noContent() {
        return new ApiResponse(204, null, new LinkedHashMap<>(), null, null);
    }

    /** Bytes of a given type. */
    static ApiResponse bytes(int status, String contentType, byte[] body) {
        return new ApiResponse(status, contentType, new LinkedHashMap<>(), body, null);
    }

    /** UTF-8 text of a given type (the charset is added). */
    static ApiResponse text(int status, String contentType, String body) {
        return bytes(status, contentType + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A problem document for a request to {@code instance}. */
    static ApiResponse problem(Problem problem, String instance) {
        return new ApiResponse(problem.status(), Problem.MEDIA_TYPE, new LinkedHashMap<>(),
                Json.write(problem.toJson(instance)), null);
    }

    /** A response that streams. */
    static ApiResponse stream(Stream stream) {
        return new ApiResponse(200, null, new LinkedHashMap<>(), null, Objects.requireNonNull(stream));
    }

    /** The same response with one more header. */
    ApiResponse header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, more, body, stream);
    }
}
