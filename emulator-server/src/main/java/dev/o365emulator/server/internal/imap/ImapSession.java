package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.imap.FetchAttribute;
import dev.o365emulator.codec.imap.FetchAttributes;
import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapContinuationLine;
import dev.o365emulator.codec.imap.ImapContinuationResponse;
import dev.o365emulator.codec.imap.ImapLiteralContent;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapRequestDecoder;
import dev.o365emulator.codec.imap.ImapRequestTrailer;
import dev.o365emulator.codec.imap.ImapResponse;
import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.imap.ImapStatus;
import dev.o365emulator.codec.imap.ImapStreamedRequest;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.codec.imap.SearchKeys;
import dev.o365emulator.codec.imap.SequenceSet;
import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.sasl.SaslFailure;
import dev.o365emulator.codec.sasl.SaslMechanism;
import dev.o365emulator.codec.sasl.SaslStep;
import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.FaultActions;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.journal.Masking;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.net.InputGate;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import dev.o365emulator.server.internal.tls.StartTls;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One IMAP connection with Office 365's dialogue: the RFC 3501 state machine, authentication against
 * the tenant, the mail store's folders, IDLE and the unsolicited updates other sessions cause.
 *
 * <p>Each command: check state → stage hook (the fault plan decides: proceed, delay, reply or fault;
 * see "For session authors" in docs/scenarios.md) → syntax and the real work. Everything runs on the channel's event loop; folder listeners
 * only wake the session up. A large FETCH is written as the socket drains (never more than the
 * channel's write buffer ahead), and commands the client pipelined meanwhile wait in a queue bounded
 * by what one read brought in (reading stops while a FETCH streams).
 */
public final class ImapSession extends ChannelInboundHandlerAdapter {

    private static final ImapResponseEncoder ENCODER = new ImapResponseEncoder();
    /** Messages rendered between flushes of a streaming FETCH. */
    private static final int FETCH_BATCH = 64;
    /**
     * Commands (and literal chunks) kept waiting behind a streaming FETCH or a fault rule's delay,
     * as SMTP keeps its pipelined commands; past it, or past {@link #MAX_QUEUED_BYTES}, the client
     * is told {@link ImapReplies#BYE_TOO_MUCH_PIPELINED} and the connection closes. Reading stops
     * meanwhile, so only what one read brought in queues up: an ordinary client never gets near (one 64 KiB read of the shortest lines decodes to fewer).
     */
    static final int MAX_QUEUED = InputGate.MAX_QUEUED;
    /** {@link #MAX_QUEUED}, or less in tests that fill the queue. */
    int maxQueued = MAX_QUEUED;
    /** Literal and argument bytes kept waiting, at most (one socket read loop brings in at most about 1 MB). */
    static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    private static final DateTimeFormatter APPEND_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

    /**
     * How long a connection may stay without a client command before the server logs it out:
     * Exchange's default AuthenticatedConnectionTimeout (o365-reference.md §5; Office 365's own value
     * is unconfirmed). RFC 3501 §5.4 asks for at least 30 minutes, which is why IDLE clients re-issue
     * IDLE every 29.
     */
    public static final Duration DEFAULT_AUTO_LOGOUT = Duration.ofMinutes(30);

    private final EndpointContext context;
    private final ImapRequestDecoder decoder;
    private final Duration autoLogout;
    /** The auto-logout: a client that sends no command, or stops reading a reply, for that long is logged out. */
    private IdleTimeout idle;
    /**
     * Pauses reading while a FETCH streams, a fault rule's delay runs or the client does not read what
     * was sent; commands pipelined meanwhile wait there, in order.
     */
    private InputGate input;
    private SessionRecord record;
    private ChannelHandlerContext ctx;
    private ImapState state = ImapState.NOT_AUTHENTICATED;
    private boolean tls;

    // Authenticated-state data.
    private Mailbox mailbox;
    private MailboxStore folders;
    private SlotLimiter.Slot slot;
    /** Office 365's "authenticated but not connected": OK to the login, BAD to what follows, BYE after two. */
    private boolean notConnected;
    private int notConnectedStrikes;
    /** The expiry of the XOAUTH2 token this session logged in with, or null. */
    private TokenExpiry tokenExpiry;

    // Selected-state data.
    private SelectedMailbox selected;
    private final AtomicBoolean wakeUpScheduled = new AtomicBoolean();

    // A command waiting for a continuation line, or an APPEND literal being streamed.
    private SaslExchange sasl;
    private String saslTag;
    /** From AUTHENTICATE until the next recognised command: an unknown line may be a SASL response (see {@link Masking}). */
    private boolean saslAftermath;
    private String idleTag;
    private StreamedAppend append;
    private FetchJob fetch;

    private ImapSession(EndpointContext context, ImapRequestDecoder decoder, Duration autoLogout) {
        this.context = context;
        this.decoder = decoder;
        this.autoLogout = autoLogout;
        this.tls = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
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
        this.ctx = ctx;
        record = ConnectionRecorder.record(ctx.channel());
        input = new InputGate(ctx.channel(), this::handle, ctx::flush).limit(maxQueued, MAX_QUEUED_BYTES,
                QueuedSize::of, () -> {
                    if (state != ImapState.LOGOUT) {
                        closeWith(ImapReplies.BYE_TOO_MUCH_PIPELINED);
                    }
                });
        idle = new IdleTimeout(ctx, context.clock(), autoLogout, () -> input.isHeld(InputGate.Reason.DELAY),
                this::onIdle);
        idle.start();
        untagged(ImapReplies.GREETING_PREFIX + context.identity().greetingBlob() + "]");
        ctx.flush();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        idle.stop();
        deselect();
        if (tokenExpiry != null) {
            tokenExpiry.unwatch();
        }
        if (slot != null) {
            slot.close();
        }
        input.discardQueued();
        append = null;
        fetch = null;
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that drained what was sent is reading: not idle, even in the middle of a FETCH.
        idle.writabilityChanged();
        if (fetch != null && ctx.channel().isWritable()) {
            continueFetch();
        }
        input.writabilityChanged();
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
            if (state != ImapState.LOGOUT) {
                record.protocolError("endless command line: " + e.getMessage());
                closeWith(ImapReplies.BYE_ENDLESS_LINE);
            }
            return;
        }
        input.read(msg);
        ctx.flush();
    }

    /** Handles one decoded message; the {@link InputGate} releases it afterwards. */
    private void handle(Object msg) {
        if (state == ImapState.LOGOUT) {
            return;
        }
        if (msg instanceof ImapRequest request) {
            onRequest(request);
        } else if (msg instanceof ImapContinuationLine line) {
            onContinuationLine(line);
        } else if (msg instanceof ImapStreamedRequest streamed) {
            onStreamedRequest(streamed);
        } else if (msg instanceof ImapLiteralContent chunk) {
            if (append != null) {
                append.add(chunk);
            }
        } else if (msg instanceof ImapRequestTrailer trailer) {
            onTrailer(trailer);
        }
    }

    // ---------------------------------------------------------------- dispatch

    private void onRequest(ImapRequest request) {
        Optional<ImapCommand> known = request.decoderResult().isSuccess()
                ? ImapCommand.named(request.command()) : Optional.empty();
        if (known.isEmpty() && request.tag() != null
                && Transcripts.mayBeCredential(request, saslAftermath)) {
            // A SASL response or password sent as if it were a command: neither recorded nor echoed as a tag.
            record.client(Masking.MASK);
            record.protocolError("a line that may be a credential was sent as a command");
            untagged("BAD " + ImapReplies.COMMAND_ERROR);
            return;
        }
        if (request.decoderResult().isFailure()) {
            String why = request.decoderResult().cause().getMessage();
            record.client(request.tag() == null ? "<unreadable command>" : request.tag() + " <invalid command>");
            record.protocolError(String.valueOf(why));
            if (request.tag() == null) {
                untagged("BAD " + ImapReplies.COMMAND_ERROR);
            } else {
                tagged(request.tag(), ImapStatus.BAD, ImapReplies.COMMAND_ERROR);
            }
            return;
        }
        record.client(Transcripts.describe(request));
        String tag = request.tag();
        if (known.isEmpty()) {
            tagged(tag, ImapStatus.BAD, ImapReplies.COMMAND_ERROR);
            return;
        }
        ImapCommand command = known.get();
        saslAftermath = command == ImapCommand.AUTHENTICATE;
        if (!command.validIn(state)) {
            tagged(tag, ImapStatus.BAD, ImapReplies.INVALID_STATE);
            return;
        }
        if (notConnected && command != ImapCommand.CAPABILITY && command != ImapCommand.LOGOUT) {
            // The front end accepted the login but has no back-end mailbox session to forward to.
            tagged(tag, ImapStatus.BAD, AuthRefusals.IMAP_NOT_CONNECTED.imap().text());
            if (++notConnectedStrikes >= 2) {
                closeWith(ImapReplies.BYE_NOT_CONNECTED);
            }
            return;
        }
        if (tokenExpiry != null && tokenExpiry.expired()) {
            // o365-reference.md §3: the first command after the token's exp ends the session.
            closeWith("BYE " + ImapReplies.SESSION_INVALIDATED);
            return;
        }
        List<ImapArgument> args = request.arguments();
        onCommand(command, tag, args, () -> {
            try {
                execute(command, tag, args);
            } catch (BadArguments e) {
                tagged(tag, ImapStatus.BAD, ImapReplies.ARGUMENT_ERROR);
            }
        });
    }

    private void execute(ImapCommand command, String tag, List<ImapArgument> args) {
        switch (command) {
            case CAPABILITY -> capability(tag, args);
            case NOOP -> noop(tag, args);
            case LOGOUT -> logout(tag, args);
            case ID -> id(tag, args);
            case STARTTLS -> startTls(tag, args);
            case LOGIN -> login(tag, args);
            case AUTHENTICATE -> authenticate(tag, args);
            case NAMESPACE -> namespace(tag, args);
            case SELECT -> select(tag, args, false);
            case EXAMINE -> select(tag, args, true);
            case CREATE -> create(tag, args);
            case DELETE -> delete(tag, args);
            case RENAME -> rename(tag, args);
            case SUBSCRIBE -> subscribe(tag, args, true);
            case UNSUBSCRIBE -> subscribe(tag, args, false);
            case LIST -> list(tag, args, false);
            case LSUB -> list(tag, args, true);
            case STATUS -> status(tag, args);
            case APPEND -> appendAggregated(tag, args);
            case IDLE -> idle(tag, args);
            case CHECK -> check(tag, args);
            case CLOSE -> close(tag, args, true);
            case UNSELECT -> close(tag, args, false);
            case EXPUNGE -> expunge(tag, args, null);
            case SEARCH -> search(tag, args, false);
            case FETCH -> fetch(tag, args, false);
            case STORE -> store(tag, args, false);
            case COPY -> copy(tag, args, false, false);
            case MOVE -> copy(tag, args, false, true);
            case UID -> uid(tag, args);
        }
    }

    private void uid(String tag, List<ImapArgument> args) {
        require(!args.isEmpty() && args.get(0) instanceof ImapArgument.Atom);
        String sub = args.get(0).stringValue().toUpperCase(Locale.ROOT);
        List<ImapArgument> rest = args.subList(1, args.size());
        switch (sub) {
            case "FETCH" -> fetch(tag, rest, true);
            case "SEARCH" -> search(tag, rest, true);
            case "STORE" -> store(tag, rest, true);
            case "COPY" -> copy(tag, rest, true, false);
            case "MOVE" -> copy(tag, rest, true, true);
            case "EXPUNGE" -> {
                require(rest.size() == 1);
                expunge(tag, rest, parseSet(rest.get(0)));
            }
            default -> tagged(tag, ImapStatus.BAD, ImapReplies.COMMAND_ERROR);
        }
    }

    // ---------------------------------------------------------------- any state

    private void capability(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        String list = !tls ? ImapReplies.CAPABILITY_PLAIN
                : state == ImapState.NOT_AUTHENTICATED ? ImapReplies.CAPABILITY_PRE_AUTH : ImapReplies.CAPABILITY_POST_AUTH;
        untagged(list);
        completed(tag, "CAPABILITY");
    }

    private void noop(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        completed(tag, "NOOP");
    }

    private void logout(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        untagged(ImapReplies.BYE_LOGOUT);
        tagged(tag, ImapStatus.OK, ImapReplies.completed("LOGOUT"));
        state = ImapState.LOGOUT;
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * No capture shows Office 365's {@code * ID} reply (o365-reference.md "Not found"). {@code * ID NIL}
     * is what RFC 2971 allows a server that discloses nothing to send, and Exchange's front end discloses
     * nothing elsewhere either (no version in the greeting), so it is the most plausible answer.
     */
    private void id(String tag, List<ImapArgument> args) {
        require(args.size() == 1 && (args.get(0) == ImapArgument.Nil.NIL || args.get(0) instanceof ImapArgument.ListArgument));
        untagged("ID NIL");
        completed(tag, "ID");
    }

    // ---------------------------------------------------------------- not authenticated

    private void startTls(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        if (tls) {
            tagged(tag, ImapStatus.BAD, ImapReplies.INVALID_STATE);
            return;
        }
        onStartTls(tag, handshake -> {
            ImapTaggedResponse goAhead = new ImapTaggedResponse(tag, ImapStatus.OK, ImapReplies.STARTTLS_GO_AHEAD);
            record.server(tag + " OK " + ImapReplies.STARTTLS_GO_AHEAD);
            if (handshake) {
                StartTls.upgrade(ctx, context.tls(), decoder, record, goAhead);
                tls = true;
                discardQueuedAfterStartTls();
            } else {
                ctx.writeAndFlush(goAhead);
                FaultActions.failTlsHandshake(ctx);
            }
        });
    }

    /**
     * What a delay made the session queue behind STARTTLS was decoded from plain text before the
     * upgrade, out of the decoder's reach: it must never run as if sent inside TLS.
     */
    private void discardQueuedAfterStartTls() {
        int dropped = input.discardQueued();
        if (dropped > 0) {
            record.protocolError(dropped + " messages pipelined after the TLS upgrade command were discarded");
        }
    }

    private void login(String tag, List<ImapArgument> args) {
        require(args.size() == 2 && args.get(0).stringValue() != null && args.get(1).stringValue() != null);
        if (!tls) {
            // LOGINDISABLED before STARTTLS on 143: Exchange answers with its wrong-state text.
            tagged(tag, ImapStatus.BAD, ImapReplies.INVALID_STATE);
            return;
        }
        String user = args.get(0).stringValue();
        String password = args.get(1).stringValue();
        onAuth(tag, "LOGIN", "LOGIN", user, () -> authenticated(tag, "LOGIN", "LOGIN",
                context.tenant().authenticateBasic(Protocol.IMAP, user, password)));
    }

    private void authenticate(String tag, List<ImapArgument> args) {
        require((args.size() == 1 || args.size() == 2) && args.get(0) instanceof ImapArgument.Atom
                && (args.size() == 1 || args.get(1).stringValue() != null));
        if (!tls) {
            tagged(tag, ImapStatus.BAD, ImapReplies.INVALID_STATE);
            return;
        }
        Optional<SaslMechanism> mechanism = SaslMechanism.named(args.get(0).stringValue())
                .filter(m -> m != SaslMechanism.LOGIN);
        if (mechanism.isEmpty()) {
            // Only PLAIN and XOAUTH2 are advertised; Exchange never says why an AUTHENTICATE fails.
            tagged(tag, ImapStatus.NO, ImapReplies.failed("AUTHENTICATE"));
            return;
        }
        sasl = mechanism.get().newExchange();
        saslTag = tag;
        saslStep(args.size() == 2 ? sasl.start(args.get(1).stringValue()) : sasl.start());
    }

    private void saslStep(SaslStep step) {
        String tag = saslTag;
        if (step instanceof SaslStep.Challenge challenge) {
            send(new ImapContinuationResponse(challenge.base64()), "+ " + challenge.base64());
            decoder.expectContinuationLine();
            return;
        }
        SaslMechanism mechanism = sasl.mechanism();
        sasl = null;
        saslTag = null;
        if (step instanceof SaslStep.Failure failure) {
            record.protocolError("AUTHENTICATE " + mechanism + ": " + failure.detail());
            // RFC 3501 wants BAD for a cancelled exchange; anything malformed is a plain failure.
            tagged(tag, failure.reason() == SaslFailure.CANCELLED ? ImapStatus.BAD : ImapStatus.NO,
                    ImapReplies.failed("AUTHENTICATE"));
            return;
        }
        SaslStep.Success success = (SaslStep.Success) step;
        if (success.credentials() instanceof PasswordCredentials password) {
            onAuth(tag, "AUTHENTICATE", mechanism.name(), password.user(), () -> authenticate(tag, mechanism, success));
        } else {
            // XOAUTH2 reports its auth stage itself (XOAuth2Faults), so a rule counts the login once.
            authenticate(tag, mechanism, success);
        }
    }

    private void authenticate(String tag, SaslMechanism mechanism, SaslStep.Success success) {
        if (success.credentials() instanceof PasswordCredentials password) {
            // A PLAIN authorization identity names the mailbox to open, like LOGIN's user\shared form.
            String login = password.authorizationId().isEmpty()
                    || password.authorizationId().equalsIgnoreCase(password.user())
                    ? password.user() : password.user() + "\\" + password.authorizationId();
            authenticated(tag, "AUTHENTICATE", mechanism.name(),
                    context.tenant().authenticateBasic(Protocol.IMAP, login, password.password()));
            return;
        }
        BearerCredentials bearer = (BearerCredentials) success.credentials();
        XOAuth2Faults.authenticate(ctx, context, Protocol.IMAP, "AUTHENTICATE", bearer.user(), bearer.token(),
                (decision, proceed) -> apply(decision, tag, proceed),
                token -> bearerDecided(tag, mechanism, bearer, token));
    }

    private void bearerDecided(String tag, SaslMechanism mechanism, BearerCredentials bearer, TokenDecision token) {
        if (state == ImapState.LOGOUT) {
            return;
        }
        if (state != ImapState.NOT_AUTHENTICATED) {
            // A delayed XOAUTH2 login does not pause reading, so a second one may overtake the first's
            // verdict; logging in twice would take a second connection slot that is never given back.
            tagged(tag, ImapStatus.BAD, ImapReplies.INVALID_STATE);
            ctx.flush();
            return;
        }
        if (token instanceof TokenDecision.Accepted accepted) {
            authenticated(tag, "AUTHENTICATE", mechanism.name(),
                    context.tenant().authenticateToken(Protocol.IMAP, accepted.subject(), bearer.user()));
            if (state == ImapState.AUTHENTICATED) {
                tokenExpiry = TokenExpiry.of(context, bearer.token());
            }
        } else if (token instanceof TokenDecision.NotConnected notConnectedToken) {
            record.event("token without IMAP access: " + notConnectedToken.why());
            acceptButNotConnected(tag, "AUTHENTICATE", bearer.user(), mechanism.name());
        } else {
            record.event("token rejected: " + ((TokenDecision.Rejected) token).why());
            tagged(tag, ImapStatus.NO, ImapReplies.failed("AUTHENTICATE"));
        }
        ctx.flush(); // a fault rule's delay may run this outside channelRead
    }

    private void onContinuationLine(ImapContinuationLine line) {
        if (idleTag != null) {
            String tag = idleTag;
            idleTag = null;
            if (tokenExpiry != null) {
                tokenExpiry.unwatch();
            }
            record.client(line.decoderResult().isSuccess() ? line.text() : "<invalid line>");
            if (line.decoderResult().isSuccess() && line.text().equalsIgnoreCase("DONE")) {
                completed(tag, "IDLE");
            } else {
                tagged(tag, ImapStatus.BAD, ImapReplies.ARGUMENT_ERROR);
            }
            return;
        }
        if (sasl != null) {
            record.clientSecret();
            if (line.decoderResult().isFailure()) {
                String tag = saslTag;
                sasl = null;
                saslTag = null;
                tagged(tag, ImapStatus.BAD, ImapReplies.COMMAND_ERROR);
                return;
            }
            saslStep(sasl.respond(line.text()));
        }
    }

    private void authenticated(String tag, String command, String mechanism, AuthDecision decision) {
        if (decision instanceof AuthDecision.Allowed allowed) {
            Optional<SlotLimiter.Slot> taken = context.tenant().imapConnections().tryAcquire(allowed.mailbox().address());
            if (taken.isEmpty()) {
                // o365-reference.md §3/§5: too many connections shows up as "authenticated but not connected".
                record.event("IMAP connection limit reached for " + allowed.mailbox().address());
                acceptButNotConnected(tag, command, allowed.user().address(), mechanism);
                return;
            }
            slot = taken.get();
            mailbox = allowed.mailbox();
            folders = context.store().open(mailbox.address());
            state = ImapState.AUTHENTICATED;
            decoder.setMaxLiteralSize(mailbox.maxReceiveSize());
            record.authenticated(allowed.user().address(), mechanism);
            completed(tag, command);
            return;
        }
        AuthDecision.Reason reason = ((AuthDecision.Refused) decision).reason();
        if (AuthRefusals.imapAcceptsThenDisconnects(reason)) {
            acceptButNotConnected(tag, command, null, mechanism);
            return;
        }
        record.event("login refused: " + reason);
        tagged(tag, ImapStatus.NO, AuthRefusals.of(reason).with(ReplyArgs.of("command", command)).imap().text());
        if (reason == AuthDecision.Reason.BASIC_AUTH_DISABLED) {
            // The 2026 capture: the NO is followed by the sign-off and the connection ends.
            closeWith(ImapReplies.BYE_LOGOUT);
        }
    }

    private void acceptButNotConnected(String tag, String command, String user, String mechanism) {
        notConnected = true;
        state = ImapState.AUTHENTICATED;
        record.event("authenticated but not connected" + (user == null ? "" : ": " + user) + " with " + mechanism);
        completed(tag, command);
    }

    // ---------------------------------------------------------------- authenticated

    private void namespace(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        untagged(ImapReplies.NAMESPACE);
        completed(tag, "NAMESPACE");
    }

    private void select(String tag, List<ImapArgument> args, boolean readOnly) {
        require(args.size() == 1);
        String name = mailboxName(args.get(0));
        String command = readOnly ? "EXAMINE" : "SELECT";
        // RFC 3501 §6.3.1: a SELECT deselects first, and a failed one leaves the session unselected.
        deselect();
        Optional<MailFolder> folder = folder(name);
        if (folder.isEmpty()) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed(command));
            return;
        }
        selected = SelectedMailbox.open(folder.get(), readOnly, this::wakeUp);
        state = ImapState.SELECTED;
        untagged(selected.exists() + " EXISTS");
        untagged("0 RECENT");
        untagged(ImapReplies.FLAGS);
        untagged(ImapReplies.PERMANENT_FLAGS);
        untagged("OK [UIDVALIDITY " + folder.get().uidValidity() + "] UIDVALIDITY value");
        untagged("OK [UIDNEXT " + folder.get().uidNext() + "] The next unique identifier value");
        send(new ImapTaggedResponse(tag, ImapStatus.OK, readOnly ? "READ-ONLY" : "READ-WRITE",
                ImapReplies.completed(command)), tag + " OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] "
                + ImapReplies.completed(command));
    }

    private void create(String tag, List<ImapArgument> args) {
        require(args.size() == 1);
        String name = mailboxName(args.get(0));
        // RFC 3501 §6.3.3: a trailing delimiter only says the client intends sub-folders.
        while (name.length() > 1 && name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        String n = name;
        folderCommand(tag, "CREATE", () -> {
            if (folders.folder(n).isPresent()) {
                throw new FolderException(FolderException.Reason.ALREADY_EXISTS, n + " exists");
            }
            folders.create(n);
        });
    }

    private void delete(String tag, List<ImapArgument> args) {
        require(args.size() == 1);
        String name = mailboxName(args.get(0));
        if (selected != null && selected.folder().name().equalsIgnoreCase(name)) {
            // Deleting the selected folder would leave this session on a dead folder.
            tagged(tag, ImapStatus.NO, ImapReplies.failed("DELETE"));
            return;
        }
        folderCommand(tag, "DELETE", () -> folders.delete(name));
    }

    private void rename(String tag, List<ImapArgument> args) {
        require(args.size() == 2);
        String from = mailboxName(args.get(0));
        String to = mailboxName(args.get(1));
        folderCommand(tag, "RENAME", () -> folders.rename(from, to));
    }

    private void subscribe(String tag, List<ImapArgument> args, boolean subscribe) {
        require(args.size() == 1);
        String name = mailboxName(args.get(0));
        String command = subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE";
        folderCommand(tag, command, () -> folders.subscribe(name, subscribe));
    }

    private void folderCommand(String tag, String command, Runnable work) {
        try {
            work.run();
        } catch (FolderException e) {
            record.event(command + " failed: " + e.getMessage());
            tagged(tag, ImapStatus.NO, ImapReplies.failed(command));
            return;
        }
        completed(tag, command);
    }

    private void list(String tag, List<ImapArgument> args, boolean subscribedOnly) {
        require(args.size() == 2 && args.get(0).stringValue() != null && args.get(1).stringValue() != null);
        // Names are matched in Unicode, as stored: the client spells them in modified UTF-7.
        String reference = listName(args.get(0).stringValue());
        String pattern = listName(args.get(1).stringValue());
        String command = subscribedOnly ? "LSUB" : "LIST";
        if (pattern.isEmpty()) {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and root.
            untagged(command + " (\\Noselect) \"/\" \"\"");
            completed(tag, command);
            return;
        }
        ListPattern matcher = ListPattern.of(reference, pattern);
        boolean inboxUnseen = false;
        boolean inboxChecked = false;
        for (MailboxStore.FolderInfo info : folders.list()) {
            if ((subscribedOnly && !info.subscribed()) || !matcher.matches(info.name())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (info.name().equals(MailboxStore.INBOX)) {
                if (!inboxChecked) {
                    inboxUnseen = hasUnseen(folders.inbox());
                    inboxChecked = true;
                }
                if (inboxUnseen) {
                    attributes.add("\\Marked");
                }
            }
            attributes.add(info.hasChildren() ? "\\HasChildren" : "\\HasNoChildren");
            info.specialUse().ifPresent(use -> attributes.add(use.imapAttribute()));
            ImapUntaggedResponse line = ImapUntaggedResponse.builder()
                    .text(command + " (" + String.join(" ", attributes) + ") \"/\" ")
                    .astring(ModifiedUtf7.encode(info.name())).build();
            send(line, line.toString());
        }
        completed(tag, command);
    }

    private static String listName(String wire) {
        try {
            return ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException notModifiedUtf7) {
            return wire;
        }
    }

    private static boolean hasUnseen(MailFolder folder) {
        for (MessageHandle m : folder.snapshot().messages()) {
            if (!m.flags().contains(Flags.SystemFlag.SEEN)) {
                return true;
            }
        }
        return false;
    }

    private void status(String tag, List<ImapArgument> args) {
        require(args.size() == 2 && args.get(1) instanceof ImapArgument.ListArgument);
        String name = mailboxName(args.get(0));
        List<ImapArgument> items = ((ImapArgument.ListArgument) args.get(1)).elements();
        require(!items.isEmpty());
        Optional<MailFolder> folder = folder(name);
        if (folder.isEmpty()) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed("STATUS"));
            return;
        }
        FolderSnapshot snapshot = folder.get().snapshot();
        List<String> out = new ArrayList<>();
        for (ImapArgument item : items) {
            require(item instanceof ImapArgument.Atom);
            String key = item.stringValue().toUpperCase(Locale.ROOT);
            long value = switch (key) {
                case "MESSAGES" -> snapshot.exists();
                case "RECENT" -> 0;
                case "UIDNEXT" -> snapshot.uidNext();
                case "UIDVALIDITY" -> snapshot.uidValidity();
                case "UNSEEN" -> snapshot.messages().stream()
                        .filter(m -> !m.flags().contains(Flags.SystemFlag.SEEN)).count();
                default -> throw new BadArguments();
            };
            out.add(key + " " + value);
        }
        ImapUntaggedResponse line = ImapUntaggedResponse.builder().text("STATUS ")
                .astring(ModifiedUtf7.encode(folder.get().name())).text(" (" + String.join(" ", out) + ")").build();
        send(line, line.toString());
        completed(tag, "STATUS");
    }

    private void idle(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        send(new ImapContinuationResponse(ImapReplies.IDLE_CONTINUATION), "+ " + ImapReplies.IDLE_CONTINUATION);
        idleTag = tag;
        decoder.expectContinuationLine();
        sendUpdates(true);
        if (tokenExpiry != null) {
            tokenExpiry.watch(ctx.executor(), this::tokenExpiredWhileIdle);
        }
    }

    /** o365-reference.md §3: an idling client is told at the token's exp, without waiting for DONE. */
    private void tokenExpiredWhileIdle() {
        if (idleTag != null && state != ImapState.LOGOUT && ctx.channel().isActive()) {
            idleTag = null;
            closeWith("BYE " + ImapReplies.SESSION_INVALIDATED);
        }
    }

    // ---------------------------------------------------------------- APPEND

    private void appendAggregated(String tag, List<ImapArgument> args) {
        require(args.size() >= 2 && args.get(args.size() - 1) instanceof ImapArgument.Literal);
        byte[] message = ((ImapArgument.Literal) args.get(args.size() - 1)).bytes();
        append(tag, args.subList(0, args.size() - 1), message);
    }

    private void onStreamedRequest(ImapStreamedRequest streamed) {
        record.client(streamed.tag() + " " + streamed.command() + " … {" + streamed.literalSize()
                + (streamed.nonSynchronizing() ? "+" : "") + "}");
        Optional<ImapCommand> command = ImapCommand.named(streamed.command());
        boolean usable = command.isPresent() && command.get() == ImapCommand.APPEND && command.get().validIn(state)
                && !notConnected && streamed.literalSize() <= decoder.maxLiteralSize();
        // A message the mailbox or the store has no room for is refused after its literal, but never held.
        FolderException.Reason noRoom = usable ? noRoomFor(streamed.literalSize()) : null;
        // The literal is read (and dropped when unusable) so the connection stays in step with the client.
        append = new StreamedAppend(streamed.tag(), streamed.arguments(),
                usable && noRoom == null ? (int) streamed.literalSize() : -1, noRoom);
    }

    /** Why a message of {@code size} octets cannot be stored now, or null if it fits. */
    private FolderException.Reason noRoomFor(long size) {
        if (size > folders.quota() - folders.size()) {
            return FolderException.Reason.QUOTA_EXCEEDED;
        }
        return dev.o365emulator.server.internal.store.MailStore.cost(size, 1) > context.store().budget().available()
                ? FolderException.Reason.STORE_FULL : null;
    }

    private void onTrailer(ImapRequestTrailer trailer) {
        StreamedAppend done = append;
        append = null;
        if (done == null) {
            return;
        }
        if (done.noRoom != null && !trailer.decoderResult().isFailure()) {
            record.event("APPEND refused before its literal was stored: " + done.noRoom);
            refuseStore(done.tag, "APPEND", done.noRoom);
            return;
        }
        if (trailer.decoderResult().isFailure() || done.bytes == null || !trailer.arguments().isEmpty()
                || done.filled != done.bytes.length) {
            tagged(done.tag, ImapStatus.BAD, done.bytes == null ? ImapReplies.INVALID_STATE : ImapReplies.ARGUMENT_ERROR);
            return;
        }
        stage(Stage.COMMAND, "APPEND", null, done.tag, () -> {
            try {
                append(done.tag, done.arguments, done.bytes);
            } catch (BadArguments e) {
                tagged(done.tag, ImapStatus.BAD, ImapReplies.ARGUMENT_ERROR);
            }
        });
    }

    private void append(String tag, List<ImapArgument> args, byte[] message) {
        require(!args.isEmpty() && args.size() <= 3);
        String name = mailboxName(args.get(0));
        Flags flags = Flags.NONE;
        Instant date = null;
        for (ImapArgument arg : args.subList(1, args.size())) {
            if (arg instanceof ImapArgument.ListArgument list && flags == Flags.NONE && date == null) {
                flags = parseFlags(list.elements());
            } else if (arg instanceof ImapArgument.QuotedString quoted && date == null) {
                date = parseDate(quoted.value());
            } else {
                throw new BadArguments();
            }
        }
        Optional<MailFolder> folder = folder(name);
        if (folder.isEmpty()) {
            send(new ImapTaggedResponse(tag, ImapStatus.NO, "TRYCREATE", ImapReplies.failed("APPEND")),
                    tag + " NO [TRYCREATE] " + ImapReplies.failed("APPEND"));
            return;
        }
        MailFolder.AppendResult result;
        try {
            StoredMessage stored = date == null ? context.store().newMessage(message) : new StoredMessage(message, date);
            result = folder.get().append(stored, flags);
        } catch (FolderException e) {
            record.event("APPEND failed: " + e.getMessage());
            refuseStore(tag, "APPEND", e);
            return;
        }
        sendUpdates(true);
        String code = "APPENDUID " + result.uidValidity() + " " + result.uid();
        send(new ImapTaggedResponse(tag, ImapStatus.OK, code, ImapReplies.completed("APPEND")),
                tag + " OK [" + code + "] " + ImapReplies.completed("APPEND"));
    }

    // ---------------------------------------------------------------- selected

    private void check(String tag, List<ImapArgument> args) {
        require(args.isEmpty());
        completed(tag, "CHECK");
    }

    private void close(String tag, List<ImapArgument> args, boolean expunge) {
        require(args.isEmpty());
        String command = expunge ? "CLOSE" : "UNSELECT";
        if (expunge && !selected.readOnly()) {
            try {
                // CLOSE expunges silently (RFC 3501 §6.4.2).
                selected.folder().expunge();
            } catch (FolderException gone) {
                record.event("CLOSE on a deleted folder");
            }
        }
        deselect();
        completed(tag, command);
    }

    private void expunge(String tag, List<ImapArgument> args, SequenceSet uidSet) {
        require(uidSet != null || args.isEmpty());
        String command = uidSet == null ? "EXPUNGE" : "UID EXPUNGE";
        if (selected.readOnly()) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed("EXPUNGE"));
            return;
        }
        List<Long> removed;
        try {
            removed = uidSet == null ? selected.folder().expunge() : selected.folder().expunge(uids(uidSet, true));
        } catch (FolderException e) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed("EXPUNGE"));
            return;
        }
        for (int sequence : selected.expungedBySession(removed)) {
            untagged(sequence + " EXPUNGE");
        }
        sendUpdates(true);
        completed(tag, "EXPUNGE");
    }

    private void search(String tag, List<ImapArgument> args, boolean uid) {
        SearchKeys.SearchQuery query;
        try {
            query = SearchKeys.parse(args);
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
        String command = uid ? "UID SEARCH" : "SEARCH";
        if (query.charset() != null && !query.charset().equalsIgnoreCase("UTF-8")
                && !query.charset().equalsIgnoreCase("US-ASCII")) {
            send(new ImapTaggedResponse(tag, ImapStatus.NO, "BADCHARSET (US-ASCII UTF-8)", ImapReplies.failed("SEARCH")),
                    tag + " NO [BADCHARSET (US-ASCII UTF-8)] " + ImapReplies.failed("SEARCH"));
            return;
        }
        FolderSnapshot snapshot = selected.folder().snapshot();
        StringBuilder line = new StringBuilder("SEARCH");
        long maxSequence = selected.exists();
        long maxUid = selected.maxUid();
        try {
            for (int sequence = 1; sequence <= maxSequence; sequence++) {
                long messageUid = selected.uid(sequence);
                Optional<MessageHandle> handle = snapshot.byUid(messageUid);
                if (handle.isPresent() && SearchEvaluator.matches(query.key(),
                        sequence, withSequence(handle.get(), sequence), maxSequence, maxUid)) {
                    line.append(' ').append(uid ? messageUid : sequence);
                }
            }
        } catch (IllegalArgumentException unsupported) {
            throw new BadArguments();
        }
        untagged(line.toString());
        completed(tag, "SEARCH");
    }

    private void fetch(String tag, List<ImapArgument> args, boolean uid) {
        require(args.size() == 2);
        SequenceSet set = parseSet(args.get(0));
        List<FetchAttribute> attributes;
        try {
            attributes = FetchAttributes.parse(args.get(1));
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
        List<Integer> sequences = selected.resolve(set, uid);
        if (FetchRenderer.setsSeen(attributes) && !selected.readOnly() && !sequences.isEmpty()) {
            List<Long> uids = new ArrayList<>(sequences.size());
            for (int sequence : sequences) {
                uids.add(selected.uid(sequence));
            }
            try {
                Map<Long, Flags> changed = selected.folder().storeFlags(uids, MailFolder.FlagOperation.ADD, Flags.SEEN);
                if (attributes.contains(FetchAttribute.Simple.FLAGS)) {
                    // The FETCH itself tells the client the new flags; otherwise an unsolicited FETCH will.
                    selected.flagsReported(changed);
                }
            } catch (FolderException gone) {
                record.event("FETCH on a deleted folder");
            }
        }
        fetch = new FetchJob(tag, sequences, attributes, uid, selected.folder().snapshot());
        input.hold(InputGate.Reason.STREAMING);
        continueFetch();
    }

    private void continueFetch() {
        FetchJob job = fetch;
        int sinceFlush = 0;
        while (job.next < job.sequences.size()) {
            if (!ctx.channel().isWritable()) {
                // Resumed by channelWritabilityChanged once the socket drained.
                ctx.flush();
                return;
            }
            int sequence = job.sequences.get(job.next++);
            Optional<MessageHandle> handle = job.snapshot.byUid(selected.uid(sequence));
            if (handle.isEmpty()) {
                continue; // expunged by another session; the EXPUNGE is reported after the command
            }
            ImapUntaggedResponse response;
            try {
                response = FetchRenderer.render(sequence, withSequence(handle.get(), sequence), job.attributes, job.uid);
            } catch (RuntimeException e) {
                record.event("FETCH rendering failed: " + e.getMessage());
                finishFetch(ImapStatus.BAD, ImapReplies.ARGUMENT_ERROR);
                return;
            }
            send(response, response.toString());
            if (++sinceFlush == FETCH_BATCH) {
                ctx.flush();
                sinceFlush = 0;
            }
        }
        sendUpdates(false);
        finishFetch(ImapStatus.OK, ImapReplies.completed("FETCH"));
    }

    private void finishFetch(ImapStatus status, String text) {
        tagged(fetch.tag, status, text);
        fetch = null;
        input.release(InputGate.Reason.STREAMING);
        ctx.flush();
    }

    private void store(String tag, List<ImapArgument> args, boolean uid) {
        require(args.size() >= 3 && args.get(1) instanceof ImapArgument.Atom);
        SequenceSet set = parseSet(args.get(0));
        String item = args.get(1).stringValue().toUpperCase(Locale.ROOT);
        boolean silent = item.endsWith(".SILENT");
        String base = silent ? item.substring(0, item.length() - ".SILENT".length()) : item;
        MailFolder.FlagOperation operation = switch (base) {
            case "FLAGS" -> MailFolder.FlagOperation.REPLACE;
            case "+FLAGS" -> MailFolder.FlagOperation.ADD;
            case "-FLAGS" -> MailFolder.FlagOperation.REMOVE;
            default -> throw new BadArguments();
        };
        List<ImapArgument> flagArgs = args.size() == 3 && args.get(2) instanceof ImapArgument.ListArgument list
                ? list.elements() : args.subList(2, args.size());
        Flags flags = parseFlags(flagArgs);
        if (selected.readOnly()) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed("STORE"));
            return;
        }
        List<Integer> sequences = selected.resolve(set, uid);
        List<Long> uids = new ArrayList<>(sequences.size());
        for (int sequence : sequences) {
            uids.add(selected.uid(sequence));
        }
        Map<Long, Flags> result;
        try {
            result = selected.folder().storeFlags(uids, operation, flags);
        } catch (FolderException e) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed("STORE"));
            return;
        }
        if (!silent) {
            for (Map.Entry<Long, Flags> e : result.entrySet()) {
                untagged(selected.sequenceOf(e.getKey()) + " FETCH (FLAGS (" + String.join(" ", e.getValue().names())
                        + ")" + (uid ? " UID " + e.getKey() : "") + ")");
            }
        }
        // With .SILENT the client asked not to hear of its own change (RFC 3501 §6.4.6).
        selected.flagsReported(result);
        completed(tag, "STORE");
    }

    private void copy(String tag, List<ImapArgument> args, boolean uid, boolean move) {
        require(args.size() == 2);
        SequenceSet set = parseSet(args.get(0));
        String name = mailboxName(args.get(1));
        String command = move ? "MOVE" : "COPY";
        Optional<MailFolder> destination = folder(name);
        if (destination.isEmpty()) {
            send(new ImapTaggedResponse(tag, ImapStatus.NO, "TRYCREATE", ImapReplies.failed(command)),
                    tag + " NO [TRYCREATE] " + ImapReplies.failed(command));
            return;
        }
        if (move && selected.readOnly()) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed(command));
            return;
        }
        List<Long> uids = uids(set, uid);
        MailFolder.CopyResult result;
        try {
            result = move ? selected.folder().moveTo(uids, destination.get())
                    : selected.folder().copyTo(uids, destination.get());
        } catch (FolderException e) {
            record.event(command + " failed: " + e.getMessage());
            refuseStore(tag, command, e);
            return;
        }
        String code = result.sourceUids().isEmpty() ? null : "COPYUID " + result.destinationUidValidity() + " "
                + UidSets.compact(result.sourceUids()) + " " + UidSets.compact(result.destinationUids());
        if (!move) {
            sendUpdates(true);
            send(new ImapTaggedResponse(tag, ImapStatus.OK, code, ImapReplies.completed(command)),
                    tag + " OK " + (code == null ? "" : "[" + code + "] ") + ImapReplies.completed(command));
            return;
        }
        // The Exchange fixture (o365-reference.md §2): untagged OK [COPYUID], the EXPUNGEs, then EXISTS.
        if (code != null) {
            untagged("OK [" + code + "]");
        }
        for (int sequence : selected.expungedBySession(result.sourceUids())) {
            untagged(sequence + " EXPUNGE");
        }
        List<SelectedMailbox.Update> updates = selected.updates(true);
        boolean existsSent = false;
        for (SelectedMailbox.Update update : updates) {
            untagged(update.line());
            existsSent |= update.line().endsWith(" EXISTS");
        }
        if (!existsSent && !result.sourceUids().isEmpty()) {
            untagged(selected.exists() + " EXISTS");
        }
        completed(tag, command);
    }

    // ---------------------------------------------------------------- unsolicited updates

    /** Called by the folder listener on any thread: hop to the event loop, at most one task pending. */
    private void wakeUp() {
        if (wakeUpScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(() -> {
                wakeUpScheduled.set(false);
                if (idleTag != null && selected != null && ctx.channel().isActive()) {
                    sendUpdates(true);
                    ctx.flush();
                }
            });
        }
    }

    private void sendUpdates(boolean allowExpunge) {
        if (selected == null) {
            return;
        }
        for (SelectedMailbox.Update update : selected.updates(allowExpunge)) {
            untagged(update.line());
        }
    }

    private void deselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (state == ImapState.SELECTED) {
            state = ImapState.AUTHENTICATED;
        }
    }

    // ---------------------------------------------------------------- stage hooks (the fault plan's seams)

    /**
     * Reports a command to the fault plan: LOGOUT is the {@code logout} stage; STARTTLS, LOGIN and
     * AUTHENTICATE report their own stages once they know their facts; every other command is the
     * {@code command} stage. A UID form reports its command ({@code UID FETCH} as {@code FETCH}) so that
     * {@code command: FETCH} covers both, as clients (imapsync, Angus Mail) switch between them freely.
     * Commands answered before this point (unknown, wrong state, "not connected") report nothing:
     * Office 365's front end refuses them without asking a back end.
     */
    private void onCommand(ImapCommand command, String tag, List<ImapArgument> args, Runnable proceed) {
        switch (command) {
            case STARTTLS, LOGIN, AUTHENTICATE -> proceed.run();
            case LOGOUT -> stage(Stage.LOGOUT, "LOGOUT", null, tag, proceed);
            case UID -> stage(Stage.COMMAND, !args.isEmpty() && args.get(0) instanceof ImapArgument.Atom atom
                    ? atom.value().toUpperCase(Locale.ROOT) : "UID", null, tag, proceed);
            default -> stage(Stage.COMMAND, command.name(), null, tag, proceed);
        }
    }

    /**
     * The {@code starttls} stage: {@code upgrade} runs with {@code true} for the real handshake, or with
     * {@code false} when a {@code tls-handshake-failure} rule fired (the go-ahead is still written, then
     * the ClientHello meets a fatal alert).
     */
    private void onStartTls(String tag, Consumer<Boolean> upgrade) {
        FaultPlan faults = context.faults();
        FaultDecision d = faults.decide(ctx.channel(), faults.event(ctx.channel(), Stage.STARTTLS)
                .command("STARTTLS").build());
        if (d.fault() == Fault.TLS_HANDSHAKE_FAILURE) {
            apply(d.delayOnly(), tag, () -> upgrade.accept(false));
        } else {
            apply(d, tag, () -> upgrade.accept(true));
        }
    }

    /** The {@code auth} stage: the credentials are read, the tenant not yet asked. */
    private void onAuth(String tag, String command, String mechanism, String user, Runnable proceed) {
        FaultPlan faults = context.faults();
        StageEvent event = faults.event(ctx.channel(), Stage.AUTH).command(command).mechanism(mechanism).user(user)
                .build();
        apply(faults.decide(ctx.channel(), event), tag, proceed);
    }

    private void stage(Stage stage, String command, String mechanism, String tag, Runnable proceed) {
        FaultPlan faults = context.faults();
        StageEvent event = faults.event(ctx.channel(), stage).command(command).mechanism(mechanism)
                .user(record.user().orElse(null)).build();
        apply(faults.decide(ctx.channel(), event), tag, proceed);
    }

    /**
     * Carries out a decision. A delay is scheduled on the event loop; meanwhile reading stops and what
     * the client pipelined waits in the queue, as behind a slow server, and is answered afterwards.
     */
    private void apply(FaultDecision d, String tag, Runnable proceed) {
        if (d.isProceed()) {
            proceed.run();
            return;
        }
        ResponseRenderer renderer = ImapReplyRenderer.forTag(tag);
        if (d.delay().isZero()) {
            act(d, renderer, proceed);
            return;
        }
        input.hold(InputGate.Reason.DELAY);
        FaultDecision now = d.now();
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            act(now, renderer, proceed);
            idle.activity();
            input.release(InputGate.Reason.DELAY);
            ctx.flush();
        }, d.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void act(FaultDecision d, ResponseRenderer renderer, Runnable proceed) {
        boolean ends = (d.fault() != null && d.fault() != Fault.THROTTLE)
                || (d.reply() != null && renderer.closesAfter(d.reply()));
        FaultActions.apply(ctx, d, renderer, proceed);
        if (ends) {
            // Whatever the client pipelined behind a closing or stalling reply is never read or answered.
            state = ImapState.LOGOUT;
            input.hold(InputGate.Reason.ENDED);
        }
    }

    // ---------------------------------------------------------------- auto-logout

    /**
     * Logs out a client idle for {@link #autoLogout}. A client that stopped reading a FETCH is idle
     * too: it holds a folder snapshot and the stream's place, and would otherwise hold them for ever.
     */
    private void onIdle(Duration idleTime) {
        if (state == ImapState.LOGOUT) {
            // Already answering nothing more (LOGOUT, a stalling fault): closed without a word.
            ctx.close();
            return;
        }
        record.event("auto-logout after " + idleTime.toSeconds() + " s without a command"
                + (fetch != null ? ", a FETCH waiting on a client that does not read" : ""));
        fetch = null;
        closeWith(ImapReplies.BYE_AUTO_LOGOUT);
    }

    // ---------------------------------------------------------------- helpers

    private Optional<MailFolder> folder(String name) {
        try {
            return folders.folder(name);
        } catch (FolderException invalid) {
            return Optional.empty();
        }
    }

    private List<Long> uids(SequenceSet set, boolean uid) {
        List<Long> out = new ArrayList<>();
        for (int sequence : selected.resolve(set, uid)) {
            out.add(selected.uid(sequence));
        }
        return out;
    }

    private static MessageHandle withSequence(MessageHandle handle, int sequence) {
        return handle.sequence() == sequence ? handle
                : new MessageHandle(sequence, handle.uid(), handle.flags(), handle.message());
    }

    private static String mailboxName(ImapArgument argument) {
        String name = argument.stringValue();
        if (name == null || argument == ImapArgument.Nil.NIL) {
            throw new BadArguments();
        }
        try {
            return ModifiedUtf7.decode(name);
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
    }

    private static SequenceSet parseSet(ImapArgument argument) {
        if (!(argument instanceof ImapArgument.Atom atom)) {
            throw new BadArguments();
        }
        try {
            return SequenceSet.parse(atom.value());
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
    }

    private static Flags parseFlags(List<ImapArgument> names) {
        List<String> out = new ArrayList<>(names.size());
        for (ImapArgument name : names) {
            if (!(name instanceof ImapArgument.Atom atom)) {
                throw new BadArguments();
            }
            if (!atom.value().equalsIgnoreCase("\\Recent")) {
                out.add(atom.value());
            }
        }
        try {
            return Flags.of(out);
        } catch (IllegalArgumentException e) {
            throw new BadArguments();
        }
    }

    private static Instant parseDate(String text) {
        try {
            return ZonedDateTime.parse(text.trim(), APPEND_DATE).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadArguments();
        }
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new BadArguments();
        }
    }

    /** The tagged OK, preceded by what other sessions changed (RFC 3501 §7: updates may follow any command). */
    private void completed(String tag, String command) {
        // RFC 3501 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH, which would renumber messages.
        sendUpdates(!command.equals("FETCH") && !command.equals("STORE") && !command.equals("SEARCH"));
        tagged(tag, ImapStatus.OK, ImapReplies.completed(command));
    }

    /** {@code NO}, with the code that says why when the store had no room ({@link ImapReplies#storeRefusalCode}). */
    private void refuseStore(String tag, String command, FolderException e) {
        refuseStore(tag, command, e.reason());
    }

    private void refuseStore(String tag, String command, FolderException.Reason reason) {
        String code = ImapReplies.storeRefusalCode(reason);
        if (code == null) {
            tagged(tag, ImapStatus.NO, ImapReplies.failed(command));
            return;
        }
        send(new ImapTaggedResponse(tag, ImapStatus.NO, code, ImapReplies.failed(command)),
                tag + " NO [" + code + "] " + ImapReplies.failed(command));
    }

    private void tagged(String tag, ImapStatus status, String text) {
        send(new ImapTaggedResponse(tag, status, text), tag + " " + status + " " + text);
    }

    private void untagged(String text) {
        send(ImapUntaggedResponse.of(text), "* " + text);
    }

    private void send(ImapResponse response, String transcript) {
        record.server(transcript);
        ctx.write(response);
    }

    private void closeWith(String byeText) {
        untagged(byeText);
        state = ImapState.LOGOUT;
        input.hold(InputGate.Reason.ENDED);
        Goodbye.closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
    }

    /** Arguments that do not fit the command's grammar: {@code BAD Command Argument Error. 11}. */
    private static final class BadArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArguments() {
            super(null, null, false, false);
        }
    }

    /** A FETCH being written as the socket drains. */
    private static final class FetchJob {
        final String tag;
        final List<Integer> sequences;
        final List<FetchAttribute> attributes;
        final boolean uid;
        final FolderSnapshot snapshot;
        int next;

        FetchJob(String tag, List<Integer> sequences, List<FetchAttribute> attributes, boolean uid,
                FolderSnapshot snapshot) {
            this.tag = tag;
            this.sequences = sequences;
            this.attributes = attributes;
            this.uid = uid;
            this.snapshot = snapshot;
        }
    }

    /**
     * An APPEND whose message literal arrives in chunks; {@code bytes} is null when it is read only to be
     * dropped, {@code noRoom} says why when the store had no room for it.
     */
    private static final class StreamedAppend {
        final String tag;
        final List<ImapArgument> arguments;
        final byte[] bytes;
        final FolderException.Reason noRoom;
        int filled;

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
