package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.StoreWriter;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import io.netty.channel.ChannelFutureListener;
import java.util.List;

/** QUIT: in TRANSACTION, the UPDATE state applies the session's marks; then the sign-off and the close. */
final class QuitHandler implements Pop3CommandHandler {

    @Override
    public void handle(Pop3Connection c, Pop3Request request) {
        if (c.state() != Pop3State.TRANSACTION) {
            signOff(c);
            return;
        }
        c.update();
        StoreWriter writer = c.context().store().writer();
        if (writer == null) {
            update(c);
            signOff(c);
        } else if (!c.executor().offload(writer, () -> {
            update(c);
            return null;
        }, done -> signOff(c))) {
            // As when UPDATE fails: nothing is deleted or marked read, so nothing is lost; the client sees them again.
            c.record().event("UPDATE not applied: every store writer is busy and " + writer.queued() + " writes wait");
            signOff(c);
        }
    }

    /** The maildrop's lock goes, then the sign-off, then the connection. */
    private static void signOff(Pop3Connection c) {
        c.releaseLock();
        c.executor().closing();
        c.reply(Pop3Catalogue.SIGN_OFF).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * RFC 1939 UPDATE, on the store's writer when its writes block (Maildir forces its renames), off the
     * event loop: retrieved messages become read (as Exchange marks them) and deleted ones are
     * expunged through the store, so IMAP sessions on the mailbox see the EXPUNGE; unless the tenant
     * keeps a copy on the server, in which case DELE only hides them for this session.
     */
    private static void update(Pop3Connection c) {
        Pop3Maildrop maildrop = c.maildrop();
        SessionRecord record = c.record();
        MailFolder inbox = maildrop.folder();
        List<Long> deleted = maildrop.deletedUids();
        try {
            List<Long> read = maildrop.retrievedUids();
            if (!read.isEmpty()) {
                inbox.storeFlags(read, MailFolder.FlagOperation.ADD, Flags.SEEN);
            }
            if (!deleted.isEmpty()
                    && c.context().tenant().settings().popDeleteBehaviour() == PopDeleteBehaviour.DELETE) {
                inbox.storeFlags(deleted, MailFolder.FlagOperation.ADD, Flags.of("\\Deleted"));
                List<Long> removed = inbox.expunge(deleted);
                record.event("UPDATE: " + removed.size() + " message(s) deleted from the Inbox");
            } else if (!deleted.isEmpty()) {
                record.event("UPDATE: " + deleted.size() + " message(s) kept on the server (leave a copy)");
            }
        } catch (FolderException e) {
            record.event("UPDATE failed: " + e.getMessage());
        }
    }
}
