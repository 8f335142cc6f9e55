package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.SequenceSet;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderListener;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One session's view of its selected folder: the message sequence numbers and flags it has told the
 * client about, kept apart from the folder's live state until updates are reported.
 *
 * <p>The folder's listener only marks the view dirty and wakes the session (on any thread); the view
 * itself is touched only on the session's event loop. Updates are found by comparing the view with
 * a fresh snapshot, so a burst of changes by other sessions costs one pass and no queue that could
 * grow without bound.
 */
final class SelectedMailbox implements FolderListener {

    /** One unsolicited update line, without the leading {@code "* "}. */
    record Update(String line, boolean expunge) {
    }

    private final MailFolder folder;
    private final boolean readOnly;
    private final Runnable wakeUp;
    private volatile boolean dirty;
    private volatile boolean deleted;
    /**
     * The keywords the client was told of in FLAGS, beyond the ones every folder lists; made on the first
     * one, as most folders have none.
     */
    private Set<String> keywords = Collections.emptySet();
    private boolean withheldExpunges;
    private long[] uids;
    private Flags[] flags;
    private int size;

    private SelectedMailbox(MailFolder folder, boolean readOnly, Runnable wakeUp) {
        this.folder = folder;
        this.readOnly = readOnly;
        this.wakeUp = wakeUp;
    }

    /** Subscribes to the folder and starts from the snapshot taken atomically with the subscription. */
    static SelectedMailbox open(MailFolder folder, boolean readOnly, Runnable wakeUp) {
        SelectedMailbox view = new SelectedMailbox(folder, readOnly, wakeUp);
        FolderSnapshot snapshot = folder.subscribe(view);
        List<MessageHandle> messages = snapshot.messages();
        // Exactly as large as the folder: updates() makes new arrays, and an idle session keeps these.
        view.uids = new long[messages.size()];
        view.flags = new Flags[view.uids.length];
        for (MessageHandle m : messages) {
            view.uids[view.size] = m.uid();
            view.flags[view.size++] = m.flags();
            view.learnKeywords(m.flags());
        }
        return view;
    }

    void close() {
        folder.unsubscribe(this);
    }

    MailFolder folder() {
        return folder;
    }

    boolean readOnly() {
        return readOnly;
    }

    int exists() {
        return size;
    }

    long uid(int sequence) {
        return uids[sequence - 1];
    }

    /** The flags the client was last told of for this message. */
    Flags flags(int sequence) {
        return flags[sequence - 1];
    }

    long maxUid() {
        return size == 0 ? 0 : uids[size - 1];
    }

