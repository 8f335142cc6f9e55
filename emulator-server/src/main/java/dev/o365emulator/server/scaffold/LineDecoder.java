package dev.o365emulator.server.scaffold;

import dev.o365emulator.codec.PipelinedInputDiscarder;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LineBasedFrameDecoder;

/** CRLF-delimited command lines for the scaffold sessions, with the STARTTLS discard hook. */
final class LineDecoder extends LineBasedFrameDecoder implements PipelinedInputDiscarder {

    static final int MAX_LINE_LENGTH = 8192;

    LineDecoder() {
        super(MAX_LINE_LENGTH, true, false);
    }

    @Override
    public int discardBufferedInput() {
        ByteBuf buffered = internalBuffer();
        int n = buffered.readableBytes();
        buffered.skipBytes(n);
        return n;
    }
}
