package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapStreamedRequest;
import io.netty.buffer.ByteBufHolder;
import java.util.List;

/** The approximate bytes a decoded message waiting in a session's queue holds, to bound the queue by size. */
final class QueuedSize {

    /** What any queued message costs besides its text and literals: the objects around them. */
    private static final int OVERHEAD = 64;

    private QueuedSize() {
    }

    static long of(Object msg) {
        if (msg instanceof ByteBufHolder holder) {
            return OVERHEAD + holder.content().readableBytes();
        }
        if (msg instanceof ImapRequest request && request.decoderResult().isSuccess()) {
            return OVERHEAD + request.tag().length() + request.command().length() + of(request.arguments());
        }
        if (msg instanceof ImapStreamedRequest streamed) {
            return OVERHEAD + streamed.tag().length() + of(streamed.arguments());
        }
        return OVERHEAD;
    }

    private static long of(List<ImapArgument> arguments) {
        long size = 0;
        for (ImapArgument argument : arguments) {
            if (argument instanceof ImapArgument.Atom atom) {
                size += atom.value().length();
            } else if (argument instanceof ImapArgument.QuotedString quoted) {
                size += quoted.value().length();
            } else if (argument instanceof ImapArgument.Literal literal) {
                size += literal.bytes().length;
            } else if (argument instanceof ImapArgument.ListArgument list) {
                size += of(list.elements());
            } else {
                size += 4;
            }
        }
        return size;
    }
}
