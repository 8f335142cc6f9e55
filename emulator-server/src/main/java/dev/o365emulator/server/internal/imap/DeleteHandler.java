package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapRequest;
import java.util.Locale;

/**
 * DELETE: a folder, its sub-folders and their messages, whoever has them selected.
 *
 * <p>Exchange cannot refuse to delete a folder an IMAP session has open (Outlook and OWA delete it
 * regardless), so neither path refuses: this session, when it deletes its own selected folder, is left
 * authenticated with nothing selected (as Dovecot does); another session with the folder selected is
 * ended with {@code * BYE} as soon as it learns of the deletion (see {@link ImapConnection#wakeUp}).
 */
final class DeleteHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        String name = ImapArguments.onlyMailbox(request);
        c.changeFolders(request.tag(), command, () -> c.folders.delete(name), () -> {
            if (c.selected != null && (c.selected.deleted() || within(c.selected.folder().name(), name))) {
                // The wake-up waits for this, so this session is not ended for its own deletion.
                c.deselect();
            }
        });
    }

    /** Whether the folder is the deleted one or below it (names compare as the store does, ignoring case). */
    private static boolean within(String folder, String deleted) {
        String f = folder.toLowerCase(Locale.ROOT);
        String d = deleted.toLowerCase(Locale.ROOT);
        return f.equals(d) || f.startsWith(d + "/");
    }
}
