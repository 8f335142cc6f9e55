package dev.o365emulator.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapRequestDecoder;
import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.pop3.Pop3Command;
import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Arbitrary bytes, in arbitrary chunks, into each request decoder — with the mode switches a
 * session makes (DATA, SASL lines, IMAP continuation lines) chosen by the fuzzer too. A decoder
 * must never throw, must release what it emits (paranoid leak detection watches), and must not
 * hold more undecoded input than its limits allow.
 *
 * <p>Every build runs the seed inputs beside this class ({@code DecoderFuzzTestInputs/}); to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn -pl protocol-codecs test -Dtest=DecoderFuzzTest}, one method at a
 * time, with {@code maxDuration} bounding each run.
 */
class DecoderFuzzTest {

    /** Undecoded input a decoder may keep between reads: its longest line plus one read's slack. */
    private static final int MAX_HELD = 64 * 1024;
    private static final int MAX_CHUNK = 4096;

    /** Stands in for a protocol session: reacts to each message as it is decoded, then releases it. */
    private static final class Session extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final java.util.function.Consumer<Object> react;

        Session(java.util.function.Consumer<Object> react) {
            this.react = react;
        }

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            try {
                react.accept(msg);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void smtpRequestDecoder(FuzzedDataProvider data) {
        SmtpRequestDecoder decoder = new SmtpRequestDecoder();
        // Like a session, switch modes from channelRead, before the decoder reads on.
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new Session(msg -> {
            if (msg instanceof SmtpRequest request && request.decoderResult().isSuccess()) {
                if (request.command().equals(SmtpCommand.DATA) && data.consumeBoolean()) {
                    decoder.startData();
                } else if (request.command().equals(SmtpCommand.AUTH) && data.consumeBoolean()) {
                    decoder.expectSaslResponse();
                }
            }
        }));
        try {
            while (data.remainingBytes() > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(1, MAX_CHUNK))));
            }
            assertThat(decoder.discardBufferedInput()).isLessThanOrEqualTo(MAX_HELD);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void imapRequestDecoder(FuzzedDataProvider data) {
        ImapRequestDecoder decoder = new ImapRequestDecoder();
        // The decoder writes literal continuations itself, through the encoder in front of it.
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder(), decoder, new Session(msg -> {
            if ((msg instanceof ImapRequest || msg instanceof ImapContinuationLine) && data.consumeBoolean()) {
                decoder.expectContinuationLine();
            }
        }));
        try {
            if (data.consumeBoolean()) {
                decoder.setMaxLiteralSize(ImapRequestDecoder.DEFAULT_MAX_LITERAL_SIZE_AUTHENTICATED);
            }
            while (data.remainingBytes() > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(1, MAX_CHUNK))));
                for (Object out; (out = channel.readOutbound()) != null; ) {
                    ReferenceCountUtil.release(out);
                }
            }
            assertThat(decoder.discardBufferedInput()).isLessThanOrEqualTo(MAX_HELD);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void pop3RequestDecoder(FuzzedDataProvider data) {
        Pop3RequestDecoder decoder = new Pop3RequestDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new Session(msg -> {
            if (msg instanceof Pop3Request request && request.command().equals(Pop3Command.AUTH)
                    && data.consumeBoolean()) {
                decoder.expectSaslResponse();
            }
        }));
        try {
            while (data.remainingBytes() > 0) {
                channel.writeInbound(Unpooled.wrappedBuffer(data.consumeBytes(data.consumeInt(1, MAX_CHUNK))));
            }
            assertThat(decoder.discardBufferedInput()).isLessThanOrEqualTo(MAX_HELD);
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
