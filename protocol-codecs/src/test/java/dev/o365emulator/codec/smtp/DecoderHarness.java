package dev.o365emulator.codec.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SmtpRequestDecoder} in an {@link EmbeddedChannel} behind a minimal session that
 * does what a real one does (starts DATA, expects SASL lines, discards on STARTTLS) and records
 * what it saw as readable events, content chunks merged, so different splits compare equal.
 */
final class DecoderHarness extends ChannelInboundHandlerAdapter {

    final SmtpRequestDecoder decoder;
    final EmbeddedChannel channel;
    final List<String> events = new ArrayList<>();
    int largestChunk;
    long dataLimit = -1;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    DecoderHarness(SmtpRequestDecoder decoder) {
        this.decoder = decoder;
        this.channel = new EmbeddedChannel(decoder, this);
    }

    DecoderHarness() {
        this(new SmtpRequestDecoder());
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    DecoderHarness write(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        return this;
    }

    DecoderHarness write(String text) {
        return write(ascii(text));
    }

    /** Closes the channel, asserts nothing is left over, and returns the events. */
    List<String> finish() {
        assertThat(channel.finishAndReleaseAll()).as("messages left unconsumed in the channel").isFalse();
        return events;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof SmtpRequest request) {
                onRequest(request);
            } else if (msg instanceof SmtpSaslResponse response) {
                events.add(response.decoderResult().isFailure()
                        ? "SASL-BAD " + response.decoderResult().cause().getClass().getSimpleName()
                        : "SASL " + response.line());
            } else if (msg instanceof LastSmtpContent last) {
                flushContent();
                events.add((last.tooLarge() ? "END-TOO-LARGE " : "END ") + last.messageSize());
            } else if (msg instanceof SmtpContent content) {
                ByteBuf buf = content.content();
                largestChunk = Math.max(largestChunk, buf.readableBytes());
                byte[] bytes = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), bytes);
                pending.writeBytes(bytes);
            } else if (msg instanceof SmtpChunkEnd end) {
                flushContent();
                events.add("CHUNK-END " + end.chunkSize() + " " + end.messageSize() + (end.tooLarge() ? " tooLarge" : ""));
            } else {
                events.add("UNEXPECTED " + msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(SmtpRequest request) {
        if (request.decoderResult().isFailure()) {
            events.add("BAD " + request.command() + " " + request.decoderResult().cause().getClass().getSimpleName());
            return;
        }
        events.add("CMD " + request.command() + (request.argument().isEmpty() ? "" : " " + request.argument()));
        if (request.command().equals(SmtpCommand.DATA)) {
            if (dataLimit < 0) {
                decoder.startData();
            } else {
                decoder.startData(dataLimit);
            }
        } else if (request.command().equals(SmtpCommand.STARTTLS)) {
            events.add("DISCARDED " + decoder.discardBufferedInput());
        } else if (request.command().equals(SmtpCommand.AUTH) && request.parameters().size() == 1) {
            decoder.expectSaslResponse();
        }
    }

    private void flushContent() {
        events.add("DATA " + new String(pending.toByteArray(), StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
        pending.reset();
    }
}
