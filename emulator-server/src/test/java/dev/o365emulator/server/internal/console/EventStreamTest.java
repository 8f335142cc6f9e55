package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    private final EventHub hub = new EventHub();
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private EventStream stream;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private EventStream start() {
        ChannelHandlerContext ctx = channel.pipeline().firstContext();
        stream = new EventStream(hub);
        stream.start(ctx, "/api/v1/events");
        channel.runPendingTasks();
        return stream;
    }

    /** Everything written since the last call, as text; the response head is skipped. */
    private String written() {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            try {
                if (o instanceof HttpContent c) {
                    out.append(c.content().toString(StandardCharsets.UTF_8));
                    if (o instanceof LastHttpContent) {
                        out.append("<end>");
                    }
                } else if (o instanceof ByteBuf b) {
                    out.append(b.toString(StandardCharsets.UTF_8));
                } else if (!(o instanceof HttpResponse)) {
                    out.append(o);
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
        return out.toString();
    }

    private static ConsoleEvent event(long id, int weight) {
        return new ConsoleEvent(id, "line", Map.of("session", 1L, "text", "EHLO client"), weight);
    }

    @Test
    void startsWithTheRetryHintAndSubscribes() {
        start();
        assertThat(written()).startsWith("retry: " + EventStream.RETRY_MILLIS + "\n: connected\n\n");
        assertThat(hub.subscribers()).isEqualTo(1);
    }

    @Test
    void writesEachEventAsAFrameInOrder() {
        start();
        written();
        stream.offer(event(1, 200));
        stream.offer(event(2, 200));
        channel.runPendingTasks();
        assertThat(written()).isEqualTo(
                "id: 1\nevent: line\ndata: {\"session\":1,\"text\":\"EHLO client\"}\n\n"
                        + "id: 2\nevent: line\ndata: {\"session\":1,\"text\":\"EHLO client\"}\n\n");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void holdsEventsWhileTheConnectionIsNotWritableAndWritesThemWhenItIs() {
        start();
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int i = 1; i <= EventStream.MAX_EVENTS; i++) {
            stream.offer(event(i, 200));
        }
        channel.runPendingTasks();
        assertThat(written()).isEmpty();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        String out = written();
        assertThat(out).startsWith("id: 1\n").contains("id: " + EventStream.MAX_EVENTS + "\n");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void dropsASubscriberThatFallsMoreThanTheBoundBehind() {
        start();
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int i = 1; i <= EventStream.MAX_EVENTS + 1; i++) {
            stream.offer(event(i, 200));
        }
        channel.runPendingTasks();
        String out = written();
        assertThat(out).doesNotContain("id: ").contains(": dropped: ").endsWith("<end>");
        assertThat(channel.isActive()).isFalse();
        assertThat(hub.subscribers()).isZero();
    }

    @Test
    void dropsASubscriberWhoseBacklogPassesTheByteBound() {
        start();
        written();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        int weight = 64 * 1024;
        for (int i = 1; i <= EventStream.MAX_BYTES / weight + 1; i++) {
            stream.offer(event(i, weight));
        }
        channel.runPendingTasks();
        assertThat(written()).contains(": dropped: ");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void refusesASubscriberPastTheHubsBound() {
        for (int i = 0; i < EventHub.MAX_SUBSCRIBERS; i++) {
            assertThat(hub.subscribe(new EventStream(hub))).isTrue();
        }
        HttpExchange http = new HttpExchange(ch -> ch.pipeline().addLast(new HttpResponseEncoder(),
                new ChannelInboundHandlerAdapter()));
        try {
            new EventStream(hub).start(http.channel.pipeline().lastContext(), "/api/v1/events");
            HttpExchange.Response r = http.response();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("type").asString()).endsWith(":too-many-subscribers");
        } finally {
            http.close();
        }
    }
}
