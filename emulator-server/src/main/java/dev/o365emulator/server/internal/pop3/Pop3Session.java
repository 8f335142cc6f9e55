package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Command;
import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import dev.o365emulator.codec.pop3.Pop3DecoderException;
import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.codec.pop3.Pop3ResponseEncoder;
import dev.o365emulator.codec.pop3.Pop3SaslResponse;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.fault.FaultExecutor.Hold;
import dev.o365emulator.server.internal.findings.FindingKinds;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.EmptyFlushFilter;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.journal.Masking;
import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Office 365's POP3 dialogue on 995 (implicit TLS) and 110 (STLS): AUTHORIZATION with USER/PASS,
 * AUTH PLAIN and AUTH XOAUTH2, TRANSACTION over the Inbox, and UPDATE at QUIT.
 *
 * <p>The session keeps the connection's lifecycle and dispatch: each decoded line goes through the
 * connection's {@link FaultExecutor} (which orders it behind a rule's delay or a client that does not
 * read), is recorded, checked against the states its {@link Pop3Verb} is valid in, reported to the
 * fault plan and handed to its handler. The words come from {@link Pop3Catalogue}. One instance per
 * connection, confined to its event loop.
 */
public final class Pop3Session extends ChannelInboundHandlerAdapter {

    /**
     * Exchange's POP3 service ends a session that keeps sending what it cannot use: the
     * {@value #MAX_INVALID_COMMANDS}rd unreadable or unknown line is answered with
     * {@link Pop3Catalogue#CONNECTION_CLOSED} and the connection closes (after
     * {@value Pop3Connection#MAX_FAILED_LOGINS} refused logins the refusal is followed by the close).
     * No Office 365 capture shows the count or the text: three is the limit Exchange's protocol
     * services apply to bad commands (the entry's provenance says more). A client that retries in a
     * fresh connection, as real ones do, never meets either limit.
     */
    static final int MAX_INVALID_COMMANDS = 3;

    /**
     * How long a connection may stay without a client command before it is closed: Exchange's default
     * POP3 AuthenticatedConnectionTimeout (1,800 seconds; Office 365's own value is not published), the
     * same as the IMAP auto-logout. Exchange closes a connection that never logs in after 60 seconds
     * (PreAuthenticatedConnectionTimeout); the emulator keeps one timeout, as for IMAP. RFC 1939 §3 asks
     * for at least 10 minutes.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Lines kept waiting behind a delay or a client that does not read; past it the connection is
     * closed with {@link Pop3Catalogue#CONNECTION_CLOSED}. Reading stops while lines wait, so only what
     * one read brought in queues up (lines are at most 255 octets): an ordinary client never gets near
     * (one 64 KiB read of the shortest lines decodes to fewer).
     */
    static final int MAX_QUEUED = 40_000;
    /** {@link #MAX_QUEUED}, or less in tests that fill the queue. */
    int maxQueued = MAX_QUEUED;

    // The catalogue's texts the tests compare the wire with.
    static final String SIGN_OFF = Pop3Catalogue.SIGN_OFF.pop3().text();
    static final String INVALID_STATE = Pop3Catalogue.INVALID_STATE.pop3().text();
    static final String CONNECTION_CLOSED = Pop3Catalogue.CONNECTION_CLOSED.pop3().text();
    static final String TIMED_OUT = Pop3Catalogue.TIMED_OUT.pop3().text();

    private final EndpointContext context;
    private final Pop3RequestDecoder decoder;
    private final Pop3MailboxLocks locks;
    private final Duration idleTimeout;

    private SessionRecord record;
    private Pop3Connection connection;
    private FaultExecutor executor;
    private IdleTimeout idle;
    /** From AUTH or USER until the next recognised command: an unknown line may be a credential (see {@link Masking}). */
    private boolean saslAftermath;
    private int invalidCommands;

