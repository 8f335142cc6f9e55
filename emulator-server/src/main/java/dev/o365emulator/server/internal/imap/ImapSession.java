package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapLiteralContent;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapRequestDecoder;
import dev.o365emulator.codec.imap.ImapRequestTrailer;
import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.imap.ImapStreamedRequest;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.ImapCatalogue;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.journal.Masking;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One IMAP connection with Office 365's dialogue: its state, the dispatch of each decoded message to
 * the command's handler, and the connection's lifecycle (greeting, auto-logout, close).
 *
 * <p>Each command: the state the command is valid in ({@link ImapCommand}) → the stage hook (the fault
 * plan decides: proceed, delay, reply or fault; see "For session authors" in docs/scenarios.md) → the
 * handler, which checks the syntax and does the real work. Everything runs on the channel's event loop;
 * folder listeners only wake the session up. The {@link FaultExecutor} orders the input: commands the
 * client pipelines behind a rule's delay, a FETCH that streams as the socket drains, or replies the client
 * does not read wait in its queue, which is bounded by what one read brought in (reading stops meanwhile).
 */
public final class ImapSession extends ChannelInboundHandlerAdapter {

    private static final ImapResponseEncoder ENCODER = new ImapResponseEncoder();
    /**
     * Messages (commands and literal chunks) kept waiting behind a streaming FETCH, a fault rule's delay or
     * a client that does not read; past it, or past {@link #MAX_QUEUED_BYTES}, the client is told
     * {@link ImapReplies#BYE_TOO_MUCH_PIPELINED} and the connection closes. Reading stops meanwhile, so
     * only what one read brought in queues up: more messages than 64 KiB of two-byte empty lines can
     * decode into, which an ordinary client never gets near.
     */
    static final int MAX_QUEUED = 40_000;
    /** {@link #MAX_QUEUED}, or less in tests that fill the queue. */
    int maxQueued = MAX_QUEUED;
    /** Literal and argument bytes kept waiting, at most (one socket read loop brings in at most about 1 MB). */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

    /**
     * How long a connection may stay without a client command before the server logs it out:
     * Exchange's default AuthenticatedConnectionTimeout (Office 365's own value is unconfirmed).
     * RFC 3501 §5.4 asks for at least 30 minutes, which is why IDLE clients re-issue IDLE every 29.
     */
    public static final Duration DEFAULT_AUTO_LOGOUT = Duration.ofMinutes(30);

    private final EndpointContext context;
    private final ImapRequestDecoder decoder;
    private final Duration autoLogout;
    /** The auto-logout: a client that sends no command, or stops reading a reply, for that long is logged out. */
    private IdleTimeout idle;
    private FaultExecutor executor;
    private ImapConnection connection;

    private ImapSession(EndpointContext context, ImapRequestDecoder decoder, Duration autoLogout) {
        this.context = context;
        this.decoder = decoder;
        this.autoLogout = autoLogout;
    }

    /** The {@link dev.o365emulator.server.internal.session.SessionInitializer} for IMAP endpoints (143 and 993). */
    public static void initialize(Channel channel, EndpointContext context) {
        initialize(channel, context, DEFAULT_AUTO_LOGOUT);
    }

    /**
     * IMAP sessions that log a connection out after {@code autoLogout} without a client command, e.g.
     * {@code Emulator.builder().sessions(Protocol.IMAP, ImapSession.initializer(Duration.ofSeconds(5)))}.
     */
    public static SessionInitializer initializer(Duration autoLogout) {
        if (autoLogout.isNegative() || autoLogout.isZero()) {
            throw new IllegalArgumentException("autoLogout must be positive: " + autoLogout);
        }
        return (channel, context) -> initialize(channel, context, autoLogout);
    }

