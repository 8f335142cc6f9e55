package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import java.util.List;

/**
 * ID (RFC 2971). No capture shows Office 365's {@code * ID} reply. {@code * ID NIL} is what RFC 2971
 * allows a server that discloses nothing to send, and Exchange's front end discloses nothing elsewhere
 * either (no version in the greeting), so it is the most plausible answer.
 */
final class IdHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() == 1 && (args.get(0) == ImapArgument.Nil.NIL || args.get(0) instanceof ImapArgument.ListArgument));
        c.untagged("ID NIL");
        c.completed(request.tag(), command);
    }
}
