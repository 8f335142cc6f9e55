package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The Inbox as one POP3 session sees it: the messages present at login, numbered from 1, with the
 * session's deletion and read marks.
 *
 * <p>RFC 1939 fixes the message numbers for the whole session, so messages delivered later are not
 * shown and messages another client expunges stay readable (the stored bytes are immutable).
 * Event-loop confined: only its session touches it.
 */
final class Pop3Maildrop {

    private final MailFolder folder;
    private final long uidValidity;
    private final List<MessageHandle> messages;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();

    private Pop3Maildrop(MailFolder folder, FolderSnapshot snapshot) {
        this.folder = folder;
        this.uidValidity = snapshot.uidValidity();
        this.messages = snapshot.messages();
    }

    static Pop3Maildrop of(MailFolder inbox) {
        return new Pop3Maildrop(inbox, inbox.snapshot());
    }

    MailFolder folder() {
        return folder;
    }

    /** How many messages the session started with, deleted ones included. */
    int size() {
        return messages.size();
    }

    /** The message numbered {@code n} (from 1), or null past the end. */
    StoredMessage message(int n) {
        return n >= 1 && n <= messages.size() ? messages.get(n - 1).message() : null;
    }

    /** Why message {@code n} cannot be read or marked: past the end, or marked deleted; null if it can. */
    Office365Reply refusal(int n) {
        if (message(n) == null) {
            return Pop3Catalogue.OUT_OF_RANGE;
        }
        return isDeleted(n) ? Pop3Catalogue.NO_LONGER_AVAILABLE : null;
    }

    boolean isDeleted(int n) {
        return deleted.get(n - 1);
    }

    void markDeleted(int n) {
        deleted.set(n - 1);
    }

    void markRetrieved(int n) {
        retrieved.set(n - 1);
    }

    /** RSET: Exchange clears the read marks too, so nothing of the session is applied at QUIT. */
    void reset() {
        deleted.clear();
        retrieved.clear();
    }

    int visibleCount() {
        return messages.size() - deleted.cardinality();
    }

    /** STAT's answer, also the status line of a whole-maildrop LIST: count and octets of what is not marked deleted. */
    Office365Reply dropListing() {
        return Pop3Catalogue.DROP_LISTING.with(ReplyArgs.of("count", Integer.toString(visibleCount()),
                "octets", Long.toString(visibleOctets())));
    }

    long visibleOctets() {
        long total = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.get(i)) {
                total += messages.get(i).message().size();
            }
        }
        return total;
    }

    /**
     * The unique-id of message {@code n}: the folder's UIDVALIDITY and the message's UID in hex, so it
     * is the same in every session for as long as the message stays in the Inbox, and never reused
     * (RFC 1939 §7). Exchange's own ids are opaque base64 strings; clients only compare them.
     */
    String uniqueId(int n) {
        return String.format(Locale.ROOT, "%08X%08X", uidValidity, messages.get(n - 1).uid());
    }

    List<Long> deletedUids() {
        return uids(deleted);
    }

    List<Long> retrievedUids() {
        return uids(retrieved);
    }

    private List<Long> uids(BitSet marks) {
        List<Long> uids = new ArrayList<>(marks.cardinality());
        for (int i = marks.nextSetBit(0); i >= 0; i = marks.nextSetBit(i + 1)) {
            uids.add(messages.get(i).uid());
        }
        return uids;
    }
}