    int unseen() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += flags[i].contains(Flags.SystemFlag.SEEN) ? 0 : 1;
        }
        return n;
    }

    /** The sequence number of the first message without {@code \Seen}, or 0 when every one has it. */
    int firstUnseen() {
        for (int i = 0; i < size; i++) {
            if (!flags[i].contains(Flags.SystemFlag.SEEN)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The keywords FLAGS has named so far, beyond {@link dev.o365emulator.server.internal.reply.ImapCatalogue#FLAGS}. */
    Set<String> keywords() {
        return keywords;
    }

    /** Remembers keywords FLAGS has not named yet; whether there were any (a new FLAGS line is due). */
    boolean learnKeywords(Flags messageFlags) {
        boolean learnt = false;
        for (String keyword : messageFlags.keywords()) {
            if (!ImapReplies.isListedFlag(keyword) && !keywords.contains(keyword)) {
                if (keywords.isEmpty()) {
                    keywords = new TreeSet<>();
                }
                keywords.add(keyword);
                learnt = true;
            }
        }
        return learnt;
    }

    /** Whether the folder was deleted (by this session or another) since it was selected. */
    boolean deleted() {
        return deleted;
    }

    /** The 1-based sequence number of the UID in this view, or 0. */
    int sequenceOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, size, uid);
        return i < 0 ? 0 : i + 1;
    }

    /** The sequence numbers of this view the set names, ascending; {@code uid} reads the set as UIDs. */
    List<Integer> resolve(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        long max = uid ? maxUid() : size;
        for (int i = 0; i < size; i++) {
            if (set.contains(uid ? uids[i] : i + 1, max)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** Records flags the session has just reported itself, so they are not reported again. */
    void flagsReported(Map<Long, Flags> byUid) {
        for (Map.Entry<Long, Flags> e : byUid.entrySet()) {
            int seq = sequenceOf(e.getKey());
            if (seq > 0) {
                flags[seq - 1] = e.getValue();
            }
        }
    }

    /** Removes UIDs the session reports as expunged itself; returns the sequence numbers to announce, in order. */
    List<Integer> expungedBySession(List<Long> removed) {
        List<Integer> out = new ArrayList<>(removed.size());
        for (long uid : removed) {
            int seq = sequenceOf(uid);
            if (seq > 0) {
                System.arraycopy(uids, seq, uids, seq - 1, size - seq);
                System.arraycopy(flags, seq, flags, seq - 1, size - seq);
                size--;
                out.add(seq);
            }
        }
        return out;
    }

    /**
     * What other sessions changed since the client was last told, as untagged lines: EXPUNGEs first
     * (only when {@code allowExpunge}, RFC 3501 §7.4.1 forbids them during FETCH, STORE and SEARCH),
     * then FETCH FLAGS, then EXISTS. The view is updated to match what the lines tell the client.
     */
    List<Update> updates(boolean allowExpunge) {
        if (!dirty && !(allowExpunge && withheldExpunges)) {
            return List.of();
        }
        dirty = false;
        withheldExpunges = false;
        List<MessageHandle> live = folder.snapshot().messages();
        List<Update> expunges = new ArrayList<>();
        List<Update> changes = new ArrayList<>();
        boolean learnt = false;
        long[] newUids = new long[size + live.size()];
        Flags[] newFlags = new Flags[newUids.length];
        int n = 0;
        int removed = 0;
        int j = 0;
        for (int i = 0; i < size; i++) {
            long uid = uids[i];
            while (j < live.size() && live.get(j).uid() < uid) {
                j++;
            }
            if (j < live.size() && live.get(j).uid() == uid) {
                Flags now = live.get(j).flags();
                if (!now.equals(flags[i])) {
                    learnt |= learnKeywords(now);
                    changes.add(new Update((n + 1) + " FETCH (FLAGS (" + now.joined() + "))", false));
                }
                newUids[n] = uid;
                newFlags[n++] = now;
            } else if (allowExpunge) {
                // Each EXPUNGE renumbers the later messages, so the number sent is the current one.
                expunges.add(new Update((i + 1 - removed) + " EXPUNGE", true));
                removed++;
            } else {
                withheldExpunges = true;
                newUids[n] = uid;
                newFlags[n++] = flags[i];
            }
        }
        long max = size == 0 ? 0 : uids[size - 1];
        int before = n;
        for (MessageHandle m : live) {
            if (m.uid() > max) {
                learnt |= learnKeywords(m.flags());
                newUids[n] = m.uid();
                newFlags[n++] = m.flags();
            }
        }
        boolean grew = n != before;
        uids = n == newUids.length ? newUids : Arrays.copyOf(newUids, n);
        flags = n == newFlags.length ? newFlags : Arrays.copyOf(newFlags, n);
        size = n;
        List<Update> out = new ArrayList<>(expunges);
        if (learnt) {
            // RFC 3501 §7.2.6: the client hears of a new keyword before a FETCH uses it.
            out.add(new Update(ImapReplies.flags(keywords), false));
        }
        out.addAll(changes);
        if (grew || (!expunges.isEmpty())) {
            out.add(new Update(size + " EXISTS", false));
        }
        return out;
    }

    private void changed() {
        dirty = true;
        wakeUp.run();
    }

    @Override
    public void messageAdded(MailFolder f, MessageHandle message) {
        changed();
    }

    @Override
    public void flagsChanged(MailFolder f, long uid, Flags newFlags) {
        changed();
    }

    @Override
    public void messagesExpunged(MailFolder f, List<Long> removedUids) {
        changed();
    }

    @Override
    public void folderDeleted(MailFolder f) {
        deleted = true;
        changed();
    }
}
