package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import java.util.List;
import java.util.Locale;

/** UID: runs FETCH, SEARCH, STORE, COPY, MOVE or EXPUNGE on UIDs instead of message numbers. */
final class UidHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(!args.isEmpty() && args.get(0) instanceof ImapArgument.Atom);
        ImapCommand sub = switch (args.get(0).stringValue().toUpperCase(Locale.ROOT)) {
            case "FETCH" -> ImapCommand.FETCH;
            case "SEARCH" -> ImapCommand.SEARCH;
            case "STORE" -> ImapCommand.STORE;
            case "COPY" -> ImapCommand.COPY;
            case "MOVE" -> ImapCommand.MOVE;
            case "EXPUNGE" -> ImapCommand.EXPUNGE;
            default -> null;
        };
        if (sub == null) {
            c.reply(request.tag(), ImapCatalogue.COMMAND_ERROR);
            return;
        }
        sub.handler().handle(c, sub, request);
    }
}
