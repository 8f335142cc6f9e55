package dev.o365emulator.server.internal.console;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A console pipeline on an {@link EmbeddedChannel}: raw request bytes in, decoded responses out. */
final class HttpExchange implements AutoCloseable {

    final EmbeddedChannel channel;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder(),
            new HttpObjectAggregator(4 * 1024 * 1024));

    HttpExchange(Consumer<Channel> install) {
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                install.accept(ch);
            }
        });
    }

    /** Sends bytes as the client and runs what they started. */
    HttpExchange send(String ascii) {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    HttpExchange send(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
        return this;
    }

    /** The responses written so far and not yet taken, decoded; the caller releases them. */
    List<FullHttpResponse> responses() {
        channel.runPendingTasks();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            decoder.writeInbound(out);
        }
        List<FullHttpResponse> responses = new ArrayList<>();
        for (FullHttpResponse r; (r = decoder.readInbound()) != null; ) {
            responses.add(r);
        }
        return responses;
    }

    /** The one response written, as text: status line, headers and body. */
    Response response() {
        List<FullHttpResponse> all = responses();
        if (all.size() != 1) {
            all.forEach(FullHttpResponse::release);
            throw new AssertionError("expected one response, got " + all.size());
        }
        return Response.of(all.get(0));
    }

    /** A response copied out of its buffer. */
    record Response(int status, io.netty.handler.codec.http.HttpHeaders headers, String body) {
        static Response of(FullHttpResponse r) {
            try {
                return new Response(r.status().code(), r.headers().copy(), r.content().toString(StandardCharsets.UTF_8));
            } finally {
                r.release();
            }
        }

        tools.jackson.databind.JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
    }
}
