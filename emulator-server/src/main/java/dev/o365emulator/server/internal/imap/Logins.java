package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import java.util.Optional;

/** What LOGIN and AUTHENTICATE do once the tenant has decided about the credentials. */
final class Logins {

    private Logins() {
    }

    /**
     * Opens the mailbox of an allowed login (taking one of its IMAP connection slots), or refuses it
     * as Office 365 does for the reason the tenant gave.
     */
    static void decided(ImapConnection c, String tag, ImapCommand command, String mechanism, AuthDecision decision) {
        if (decision instanceof AuthDecision.Allowed allowed) {
            Optional<SlotLimiter.Slot> taken = c.context.tenant().imapConnections().tryAcquire(allowed.mailbox().address());
            if (taken.isEmpty()) {
                // Too many connections shows up as "authenticated but not connected".
                c.record.event("IMAP connection limit reached for " + allowed.mailbox().address());
                acceptButNotConnected(c, tag, command, allowed.user().address(), mechanism);
                return;
            }
            c.slot = taken.get();
            c.mailbox = allowed.mailbox();
            String address = c.mailbox.address();
            Optional<MailboxStore> open = c.context.store().opened(address);
            if (open.isPresent()) {
                loggedIn(c, tag, command, mechanism, allowed, open.get());
                return;
            }
            // A mailbox's first opening reads it from disk (a durable store): where the store's writes run.
            boolean started = c.write(tag, command, () -> c.context.store().open(address),
                    written -> loggedIn(c, tag, command, mechanism, allowed, written.result()));
            if (!started) {
                c.slot.close();
                c.slot = null;
                c.mailbox = null;
            }
            return;
        }
        AuthDecision.Reason reason = ((AuthDecision.Refused) decision).reason();
        if (AuthRefusals.imapAcceptsThenDisconnects(reason)) {
            acceptButNotConnected(c, tag, command, null, mechanism);
            return;
        }
        c.record.event("login refused: " + reason);
        c.reply(tag, AuthRefusals.of(reason).with(ReplyArgs.of("command", command.name())));
        if (reason == AuthDecision.Reason.BASIC_AUTH_DISABLED) {
            // The 2026 capture: the NO is followed by the sign-off and the connection ends.
            c.closeWith(ImapCatalogue.SIGN_OFF);
        }
    }

    private static void loggedIn(ImapConnection c, String tag, ImapCommand command, String mechanism,
            AuthDecision.Allowed allowed, MailboxStore folders) {
        c.folders = folders;
        c.state = ImapState.AUTHENTICATED;
        c.decoder.setMaxLiteralSize(c.mailbox.maxReceiveSize());
        c.record.authenticated(allowed.user().address(), mechanism);
        c.completed(tag, command);
    }

    /** Office 365's answer for a mailbox it cannot serve: OK to the login, BAD to what follows. */
    static void acceptButNotConnected(ImapConnection c, String tag, ImapCommand command, String user, String mechanism) {
        c.notConnected = true;
        c.state = ImapState.AUTHENTICATED;
        c.record.event("authenticated but not connected" + (user == null ? "" : ": " + user) + " with " + mechanism);
        c.completed(tag, command);
    }
}
