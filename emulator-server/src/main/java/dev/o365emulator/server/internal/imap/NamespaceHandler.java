package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;

/** NAMESPACE (RFC 2342): one personal namespace, the root, delimited by {@code /}. */
final class NamespaceHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        c.untagged(ImapReplies.NAMESPACE);
        c.completed(request.tag(), command);
    }
}