    private static void initialize(Channel channel, EndpointContext context, Duration autoLogout) {
        ImapRequestDecoder decoder = new ImapRequestDecoder();
        // The encoder sits before the decoder: the decoder writes literal continuations itself.
        channel.pipeline().addLast("encoder", ENCODER).addLast("decoder", decoder)
                .addLast("session", new ImapSession(context, decoder, autoLogout));
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        executor = new FaultExecutor(ctx, ConnectionRecorder.record(ctx.channel()), this::dispatch, this::closing)
                .limit(maxQueued, MAX_QUEUED_BYTES, QueuedSize::of, () -> {
                    if (connection.state != ImapState.LOGOUT) {
                        connection.closeWith(ImapCatalogue.TOO_MUCH_PIPELINED);
                    }
                })
                // The time a rule's delay made the client wait is never its idle time.
                .afterDelay(() -> idle.activity());
        connection = new ImapConnection(context, ctx, decoder, ConnectionRecorder.record(ctx.channel()), executor,
                context.endpoint().tlsMode() == TlsMode.IMPLICIT);
        idle = new IdleTimeout(ctx, context.clock(), autoLogout, () -> executor.isHeld(FaultExecutor.Hold.DELAY),
                this::onIdle);
        idle.start();
        connection.unsolicited(ImapCatalogue.GREETING.with(
                ReplyArgs.of("greetingBlob", context.identity().greetingBlob())));
        ctx.flush();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection == null) {
            // Closed before the session started (a greeting rule's reply ended the connection).
            super.channelInactive(ctx);
            return;
        }
        idle.stop();
        if (connection.state == ImapState.AUTHENTICATED || connection.state == ImapState.SELECTED) {
            FindingKinds.NO_LOGOUT.report(connection.record);
        }
        connection.deselect();
        if (connection.tokenExpiry != null) {
            connection.tokenExpiry.unwatch();
        }
        if (connection.slot != null) {
            connection.slot.close();
        }
        executor.inactive();
        connection.append = null;
        FetchHandler.abandon(connection);
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (connection == null) {
            super.channelWritabilityChanged(ctx);
            return;
        }
        // A client that drained what was sent is reading: not idle, even in the middle of a FETCH.
        idle.writabilityChanged();
        if (connection.fetch != null && ctx.channel().isWritable()) {
            FetchHandler.resume(connection);
        }
        executor.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ImapLiteralContent chunk) {
            idle.progress(chunk.content().readableBytes());
        } else {
            idle.activity();
        }
        if (msg instanceof ImapRequest request && request.decoderResult().cause() instanceof EndlessLineException e) {
            // Closed at once, even behind a FETCH or a delay: nothing after it can be read in step.
            ReferenceCountUtil.release(msg);
            if (connection.state != ImapState.LOGOUT) {
                connection.record.protocolError("endless command line: " + e.getMessage());
                connection.closeWith(ImapCatalogue.ENDLESS_LINE);
            }
            return;
        }
        executor.read(msg);
        ctx.flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (executor != null) {
            // Null while a greeting rule holds the session back: the TLS handshake reads meanwhile.
            executor.readComplete();
        }
        super.channelReadComplete(ctx);
    }

    /** A decision, a LOGOUT or an overflow ended the session: whatever the client sends now goes unanswered. */
    private void closing() {
        connection.state = ImapState.LOGOUT;
    }

    // ---------------------------------------------------------------- dispatch

    /** Handles one decoded message; the executor releases it afterwards. */
    private void dispatch(Object msg) {
        ImapConnection c = connection;
        if (c.state == ImapState.LOGOUT) {
            return;
        }
        if (msg instanceof ImapRequest request) {
            onRequest(c, request);
        } else if (msg instanceof ImapContinuationLine line) {
            ImapConnection.ContinuationReader reader = c.awaiting;
            if (reader != null) {
                reader.read(c, line);
            }
        } else if (msg instanceof ImapStreamedRequest streamed) {
            AppendHandler.start(c, streamed);
        } else if (msg instanceof ImapLiteralContent chunk) {
            if (c.append != null) {
                c.append.add(chunk);
            }
        } else if (msg instanceof ImapRequestTrailer trailer) {
            AppendHandler.finish(c, trailer);
        }
    }

    private void onRequest(ImapConnection c, ImapRequest request) {
        Optional<ImapCommand> known = request.decoderResult().isSuccess()
                ? ImapCommand.named(request.command()) : Optional.empty();
        if (known.isEmpty() && request.tag() != null && Transcripts.mayBeCredential(request, c.saslAftermath)) {
            // A SASL response or password sent as if it were a command: neither recorded nor echoed as a tag.
            c.record.client(Masking.MASK);
            c.record.protocolError("a line that may be a credential was sent as a command");
            c.unsolicited(ImapCatalogue.COMMAND_ERROR);
            return;
        }
        if (request.decoderResult().isFailure()) {
            c.record.client(request.tag() == null ? "<unreadable command>" : request.tag() + " <invalid command>");
            c.record.protocolError(String.valueOf(request.decoderResult().cause().getMessage()));
            if (request.tag() == null) {
                c.unsolicited(ImapCatalogue.COMMAND_ERROR);
            } else {
                c.reply(request.tag(), ImapCatalogue.COMMAND_ERROR);
            }
            return;
        }
        c.record.client(Transcripts.describe(request));
        String tag = request.tag();
        if (known.isEmpty()) {
            c.reply(tag, ImapCatalogue.COMMAND_ERROR);
            return;
        }
        ImapCommand command = known.get();
        c.saslAftermath = command == ImapCommand.AUTHENTICATE;
        if (!command.validIn(c.state)) {
            c.reply(tag, ImapCatalogue.INVALID_STATE);
            return;
        }
        if (c.notConnected && command != ImapCommand.CAPABILITY && command != ImapCommand.LOGOUT) {
            // The front end accepted the login but has no back-end mailbox session to forward to.
            c.reply(tag, AuthRefusals.IMAP_NOT_CONNECTED);
            if (++c.notConnectedStrikes >= 2) {
                c.closeWith(ImapCatalogue.NOT_CONNECTED_CLOSED);
            }
            return;
        }
        if (c.tokenExpiry != null && c.tokenExpiry.expired()) {
            // The first command after the token's exp ends the session.
            c.closeWith(ImapCatalogue.TOKEN_EXPIRED);
            return;
        }
        if (c.selected != null && c.selected.deleted()) {
            // Another session deleted the selected folder before the wake-up could say so.
            c.closeWith(ImapCatalogue.SELECTED_FOLDER_DELETED);
            return;
        }
        onCommand(c, command, request, () -> {
            try {
                command.handler().handle(c, command, request);
            } catch (BadArguments e) {
                c.reply(tag, ImapCatalogue.ARGUMENT_ERROR);
            } catch (UndecodableMailboxName e) {
                c.failed(tag, command);
            }
        });
    }

    /**
     * Reports a command to the fault plan: LOGOUT is the {@code logout} stage; STARTTLS, LOGIN and
     * AUTHENTICATE report their own stages once they know their facts; every other command is the
     * {@code command} stage. A UID form reports its command ({@code UID FETCH} as {@code FETCH}) so that
     * {@code command: FETCH} covers both, as clients (imapsync, Angus Mail) switch between them freely.
     * Commands answered before this point (unknown, wrong state, "not connected") report nothing:
     * Office 365's front end refuses them without asking a back end.
     */
    private static void onCommand(ImapConnection c, ImapCommand command, ImapRequest request, Runnable proceed) {
        List<ImapArgument> args = request.arguments();
        switch (command) {
            case STARTTLS, LOGIN, AUTHENTICATE -> proceed.run();
            case LOGOUT -> c.apply(c.stage(Stage.LOGOUT, "LOGOUT"), request.tag(), proceed);
            case UID -> c.apply(c.stage(Stage.COMMAND, !args.isEmpty()
                    && args.get(0) instanceof ImapArgument.Atom atom
                    ? atom.value().toUpperCase(Locale.ROOT) : "UID"), request.tag(), proceed);
            default -> c.apply(c.stage(Stage.COMMAND, command.name()), request.tag(), proceed);
        }
    }

    // ---------------------------------------------------------------- auto-logout

    /**
     * Logs out a client idle for the auto-logout time. A client that stopped reading a FETCH is idle
     * too: it holds a folder snapshot and the stream's place, and would otherwise hold them for ever.
     */
    private void onIdle(Duration idleTime) {
        if (connection.state == ImapState.LOGOUT) {
            // Already answering nothing more (LOGOUT, a stalling fault): closed without a word.
            connection.ctx.close();
            return;
        }
        connection.record.event("auto-logout after " + idleTime.toSeconds() + " s without a command"
                + (connection.fetch != null ? ", a FETCH waiting on a client that does not read" : ""));
        FetchHandler.abandon(connection);
        connection.closeWith(ImapCatalogue.AUTO_LOGOUT);
    }
}
