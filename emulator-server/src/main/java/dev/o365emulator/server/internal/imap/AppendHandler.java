package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapLiteralContent;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapRequestTrailer;
import dev.o365emulator.codec.imap.ImapStreamedRequest;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * APPEND, with its message in the command (a small literal) or streamed in chunks (a large one). A
 * streamed message the mailbox's quota or the store's budget has no room for is refused after its
 * literal, but never held; a stored one is answered with its {@code APPENDUID} (RFC 4315).
 */
final class AppendHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() >= 2 && args.get(args.size() - 1) instanceof ImapArgument.Literal);
        byte[] message = ((ImapArgument.Literal) args.get(args.size() - 1)).bytes();
        append(c, request.tag(), args.subList(0, args.size() - 1), message);
    }

    /** A command whose literal streams: its chunks go to {@link ImapConnection#append} until the trailer. */
    static void start(ImapConnection c, ImapStreamedRequest streamed) {
        c.record.client(streamed.tag() + " " + streamed.command() + " … {" + streamed.literalSize()
                + (streamed.nonSynchronizing() ? "+" : "") + "}");
        Optional<ImapCommand> command = ImapCommand.named(streamed.command());
        boolean usable = command.isPresent() && command.get() == ImapCommand.APPEND && command.get().validIn(c.state)
                && !c.notConnected && streamed.literalSize() <= c.decoder.maxLiteralSize();
        // A message the mailbox or the store has no room for is refused after its literal, but never held.
        FolderException.Reason noRoom = usable ? noRoomFor(c, streamed.literalSize()) : null;
        // The literal is read (and dropped when unusable) so the connection stays in step with the client.
        c.append = new StreamedAppend(streamed.tag(), streamed.arguments(),
                usable && noRoom == null ? (int) streamed.literalSize() : -1, noRoom);
    }

    /** The end of a streamed command: the arguments after its literal. */
    static void finish(ImapConnection c, ImapRequestTrailer trailer) {
        StreamedAppend done = c.append;
        c.append = null;
        if (done == null) {
            return;
        }
        if (done.noRoom != null && !trailer.decoderResult().isFailure()) {
            c.record.event("APPEND refused before its literal was stored: " + done.noRoom);
            c.refuseStore(done.tag, ImapCommand.APPEND, done.noRoom);
            return;
        }
        if (trailer.decoderResult().isFailure() || done.bytes == null || !trailer.arguments().isEmpty()
                || done.filled != done.bytes.length) {
            c.reply(done.tag, done.bytes == null ? ImapCatalogue.INVALID_STATE : ImapCatalogue.ARGUMENT_ERROR);
            return;
        }
        c.apply(c.stage(Stage.COMMAND, "APPEND"), done.tag, () -> {
            try {
                append(c, done.tag, done.arguments, done.bytes);
            } catch (BadArguments e) {
                c.reply(done.tag, ImapCatalogue.ARGUMENT_ERROR);
            } catch (UndecodableMailboxName e) {
                c.failed(done.tag, ImapCommand.APPEND);
            }
        });
    }

    /** Why a message of {@code size} octets cannot be stored now, or null if it fits. */
    private static FolderException.Reason noRoomFor(ImapConnection c, long size) {
        if (size > c.folders.quota() - c.folders.size()) {
            return FolderException.Reason.QUOTA_EXCEEDED;
        }
        return MailStore.cost(size, 1) > c.context.store().budget().available()
                ? FolderException.Reason.STORE_FULL : null;
    }

    private static void append(ImapConnection c, String tag, List<ImapArgument> args, byte[] message) {
        require(!args.isEmpty() && args.size() <= 3);
        String name = ImapArguments.mailboxName(args.get(0));
        Flags flags = Flags.NONE;
        Instant date = null;
        for (ImapArgument arg : args.subList(1, args.size())) {
            if (arg instanceof ImapArgument.ListArgument list && flags == Flags.NONE && date == null) {
                flags = ImapArguments.flagList(list.elements());
            } else if (arg instanceof ImapArgument.QuotedString quoted && date == null) {
                date = ImapArguments.date(quoted.value());
            } else {
                throw new BadArguments();
            }
        }
        Optional<MailFolder> folder = c.folder(name);
        if (folder.isEmpty()) {
            c.reply(tag, ImapReplies.naming(ImapCatalogue.TRY_CREATE, ImapCommand.APPEND));
            return;
        }
        StoredMessage stored = date == null ? c.context.store().newMessage(message) : new StoredMessage(message, date);
        MailFolder into = folder.get();
        Flags appended = flags;
        c.write(tag, ImapCommand.APPEND, () -> into.append(stored, appended), written -> {
            if (written.refused() != null) {
                c.record.event("APPEND failed: " + written.refused().getMessage());
                c.refuseStore(tag, ImapCommand.APPEND, written.refused().reason());
                return;
            }
            MailFolder.AppendResult result = written.result();
            c.sendUpdates(true);
            c.reply(tag, ImapReplies.completed(ImapCommand.APPEND),
                    "APPENDUID " + result.uidValidity() + " " + result.uid());
        });
    }

    /**
     * An APPEND whose message literal arrives in chunks; {@code bytes} is null when it is read only to be
     * dropped, {@code noRoom} says why when the store had no room for it.
     */
    static final class StreamedAppend {
        private final String tag;
        private final List<ImapArgument> arguments;
        private final byte[] bytes;
        private final FolderException.Reason noRoom;
        private int filled;

        StreamedAppend(String tag, List<ImapArgument> arguments, int size, FolderException.Reason noRoom) {
            this.tag = tag;
            this.arguments = arguments;
            this.bytes = size < 0 ? null : new byte[size];
            this.noRoom = noRoom;
        }

        void add(ImapLiteralContent chunk) {
            int n = chunk.content().readableBytes();
            if (bytes != null && filled + n <= bytes.length) {
                chunk.content().getBytes(chunk.content().readerIndex(), bytes, filled, n);
            }
            filled += n;
        }
    }
}
