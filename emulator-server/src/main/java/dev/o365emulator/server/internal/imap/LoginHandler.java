package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import java.util.List;

/** LOGIN: refused before STARTTLS on 143 (LOGINDISABLED), else the {@code auth} stage, then the tenant decides. */
final class LoginHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() == 2 && args.get(0).stringValue() != null && args.get(1).stringValue() != null);
        String tag = request.tag();
        if (!c.tls) {
            // LOGINDISABLED before STARTTLS on 143: Exchange answers with its wrong-state text.
            c.reply(tag, ImapCatalogue.INVALID_STATE);
            return;
        }
        String user = args.get(0).stringValue();
        String password = args.get(1).stringValue();
        c.apply(c.stage(Stage.AUTH, "LOGIN").mechanism("LOGIN").user(user), tag,
                () -> Logins.decided(c, tag, command, "LOGIN",
                        c.context.tenant().authenticateBasic(Protocol.IMAP, user, password)));
    }
}
