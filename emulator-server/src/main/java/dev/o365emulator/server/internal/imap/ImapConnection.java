package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapRequestDecoder;
import dev.o365emulator.codec.imap.ImapResponse;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.codec.imap.SequenceSet;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoreWriter;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one IMAP connection knows, shared by the session and its command handlers, and how they answer.
 *
 * <p>Connection scope: the RFC 3501 state, TLS, the login and the mailbox it opened (or Office 365's
 * "authenticated but not connected"), the token's expiry. Selected scope: the {@link SelectedMailbox},
 * gone on CLOSE, UNSELECT, a new SELECT or a failed one. A command waiting for more input: the line
 * AUTHENTICATE or IDLE expects ({@link #awaiting}), the APPEND literal being streamed, the FETCH being
 * written as the socket drains. Every reply written here is also written to the session's transcript.
 * Confined to the channel's event loop, except {@link #wakeUp}.
 */
final class ImapConnection {

    /** Who reads the next continuation line: AUTHENTICATE's SASL exchange, or IDLE waiting for DONE. */
    interface ContinuationReader {
        void read(ImapConnection connection, ImapContinuationLine line);
    }

    final EndpointContext context;
    final ChannelHandlerContext ctx;
    final ImapRequestDecoder decoder;
    final SessionRecord record;
    final FaultExecutor executor;

    ImapState state = ImapState.NOT_AUTHENTICATED;
    boolean tls;

    // Authenticated-state data.
    Mailbox mailbox;
    MailboxStore folders;
    SlotLimiter.Slot slot;
    /** Office 365's "authenticated but not connected": OK to the login, BAD to what follows, BYE after two. */
    boolean notConnected;
    int notConnectedStrikes;
    /** The expiry of the XOAUTH2 token this session logged in with, or null. */
    TokenExpiry tokenExpiry;
    /** From AUTHENTICATE until the next recognised command: an unknown line may be a SASL response. */
    boolean saslAftermath;

    // Selected-state data.
    SelectedMailbox selected;
    private final AtomicBoolean wakeUpScheduled = new AtomicBoolean();
    /** Folder-list changes of this session under way off the event loop ({@link #changeFolders}). */
    private int folderChanges;

    // A command waiting for more input.
    ContinuationReader awaiting;
    AppendHandler.StreamedAppend append;
    FetchHandler.Job fetch;

    ImapConnection(EndpointContext context, ChannelHandlerContext ctx, ImapRequestDecoder decoder, SessionRecord record,
            FaultExecutor executor, boolean tls) {
        this.context = context;
        this.ctx = ctx;
        this.decoder = decoder;
        this.record = record;
        this.executor = executor;
        this.tls = tls;
    }

    // ---------------------------------------------------------------- the fault plan's seams

    /** An event at {@code stage} for {@code command}, with the logged-in user; the caller adds what it knows. */
    StageEvent.Builder stage(Stage stage, String command) {
        return context.faults().event(ctx.channel(), stage).command(command).user(record.user().orElse(null));
    }

    /**
     * Reports the event and lets the executor carry out the decision: {@code proceed} is the command's
     * normal work; a rule's reply answers the command tagged {@code tag} instead.
     */
    void apply(StageEvent.Builder event, String tag, Runnable proceed) {
        FaultPlan faults = context.faults();
        executor.apply(faults.decide(ctx.channel(), event.build()), ImapReplyRenderer.forTag(tag), proceed);
    }

    // ---------------------------------------------------------------- replies

    /** A catalogue reply answering the command tagged {@code tag}. */
    void reply(String tag, Office365Reply reply) {
        reply(tag, reply, null);
    }

    /** A catalogue reply answering the command tagged {@code tag}, with a response code (null for none). */
    void reply(String tag, Office365Reply reply, String code) {
        ImapTaggedResponse response = ImapReplyRenderer.tagged(tag, reply, code);
        send(response, response.tag() + " " + response.status() + " "
                + (code == null ? "" : "[" + code + "] ") + response.text());
    }

    /** The tagged OK, preceded by what other sessions changed (RFC 3501 §7: updates may follow any command). */
    void completed(String tag, ImapCommand command) {
        // RFC 3501 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH, which would renumber messages.
        sendUpdates(command != ImapCommand.FETCH && command != ImapCommand.STORE && command != ImapCommand.SEARCH);
        reply(tag, ImapReplies.completed(command));
    }

    void failed(String tag, ImapCommand command) {
        reply(tag, ImapReplies.failed(command));
    }

    /** What a store write came to: its result, or the {@link FolderException} that refused it. */
    record Written<T>(T result, FolderException refused) {
    }

    /**
     * Runs a store write of {@code command} (APPEND, COPY, MOVE, STORE, EXPUNGE, CLOSE), then {@code done}
     * with what it came to, here on the event loop. A store whose writes block (Maildir, which forces them
     * to disk) is written on its {@link StoreWriter}, off the event loop; the session reads nothing more
     * until {@code done} has answered, so pipelined commands are answered after it, in order. When every
     * writer is busy and the queue full, the command is refused at once with {@code NO [UNAVAILABLE]}
     * (a transient failure, RFC 5530) and nothing is written. {@code done} does not run on a connection
     * that closed meanwhile: there is nobody to answer.
     *
     * @return false when the command was refused at once because the writers were full
     */
    <T> boolean write(String tag, ImapCommand command, Supplier<T> write, Consumer<Written<T>> done) {
        Supplier<Written<T>> guarded = () -> {
            try {
                return new Written<>(write.get(), null);
            } catch (FolderException refused) {
                return new Written<>(null, refused);
            }
        };
        StoreWriter writer = context.store().writer();
        if (writer == null) {
            done.accept(guarded.get());
        } else if (!executor.offload(writer, guarded, written -> {
            if (ctx.channel().isActive()) {
                done.accept(written);
            }
        })) {
            record.event(command + " refused: every store writer is busy and " + writer.queued() + " writes wait");
            reply(tag, ImapReplies.naming(ImapCatalogue.STORAGE_FAILED, command));
            return false;
        }
        return true;
    }

    /** {@code NO}, with the code that says why when the store had no room. */
    void refuseStore(String tag, ImapCommand command, FolderException.Reason reason) {
        switch (reason) {
            case QUOTA_EXCEEDED, STORAGE_FULL -> reply(tag, ImapReplies.naming(ImapCatalogue.OVER_QUOTA, command));
            case STORE_FULL -> reply(tag, ImapReplies.naming(ImapCatalogue.STORE_FULL, command));
            case STORAGE_FAILED -> reply(tag, ImapReplies.naming(ImapCatalogue.STORAGE_FAILED, command));
            default -> failed(tag, command);
        }
    }

    /** Protocol data ({@code * 3 EXISTS}); catalogue replies go through {@link #reply} or {@link #unsolicited}. */
    void untagged(String text) {
        send(ImapUntaggedResponse.of(text), "* " + text);
    }

    /** A catalogue reply nobody asked for: the greeting, SELECT's {@code * OK [UIDNEXT …]}, a {@code * BYE}. */
    void unsolicited(Office365Reply reply) {
        ImapUntaggedResponse response = ImapReplyRenderer.untagged(reply);
        send(response, response.toString());
    }

    void send(ImapResponse response, String transcript) {
        record.server(transcript);
        ctx.write(response);
    }

    /** Writes a response the transcript leaves out; the caller records what stands for it. */
    void write(ImapResponse response) {
        ctx.write(response);
    }

    /** Records a transcript line that is not protocol; nothing when {@code text} is null. */
    void event(String text) {
        if (text != null) {
            record.event(text);
        }
    }

    /** Says {@code * BYE} and ends the session: nothing the client sent afterwards is answered. */
    void closeWith(Office365Reply bye) {
        unsolicited(bye);
        deselect();
        state = ImapState.LOGOUT;
        executor.closing();
        Goodbye.closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
    }

    // ---------------------------------------------------------------- folders

    /** Changes the folder list (CREATE, RENAME, SUBSCRIBE…): OK, or NO when the store refuses. */
    void changeFolders(String tag, ImapCommand command, Runnable change) {
        changeFolders(tag, command, change, () -> { });
    }

    /**
     * Changes the folder list where the store's writes run (a Maildir store creates, moves and deletes
     * directories and forces them to disk), then runs {@code then} here on the event loop and answers OK,
     * or NO when the store refuses. While the change is under way, a deletion it causes does not end this
     * session ({@link #wakeUp} waits for {@code then}, which may deselect the folder); one that another
     * session made meanwhile ends it once this command is answered.
     */
    void changeFolders(String tag, ImapCommand command, Runnable change, Runnable then) {
        folderChanges++;
        boolean started = write(tag, command, () -> {
            change.run();
            return Boolean.TRUE;
        }, written -> {
            folderChanges--;
            if (written.refused() != null) {
                record.event(command + " failed: " + written.refused().getMessage());
                failed(tag, command);
            } else {
                then.run();
                completed(tag, command);
            }
            if (selected != null && selected.deleted()) {
                closeWith(ImapCatalogue.SELECTED_FOLDER_DELETED);
            }
        });
        if (!started) {
            folderChanges--;
        }
    }

    /** The folder with this (decoded) name, or empty if there is none or the name is invalid. */
    Optional<MailFolder> folder(String name) {
        try {
            return folders.folder(name);
        } catch (FolderException invalid) {
            return Optional.empty();
        }
    }

    /** The UIDs of the selected folder's messages in {@code set} (message numbers, or UIDs for a UID command). */
    List<Long> uids(SequenceSet set, boolean uid) {
        return uids(selected.resolve(set, uid));
    }

    /** The UIDs of the selected folder's messages with these numbers. */
    List<Long> uids(List<Integer> sequences) {
        List<Long> out = new ArrayList<>(sequences.size());
        for (int sequence : sequences) {
            out.add(selected.uid(sequence));
        }
        return out;
    }

    /** The handle as this session numbers it: another session's EXPUNGE may not have reached it yet. */
    static MessageHandle withSequence(MessageHandle handle, int sequence) {
        return handle.sequence() == sequence ? handle
                : new MessageHandle(sequence, handle.uid(), handle.flags(), handle.message());
    }

    /** Writes what other sessions changed in the selected folder (no EXPUNGE where it would renumber). */
    void sendUpdates(boolean allowExpunge) {
        if (selected == null) {
            return;
        }
        for (SelectedMailbox.Update update : selected.updates(allowExpunge)) {
            untagged(update.line());
        }
    }

    void deselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (state == ImapState.SELECTED) {
            state = ImapState.AUTHENTICATED;
        }
    }

    /** Called by the folder listener on any thread: hop to the event loop, at most one task pending. */
    void wakeUp() {
        if (wakeUpScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(() -> {
                wakeUpScheduled.set(false);
                if (selected != null && selected.deleted() && ctx.channel().isActive() && folderChanges == 0) {
                    // RFC 3501 §7.1.5: BYE may come at any time; the session has nothing left to work on.
                    closeWith(ImapCatalogue.SELECTED_FOLDER_DELETED);
                } else if (awaiting instanceof IdleHandler.Idling && selected != null && ctx.channel().isActive()) {
                    sendUpdates(true);
                    ctx.flush();
                }
            });
        }
    }
}
