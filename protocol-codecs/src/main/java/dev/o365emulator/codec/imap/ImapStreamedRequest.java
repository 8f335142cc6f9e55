package dev.o365emulator.codec.imap;

import java.util.List;

/**
 * The start of a command whose literal is too large to aggregate (typically APPEND's message).
 *
 * <p>The decoder emits this, then {@link ImapLiteralContent} chunks totalling
 * {@link #literalSize()} bytes (the last one flagged), then one {@link ImapRequestTrailer} with
 * the arguments that followed the literal on the command line. Only one literal per command
 * streams; it must be at the top level (not inside a list).
 *
 * @param arguments the arguments before the literal
 * @param nonSynchronizing whether the client used {@code {n+}} (LITERAL+)
 */
public record ImapStreamedRequest(String tag, String command, List<ImapArgument> arguments,
                                  long literalSize, boolean nonSynchronizing) {

    public ImapStreamedRequest {
        arguments = List.copyOf(arguments);
    }
}
