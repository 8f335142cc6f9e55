package dev.o365emulator.server.internal.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class EmptyFlushFilterTest {

    /** Counts the flushes that get past the filter, where a TLS handler would be. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }

    @Test
    void passesAFlushOnOnlyAfterAWrite() {
        Flushes flushes = new Flushes();
        EmbeddedChannel channel = new EmbeddedChannel(flushes, new EmptyFlushFilter());

        channel.flush();
        assertThat(flushes.count).as("nothing written yet").isZero();
        channel.writeAndFlush(Unpooled.copiedBuffer("+OK\r\n", US_ASCII));
        channel.flush();
        channel.flush();
        assertThat(flushes.count).as("the reply's flush only").isEqualTo(1);
        channel.write(Unpooled.copiedBuffer("+OK 1\r\n", US_ASCII));
        channel.write(Unpooled.copiedBuffer("+OK 2\r\n", US_ASCII));
        assertThat(flushes.count).as("written, not yet flushed").isEqualTo(1);
        channel.flush();
        channel.flush();
        assertThat(flushes.count).isEqualTo(2);

        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(US_ASCII));
            buf.release();
        }
        assertThat(out).hasToString("+OK\r\n+OK 1\r\n+OK 2\r\n");
        assertThat(channel.finish()).isFalse();
    }
}