    Pop3Session(EndpointContext context, Pop3RequestDecoder decoder, Pop3MailboxLocks locks, Duration idleTimeout) {
        this.context = context;
        this.decoder = decoder;
        this.locks = locks;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The {@link SessionInitializer} for the POP3 endpoints of one emulator: encoder, decoder and
     * session per connection, and one set of mailbox locks shared by 110 and 995.
     */
    public static SessionInitializer initializer() {
        return initializer(DEFAULT_IDLE_TIMEOUT);
    }

    /**
     * POP3 sessions that close a connection after {@code idleTimeout} without a client command, e.g.
     * {@code Emulator.builder().sessions(Protocol.POP3, Pop3Session.initializer(Duration.ofSeconds(5)))}.
     */
    public static SessionInitializer initializer(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        Pop3MailboxLocks locks = new Pop3MailboxLocks();
        return (channel, context) -> {
            Pop3RequestDecoder decoder = new Pop3RequestDecoder();
            // A message response goes to the TLS engine as one buffer of the kind it encrypts without a copy.
            boolean direct = context.tls().provider() == TlsProvider.OPENSSL;
            channel.pipeline()
                    .addLast("flushes", new EmptyFlushFilter())
                    .addLast("encoder", new Pop3ResponseEncoder(Pop3ResponseEncoder.DEFAULT_CHUNK_SIZE,
                            Pop3ResponseEncoder.DEFAULT_SINGLE_BUFFER_LIMIT, direct))
                    .addLast("decoder", decoder)
                    .addLast("session", new Pop3Session(context, decoder, locks, idleTimeout));
        };
    }

    /** TOP's length of {@code lines} body lines; see {@link TopHandler#topLength}. */
    static int topLength(StoredMessage message, int lines) {
        return TopHandler.topLength(message, lines);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        record = ConnectionRecorder.record(ctx.channel());
        connection = new Pop3Connection(ctx, context, decoder, locks, record);
        executor = new FaultExecutor(ctx, record, this::handle, connection::ending)
                .limit(maxQueued, Long.MAX_VALUE, msg -> 0, () -> {
                    if (connection.state() != Pop3State.UPDATE) {
                        connection.closeWith(Pop3Catalogue.CONNECTION_CLOSED);
                    }
                });
        connection.executor(executor);
        idle = new IdleTimeout(ctx, context.clock(), idleTimeout, () -> executor.isHeld(Hold.DELAY), this::onIdle);
        // A rule's delay is the emulator's time, not the client's: the idle clock restarts when it ends.
        executor.afterDelay(idle::activity);
        idle.start();
        connection.reply(Pop3Catalogue.GREETING.with(ReplyArgs.of("greetingBlob", context.identity().greetingBlob())));
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection == null) {
            // Never active: a rule's reply stood in for the greeting and closed the connection.
            super.channelInactive(ctx);
            return;
        }
        idle.stop();
        executor.inactive();
        if (connection.state() == Pop3State.TRANSACTION && !connection.maildrop().deletedUids().isEmpty()) {
            FindingKinds.NO_QUIT.report(record);
        }
        // A dropped connection never reaches UPDATE: nothing marked is applied, only the lock goes.
        connection.releaseLock();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        idle.activity();
        Optional<String> endless = endlessLine(msg);
        if (endless.isPresent() && connection.state() != Pop3State.UPDATE) {
            // Answered at once, even behind a delay: nothing after it can be read in step.
            ReferenceCountUtil.release(msg);
            record.protocolError("endless command line: " + endless.get());
            executor.hold(Hold.SESSION);
            connection.closeWith(Pop3Catalogue.CONNECTION_CLOSED);
            return;
        }
        executor.read(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        executor.readComplete();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        idle.writabilityChanged();
        executor.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    /** Why the decoder gave up on the line, if {@code msg} reports a line that never ended. */
    private static Optional<String> endlessLine(Object msg) {
        DecoderResult result = msg instanceof Pop3Request request ? request.decoderResult()
                : msg instanceof Pop3SaslResponse response ? response.decoderResult() : DecoderResult.SUCCESS;
        return result.cause() instanceof Pop3DecoderException e && e.reason() == Reason.ENDLESS_LINE
                ? Optional.of(e.getMessage()) : Optional.empty();
    }

    /** Closes an idle connection without UPDATE (RFC 1939 §3): nothing marked is deleted. */
    private void onIdle(Duration idleTime) {
        // Nothing more is read.
        executor.hold(Hold.SESSION);
        if (connection.state() == Pop3State.UPDATE) {
            // Already answering nothing more (QUIT, a stalling fault): closed without a word.
            connection.ctx().close();
            return;
        }
        record.event("idle timeout after " + idleTime.toSeconds() + " s without a command");
        connection.closeWith(Pop3Catalogue.TIMED_OUT);
    }

    /** Handles one decoded message; the executor releases it afterwards. */
    private void handle(Object msg) {
        if (msg instanceof Pop3SaslResponse response) {
            record.clientSecret();
            AuthHandler.respond(connection, response);
        } else if (msg instanceof Pop3Request request) {
            if (request.command().isKnown()) {
                // USER too: a password typed without its PASS is as secret as one after AUTH.
                saslAftermath = request.command().equals(Pop3Command.AUTH) || request.command().equals(Pop3Command.USER);
                record.client(Masking.mask(Protocol.POP3, lineOf(request)));
            } else {
                record.client(Masking.unrecognised(Protocol.POP3, lineOf(request), saslAftermath));
            }
            if (connection.state() == Pop3State.UPDATE) {
                return;
            }
            if (!request.isSuccess()) {
                onBadLine(request);
            } else {
                dispatch(request);
            }
        }
    }

    /** The state check the command declares, its stage, then its handler. */
    private void dispatch(Pop3Request request) {
        Pop3Verb verb = Pop3Verb.of(request.command()).orElse(null);
        if (verb == null) {
            invalid(Pop3Catalogue.UNKNOWN_COMMAND);
            return;
        }
        if (!verb.validIn(connection.state())) {
            connection.reply(Pop3Catalogue.INVALID_STATE);
            return;
        }
        if (verb.stage() == null) {
            verb.handler().handle(connection, request);
            return;
        }
        connection.apply(verb.stage(), verb.name(), () -> verb.handler().handle(connection, request));
    }

    private void onBadLine(Pop3Request request) {
        Reason reason = request.failureReason().orElse(Reason.MISSING_COMMAND);
        record.protocolError(request.command() + ": " + request.decoderResult().cause().getMessage());
        // Exchange's parse errors: 14 for a bad argument, 16 for a wrong number of arguments, 19 for
        // a line it cannot read as a command at all.
        invalid(switch (reason) {
            case WRONG_ARGUMENT_COUNT -> Pop3Catalogue.WRONG_ARGUMENT_COUNT;
            case INVALID_MESSAGE_NUMBER, INVALID_LINE_COUNT, EMPTY_ARGUMENT -> Pop3Catalogue.INVALID_ARGUMENT;
            default -> Pop3Catalogue.UNKNOWN_COMMAND;
        });
    }

    /** Answers an unreadable or unknown line; the last one allowed closes the connection. */
    private void invalid(Office365Reply reply) {
        if (++invalidCommands >= MAX_INVALID_COMMANDS) {
            record.event(invalidCommands + " invalid commands: the connection is closed");
            connection.closeWith(Pop3Catalogue.CONNECTION_CLOSED);
            return;
        }
        connection.reply(reply);
    }

    /** The client's line as far as the decoder kept it, for the journal (masked by the caller). */
    private static String lineOf(Pop3Request request) {
        String verb = request.command().name();
        List<String> arguments = request.arguments();
        if (arguments.isEmpty()) {
            return verb;
        }
        // One argument (RETR n, DELE n, USER name) is the common case: one concatenation, no joiner.
        return arguments.size() == 1 ? verb + " " + arguments.get(0) : verb + " " + String.join(" ", arguments);
    }
}
