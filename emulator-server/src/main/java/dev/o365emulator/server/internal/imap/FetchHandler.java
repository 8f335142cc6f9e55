package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.codec.imap.ImapCommandArguments;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoreWriter;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FETCH and UID FETCH, written as the socket drains: never more than the channel's write buffer ahead
 * of the client. While a FETCH waits for the client to read, the session holds the executor
 * ({@link FaultExecutor.Hold#SESSION}), so what the client pipelines meanwhile waits its turn. The
 * transcript keeps the first responses and the last ({@link FetchTranscript}).
 */
final class FetchHandler implements ImapCommandHandler {

    /** Messages rendered between flushes of a streaming FETCH. */
    private static final int BATCH = 64;

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        ImapCommandArguments.Fetch fetch = ImapArguments.typed(request, ImapCommandArguments.Fetch.class);
        boolean uid = ImapArguments.uid(request);
        SelectedMailbox selected = c.selected;
        List<Integer> sequences = selected.resolve(fetch.set(), uid);
        List<FetchAttribute> attributes = fetch.attributes();
        if (sequences.size() >= FindingKinds.FETCH_ALL_BODIES_MESSAGES && asksWholeBodies(attributes)) {
            FindingKinds.FETCH_ALL_BODIES.report(c.record);
        }
        if (FetchRenderer.setsSeen(attributes) && !selected.readOnly() && !sequences.isEmpty()) {
            Set<Long> unseen = new HashSet<>();
            for (int sequence : sequences) {
                if (!selected.flags(sequence).contains(Flags.SystemFlag.SEEN)) {
                    unseen.add(selected.uid(sequence));
                }
            }
            List<Long> uids = c.uids(sequences);
            // Setting \Seen is a store write (Maildir renames the files and forces the directory): it runs
            // where the store's writes run, and the FETCH is written once it is done.
            c.write(request.tag(), command,
                    () -> selected.folder().storeFlags(uids, MailFolder.FlagOperation.ADD, Flags.SEEN), written -> {
                        Set<Long> seenNow = Set.of();
                        if (written.refused() != null) {
                            c.record.event("FETCH on a deleted folder");
                        } else {
                            // RFC 3501 §6.4.5: the FETCH itself tells the client the flags it changed.
                            unseen.retainAll(written.result().keySet());
                            seenNow = unseen;
                            Map<Long, Flags> reported = new HashMap<>(written.result());
                            if (!attributes.contains(FetchAttribute.Simple.FLAGS)) {
                                reported.keySet().retainAll(seenNow);
                            }
                            selected.flagsReported(reported);
                        }
                        start(c, new Job(request.tag(), sequences, attributes, uid, selected.folder().snapshot(),
                                seenNow));
                    });
            return;
        }
        start(c, new Job(request.tag(), sequences, attributes, uid, selected.folder().snapshot(), Set.of()));
    }

    private static void start(ImapConnection c, Job job) {
        c.fetch = job;
        if (!write(c)) {
            // Held only once the FETCH has to wait: most are written at once, and reading need not pause.
            c.executor.hold(FaultExecutor.Hold.SESSION);
        }
    }

    /** Whether the FETCH asks for whole messages or whole texts, not headers, structure or a partial range. */
    private static boolean asksWholeBodies(List<FetchAttribute> attributes) {
        for (FetchAttribute attribute : attributes) {
            if (attribute == FetchAttribute.Simple.RFC822 || attribute == FetchAttribute.Simple.RFC822_TEXT
                    || attribute instanceof FetchAttribute.BodySection section && section.part().isEmpty()
                    && section.partial() == null && (section.text() == FetchAttribute.SectionText.WHOLE
                            || section.text() == FetchAttribute.SectionText.TEXT)) {
                return true;
            }
        }
        return false;
    }

    /** The client has read enough, or a batch of message files has been read: the FETCH goes on from where it stopped. */
    static void resume(ImapConnection c) {
        if (c.fetch.writing || c.fetch.loading) {
            // Or the files the loop stopped for are still being read: it goes on when they are.
            // Told from inside the write loop's own flush, which found the channel writable again: the loop goes on.
            return;
        }
        if (write(c)) {
            c.executor.release(FaultExecutor.Hold.SESSION);
        }
    }

    /** The FETCH ends unfinished (the connection closed or is being logged out): its transcript says what was left out. */
    static void abandon(ImapConnection c) {
        if (c.fetch != null) {
            c.event(c.fetch.transcript.takeElision());
            c.fetch = null;
        }
    }

    /** Writes while the channel takes more; whether the FETCH is done (answered). */
    private static boolean write(ImapConnection c) {
        Job job = c.fetch;
        SelectedMailbox selected = c.selected;
        int sinceFlush = 0;
        job.writing = true;
        try {
            while (job.next < job.sequences.size()) {
                if (!c.ctx.channel().isWritable()) {
                    c.ctx.flush();
                    // A flush the socket took at once makes the channel writable again, and Netty may say so
                    // from inside the flush: the loop goes on. Otherwise channelWritabilityChanged resumes it.
                    if (!c.ctx.channel().isWritable()) {
                        return false;
                    }
                }
                int sequence = job.sequences.get(job.next);
                Optional<MessageHandle> handle = job.snapshot.byUid(selected.uid(sequence));
                if (handle.isEmpty()) {
                    job.next++;
                    continue; // expunged by another session; the EXPUNGE is reported after the command
                }
                MessageHandle message = handle.get();
                StoredMessage loaded = job.loaded.isEmpty() ? null : job.loaded.remove(message.uid());
                if (loaded != null) {
                    message = new MessageHandle(message.sequence(), message.uid(), message.flags(), loaded);
                } else if (job.next >= job.loadedUntil && FetchLoads.wouldRead(job.need, message) && load(c, job)) {
                    c.ctx.flush();
                    return false;
                }
                job.next++;
                ImapUntaggedResponse response;
                try {
                    response = FetchRenderer.render(sequence, ImapConnection.withSequence(message, sequence),
                            job.seenNow.contains(message.uid()) ? job.withFlags : job.attributes, job.uid);
                } catch (RuntimeException e) {
                    c.event(job.transcript.takeElision());
                    c.record.event("FETCH rendering failed: " + e.getMessage());
                    c.fetch = null;
                    c.reply(job.tag, ImapCatalogue.ARGUMENT_ERROR);
                    c.ctx.flush();
                    return true;
                }
                if (job.transcript.records(job.next == job.sequences.size())) {
                    c.event(job.transcript.takeElision());
                    c.send(response, response.toString());
                } else {
                    job.transcript.omit(response);
                    c.write(response);
                }
                if (++sinceFlush == BATCH) {
                    c.ctx.flush();
                    sinceFlush = 0;
                }
            }
            c.fetch = null;
            c.event(job.transcript.takeElision());
            c.completed(job.tag, ImapCommand.FETCH);
            c.ctx.flush();
            return true;
        } finally {
            job.writing = false;
        }
    }

    /**
     * Has the files of the next messages the FETCH renders read on a store writer (at most
     * {@link FetchLoads#MAX_MESSAGES}, and {@link FetchLoads#MAX_BYTES} unless one message is larger); the
     * FETCH goes on when they are. When there is no writer to read them, or every writer is busy and its
     * queue full, the loop reads them itself, as a store without writers does.
     *
     * @return whether the files are being read elsewhere (the loop stops)
     */
    private static boolean load(ImapConnection c, Job job) {
        StoreWriter writer = c.context.store().writer();
        if (writer == null) {
            return false;
        }
        List<MessageHandle> batch = new ArrayList<>();
        long bytes = 0;
        int i = job.next;
        for (; i < job.sequences.size() && batch.size() < FetchLoads.MAX_MESSAGES && bytes < FetchLoads.MAX_BYTES; i++) {
            Optional<MessageHandle> handle = job.snapshot.byUid(c.selected.uid(job.sequences.get(i)));
            if (handle.isPresent() && FetchLoads.wouldRead(job.need, handle.get())) {
                batch.add(handle.get());
                bytes += handle.get().message().size();
            }
        }
        // Past this index the loop asks again; before it, a message the batch could not read is read by the
        // render itself, which reports why (a batch is never asked for twice).
        job.loadedUntil = i;
        job.loading = true;
        boolean offloaded = c.executor.offload(writer, () -> FetchLoads.load(batch, job.need), loaded -> {
            job.loading = false;
            job.loaded = loaded;
            if (c.fetch == job && c.ctx.channel().isActive()) {
                resume(c);
            }
        });
        if (!offloaded) {
            job.loading = false;
        }
        return offloaded;
    }

    /** A FETCH being written as the socket drains. */
    static final class Job {
        private final String tag;
        private final List<Integer> sequences;
        private final List<FetchAttribute> attributes;
        private final boolean uid;
        private final FolderSnapshot snapshot;
        /** The UIDs whose {@code \Seen} this FETCH set, and the attributes they are answered with. */
        private final Set<Long> seenNow;
        private final List<FetchAttribute> withFlags;
        private final FetchTranscript transcript = new FetchTranscript();
        private final FetchLoads.Need need;
        private int next;
        /** The messages the last batch read, by UID, until rendered; and the index the batch looked up to. */
        private Map<Long, StoredMessage> loaded = Map.of();
        private int loadedUntil;
        /** A batch of message files is being read: the loop waits for it, whatever the socket says. */
        private boolean loading;
        /** Inside {@link #write}: a writability change reported from its flush must not start a second loop. */
        private boolean writing;

        Job(String tag, List<Integer> sequences, List<FetchAttribute> attributes, boolean uid, FolderSnapshot snapshot,
                Set<Long> seenNow) {
            this.tag = tag;
            this.sequences = sequences;
            this.attributes = attributes;
            this.uid = uid;
            this.snapshot = snapshot;
            this.seenNow = seenNow;
            this.need = FetchLoads.need(attributes);
            if (seenNow.isEmpty() || attributes.contains(FetchAttribute.Simple.FLAGS)) {
                this.withFlags = attributes;
            } else {
                List<FetchAttribute> more = new ArrayList<>(attributes);
                more.add(FetchAttribute.Simple.FLAGS);
                this.withFlags = List.copyOf(more);
            }
        }
    }
}
