package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.tenant.AuthDecision;

/** PASS after USER: the {@code auth} stage (mechanism {@code USER}), then the tenant's decision on the password. */
final class PassHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        String user = c.pendingUser();
        if (!c.mayLogIn() || user == null) {
            c.reply(Pop3Catalogue.INVALID_STATE);
            return;
        }
        String password = request.arguments().get(0);
        // Exchange goes back to "not authenticated" after a PASS, right or wrong: USER comes first again.
        c.pendingUser(null);
        c.apply(c.stage(Stage.AUTH, "PASS").mechanism("USER").user(user), () -> {
            AuthDecision decision = c.context().tenant().authenticateBasic(Protocol.POP3, user, password);
            if (decision instanceof AuthDecision.Refused refused) {
                // POP3 never says why: every reason has the same -ERR Logon failure.
                c.loginRefused(AuthRefusals.of(refused.reason()));
                return;
            }
            c.loggedIn((AuthDecision.Allowed) decision, "USER", Pop3Catalogue.LOGGED_ON);
        });
    }
}
