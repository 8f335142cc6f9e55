package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapRequest;

/** CAPABILITY: what Office 365 lists in plain text on 143, before login, and after it. */
final class CapabilityHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        require(request.arguments().isEmpty());
        String list = !c.tls ? ImapReplies.CAPABILITY_PLAIN
                : c.state == ImapState.NOT_AUTHENTICATED ? ImapReplies.CAPABILITY_PRE_AUTH
                : ImapReplies.CAPABILITY_POST_AUTH;
        c.untagged(list);
        c.completed(request.tag(), command);
    }
}
