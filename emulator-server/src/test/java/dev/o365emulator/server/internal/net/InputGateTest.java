package dev.o365emulator.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputGateTest {

    private final List<Object> handled = new ArrayList<>();
    private int drains;
    private EmbeddedChannel channel;
    private InputGate gate;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void open(ChannelInboundHandlerAdapter session) {
        channel = new EmbeddedChannel(session);
        gate = new InputGate(channel, handled::add, () -> drains++);
    }

    private void open() {
        open(new ChannelInboundHandlerAdapter());
    }

    @Test
    void readsOnlyWhileNoReasonHoldsTheInputAndResumesInOrder() {
        open();
        gate.read("a");
        assertThat(handled).containsExactly("a");

        gate.hold(InputGate.Reason.DELAY);
        gate.read("b");
        gate.read("c");
        gate.hold(InputGate.Reason.OUTPUT);
        assertThat(channel.config().isAutoRead()).isFalse();

        // The delay ends while the client still does not read: nothing resumes.
        gate.release(InputGate.Reason.DELAY);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(handled).containsExactly("a");
        assertThat(gate.queued()).isEqualTo(2);

        gate.release(InputGate.Reason.OUTPUT);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(handled).containsExactly("a", "b", "c");
        assertThat(drains).isEqualTo(1);

        // Releasing a reason that does not hold changes nothing.
        gate.release(InputGate.Reason.STREAMING);
        assertThat(drains).isEqualTo(1);
    }

    @Test
    void holdsForOutputOnceTheChannelCannotTakeMoreAndResumesWhenItCan() {
        ChannelInboundHandlerAdapter session = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                gate.writabilityChanged();
            }
        };
        open(session);
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        gate = new InputGate(channel, msg -> {
            handled.add(msg);
            // A reply the client does not read yet: written, not flushed.
            channel.write(Unpooled.wrappedBuffer(new byte[32]));
        }, () -> drains++);

        gate.read("a");
        gate.read("b");

        assertThat(gate.isHeld(InputGate.Reason.OUTPUT)).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(handled).containsExactly("a");

        // The client reads: the reply leaves, the channel is writable again and "b" is handled.
        channel.flush();
        assertThat(handled).containsExactly("a", "b");
        releaseOutbound();
    }

    @Test
    void ignoresWritabilityWhileAnotherReasonHolds() {
        open();
        gate.hold(InputGate.Reason.STREAMING);
        gate.read("a");
        gate.writabilityChanged();
        assertThat(handled).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void neverResumesOnceTheSessionHasEnded() {
        open();
        gate.hold(InputGate.Reason.ENDED);
        gate.hold(InputGate.Reason.DELAY);
        gate.read("a");
        gate.release(InputGate.Reason.DELAY);
        assertThat(handled).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void releasesWhatItDiscardsAndWhatItHandled() {
        open();
        ByteBuf handledBuffer = Unpooled.buffer(4).writeInt(1);
        gate.read(handledBuffer);
        assertThat(handledBuffer.refCnt()).isZero();

        gate.hold(InputGate.Reason.DELAY);
        ByteBuf queuedBuffer = Unpooled.buffer(4).writeInt(2);
        gate.read(queuedBuffer);
        assertThat(gate.discardQueued()).isEqualTo(1);
        assertThat(queuedBuffer.refCnt()).isZero();
    }

    @Test
    void closesTheConnectionWhenMoreThanTheBoundWaits() {
        open();
        gate.hold(InputGate.Reason.DELAY);
        for (int i = 0; i < InputGate.MAX_QUEUED; i++) {
            gate.read(i);
        }
        assertThat(channel.isOpen()).isTrue();

        gate.read("one too many");

        assertThat(channel.isOpen()).isFalse();
        assertThat(gate.queued()).isZero();
        assertThat(gate.isHeld(InputGate.Reason.ENDED)).isTrue();
    }

    private void releaseOutbound() {
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ((ByteBuf) out).release();
        }
    }
}
