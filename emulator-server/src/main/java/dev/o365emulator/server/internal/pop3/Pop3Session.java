package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3Command;
import dev.o365emulator.codec.pop3.Pop3DecoderException;
import dev.o365emulator.codec.pop3.Pop3DecoderException.Reason;
import dev.o365emulator.codec.pop3.Pop3Messages;
import dev.o365emulator.codec.pop3.Pop3Request;
import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.codec.pop3.Pop3Response;
import dev.o365emulator.codec.pop3.Pop3ResponseEncoder;
import dev.o365emulator.codec.pop3.Pop3Responses;
import dev.o365emulator.codec.pop3.Pop3SaslResponse;
import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
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
import dev.o365emulator.server.internal.journal.Masking;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.net.InputGate;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.internal.tls.StartTls;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Office 365's POP3 dialogue on 995 (implicit TLS) and 110 (STLS): AUTHORIZATION with USER/PASS,
 * AUTH PLAIN and AUTH XOAUTH2, TRANSACTION over the Inbox, and UPDATE at QUIT.
 *
 * <p>Texts come from o365-reference.md §1–§3; where no Office 365 capture exists they follow the
 * Exchange 2013 POP3 server, which Exchange Online's POP3 service grew from (its strings, e.g.
 * {@code Logon failure: unknown user name or bad password.}, are the ones captured from Office 365).
 * Each choice is explained where it is made. One instance per connection, confined to its event loop.
 */
public final class Pop3Session extends ChannelInboundHandlerAdapter {

    static final String GREETING = "The Microsoft Exchange POP3 service is ready.";
    static final String SIGN_OFF = "Microsoft Exchange Server POP3 server signing off.";
    /** Exchange 2013's PASS success text; the reference lists it as on-prem only, but no other text is known. */
    static final String LOGGED_ON = "User successfully logged on.";
    static final String AUTHENTICATED = "User successfully authenticated.";
    static final String INVALID_STATE = "Command is not valid in this state.";
    /** Exchange's answers to a line it cannot parse: unknown command, bad argument, wrong argument count. */
    static final String UNKNOWN_COMMAND = "Protocol error. 19";
    static final String INVALID_ARGUMENT = "Protocol error. 14";
    static final String WRONG_ARGUMENT_COUNT = "Protocol error. 16";
    static final String OUT_OF_RANGE = "The specified message is out of range.";
    static final String NO_LONGER_AVAILABLE = "The requested message is no longer available; it may have been deleted.";
    /**
     * The answer to a login whose mailbox another POP3 session holds. Exchange itself does not lock
     * (it lets POP sessions share a mailbox), and Office 365 does not advertise RESP-CODES, so
     * {@code [IN-USE]} would be out of character. When Exchange cannot give a logged-in session its
     * mailbox it answers with its generic store failure, {@code Server Unavailable. 21} (the IMAP
     * service's twin, {@code Server Unavailable. 15}, is captured from Office 365, §5), which is what
     * a client would most plausibly see.
     */
    static final String MAILBOX_IN_USE = "Server Unavailable. 21";

    /**
     * Exchange's POP3 service ends a session that keeps sending what it cannot use: the
     * {@value #MAX_INVALID_COMMANDS}rd unreadable or unknown line is answered with
     * {@link #CONNECTION_CLOSED} and the connection closes, and after {@value #MAX_FAILED_LOGINS} failed
     * logins the refusal is followed by the close. No Office 365 capture shows the count or the text
     * (o365-reference.md has neither); three is the limit Exchange's protocol services apply to bad
     * commands, and the text follows Exchange's "reason. number" form of its other POP3 errors. A
     * client that retries a login in a fresh connection, as real ones do, never meets either limit.
     */
    static final int MAX_INVALID_COMMANDS = 3;
    static final int MAX_FAILED_LOGINS = 3;
    static final String CONNECTION_CLOSED = "Protocol error. Connection is closed. 10";

    /**
     * How long a connection may stay without a client command before it is closed: Exchange's default
     * POP3 AuthenticatedConnectionTimeout (1,800 seconds; Office 365's own value is not published), the
     * same as the IMAP auto-logout. Exchange closes a connection that never logs in after 60 seconds
     * (PreAuthenticatedConnectionTimeout); the emulator keeps one timeout, as for IMAP. RFC 1939 §3 asks
     * for at least 10 minutes.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /**
     * What an idle connection is told before the close. RFC 1939 §3 lets a server close an idle
     * connection without a word; Exchange's POP3 and IMAP services share their disconnect texts, and
     * 13 is the one its IMAP service gives a connection that timed out ({@code * BYE Connection is
     * closed. 13}), so the POP3 client reads the same reason.
     */
    static final String TIMED_OUT = "Connection is closed. 13";

    private static final List<String> CAPABILITIES = List.of("TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER");
    /** Where TOP starts looking for the end of the lines it sends; doubled until found. */
    private static final int TOP_WINDOW = 8 * 1024;

    private final EndpointContext context;
    private final Pop3RequestDecoder decoder;
    private final Pop3MailboxLocks locks;

    private SessionRecord record;
    private Pop3State state = Pop3State.AUTHORIZATION;
    private boolean tlsActive;
    private String pendingUser;
    private SaslExchange sasl;
    /** From AUTH or USER until the next recognised command: an unknown line may be a credential (see {@link Masking}). */
    private boolean saslAftermath;
    private MailboxStore lockedMailbox;
    private Pop3Maildrop maildrop;
    private int invalidCommands;
    private int failedLogins;
    private final Duration idleTimeout;
    /**
     * Pauses reading while a fault rule's delay runs or the client does not read what was sent (so a
     * client that pipelines RETRs without reading cannot make the emulator queue message after message
     * in memory); what was already read waits there, in order.
     */
    /**
     * Lines kept waiting behind a delay or a client that does not read; past it the connection is
     * closed with {@link #CONNECTION_CLOSED}. Reading stops while lines wait, so only what one read
     * brought in queues up (lines are at most 255 octets): an ordinary client never gets near (one 64 KiB read of the shortest lines decodes to fewer).
     */
    static final int MAX_QUEUED = InputGate.MAX_QUEUED;
    /** {@link #MAX_QUEUED}, or less in tests that fill the queue. */
    int maxQueued = MAX_QUEUED;
    private InputGate input;
    private IdleTimeout idle;

    Pop3Session(EndpointContext context, Pop3RequestDecoder decoder, Pop3MailboxLocks locks, Duration idleTimeout) {
        this.context = context;
        this.decoder = decoder;
        this.locks = locks;
        this.idleTimeout = idleTimeout;
        this.tlsActive = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
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
            channel.pipeline()
                    .addLast("encoder", new Pop3ResponseEncoder())
                    .addLast("decoder", decoder)
                    .addLast("session", new Pop3Session(context, decoder, locks, idleTimeout));
        };
    }

    /** The state the session is in. */
    Pop3State state() {
        return state;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        record = ConnectionRecorder.record(ctx.channel());
        // Every message is handled writing and flushing its own reply: nothing to flush afterwards.
        input = new InputGate(ctx.channel(), msg -> handle(ctx, msg), () -> { }).limit(maxQueued, Long.MAX_VALUE,
                msg -> 0, () -> {
                    if (state != Pop3State.UPDATE) {
                        closeWith(ctx, CONNECTION_CLOSED);
                    }
                });
        idle = new IdleTimeout(ctx, context.clock(), idleTimeout, () -> input.isHeld(InputGate.Reason.DELAY),
                idleTime -> onIdle(ctx, idleTime));
        idle.start();
        onGreeting(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        idle.stop();
        input.discardQueued();
        // A dropped connection never reaches UPDATE: nothing marked is applied, only the lock goes.
        releaseLock();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        idle.activity();
        Optional<String> endless = endlessLine(msg);
        if (endless.isPresent() && state != Pop3State.UPDATE) {
            // Answered at once, even behind a delay: nothing after it can be read in step.
            ReferenceCountUtil.release(msg);
            record.protocolError("endless command line: " + endless.get());
            input.hold(InputGate.Reason.ENDED);
            closeWith(ctx, CONNECTION_CLOSED);
            return;
        }
        input.read(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        idle.writabilityChanged();
        input.writabilityChanged();
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
    private void onIdle(ChannelHandlerContext ctx, Duration idleTime) {
        input.hold(InputGate.Reason.ENDED);
        if (state == Pop3State.UPDATE) {
            // Already answering nothing more (QUIT, a stalling fault): closed without a word.
            ctx.close();
            return;
        }
        record.event("idle timeout after " + idleTime.toSeconds() + " s without a command");
        closeWith(ctx, TIMED_OUT);
    }

    /** Handles one decoded message; the {@link InputGate} releases it afterwards. */
    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Pop3SaslResponse response) {
            record.clientSecret();
            onSaslResponse(ctx, response);
        } else if (msg instanceof Pop3Request request) {
            Pop3Command verb = request.command();
            if (verb.isKnown()) {
                // USER too: a password typed without its PASS is as secret as one after AUTH.
                saslAftermath = verb.equals(Pop3Command.AUTH) || verb.equals(Pop3Command.USER);
                record.client(Masking.mask(Protocol.POP3, lineOf(request)));
            } else {
                record.client(Masking.unrecognised(Protocol.POP3, lineOf(request), saslAftermath));
            }
            if (state == Pop3State.UPDATE) {
                return;
            }
            if (!request.isSuccess()) {
                onBadLine(ctx, request);
            } else {
                dispatch(ctx, request);
            }
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Pop3Request request) {
        Pop3Command command = request.command();
        if (!command.isKnown() || command == Pop3Command.APOP) {
            // APOP is RFC 1939's, but Exchange never implemented it: it is an unknown command there.
            invalid(ctx, UNKNOWN_COMMAND);
            return;
        }
        switch (command.name()) {
            case "CAPA" -> onCommand(ctx, "CAPA", () -> onCapa(ctx));
            case "STLS" -> onStls(ctx);
            case "USER" -> onCommand(ctx, "USER", () -> onUser(ctx, request.arguments().get(0)));
            case "PASS" -> onPass(ctx, request.arguments().get(0));
            case "AUTH" -> onAuth(ctx, request);
            case "QUIT" -> onLogout(ctx, () -> onQuit(ctx));
            default -> {
                if (state != Pop3State.TRANSACTION) {
                    err(ctx, INVALID_STATE);
                    return;
                }
                onCommand(ctx, command.name(), () -> onTransactionCommand(ctx, request));
            }
        }
    }

    private void onTransactionCommand(ChannelHandlerContext ctx, Pop3Request request) {
        switch (request.command().name()) {
            case "STAT" -> onStat(ctx);
            case "LIST" -> onList(ctx, request);
            case "UIDL" -> onUidl(ctx, request);
            case "RETR" -> onRetr(ctx, request.messageNumber());
            case "TOP" -> onTop(ctx, request.messageNumber(), request.lineCount());
            case "DELE" -> onDele(ctx, request.messageNumber());
            case "RSET" -> onRset(ctx);
            case "NOOP" -> ok(ctx, "");
            default -> err(ctx, UNKNOWN_COMMAND);
        }
    }

    // ---- commands ----

    private void onGreeting(ChannelHandlerContext ctx) {
        ok(ctx, GREETING + " [" + context.identity().greetingBlob() + "]");
    }

    private void onBadLine(ChannelHandlerContext ctx, Pop3Request request) {
        Reason reason = request.failureReason().orElse(Reason.MISSING_COMMAND);
        record.protocolError(request.command() + ": " + request.decoderResult().cause().getMessage());
        // Exchange's parse errors: 14 for a bad argument, 16 for a wrong number of arguments, 19 for
        // a line it cannot read as a command at all.
        invalid(ctx, switch (reason) {
            case WRONG_ARGUMENT_COUNT -> WRONG_ARGUMENT_COUNT;
            case INVALID_MESSAGE_NUMBER, INVALID_LINE_COUNT, EMPTY_ARGUMENT -> INVALID_ARGUMENT;
            default -> UNKNOWN_COMMAND;
        });
    }

    private void onCapa(ChannelHandlerContext ctx) {
        // o365-reference.md §2: exactly TOP, UIDL, SASL PLAIN XOAUTH2, USER; STLS only in plain text on 110.
        List<String> lines = new ArrayList<>(CAPABILITIES);
        if (!tlsActive) {
            lines.add("STLS");
        }
        reply(ctx, Pop3Responses.multiLine("", lines));
    }

    private void onStls(ChannelHandlerContext ctx) {
        if (tlsActive || state != Pop3State.AUTHORIZATION) {
            err(ctx, INVALID_STATE);
            return;
        }
        onStartTls(ctx, handshake -> {
            Pop3Response goAhead = Pop3Responses.ok("Begin TLS negotiation.");
            record.server(render(goAhead));
            if (!handshake) {
                ctx.writeAndFlush(goAhead);
                FaultActions.failTlsHandshake(ctx);
                return;
            }
            StartTls.upgrade(ctx, context.tls(), decoder, record, goAhead);
            int discarded = input.discardQueued();
            if (discarded > 0) {
                // Lines that waited out a delayed STLS were sent in plain text: never executed under TLS.
                record.protocolError(discarded + " line(s) pipelined after STLS discarded");
            }
            tlsActive = true;
            // RFC 2595 §4: forget everything learnt in plain text.
            pendingUser = null;
        });
    }

    private void onUser(ChannelHandlerContext ctx, String user) {
        if (!mayLogIn()) {
            err(ctx, INVALID_STATE);
            return;
        }
        pendingUser = user;
        ok(ctx, "");
    }

    private void onPass(ChannelHandlerContext ctx, String password) {
        if (!mayLogIn() || pendingUser == null) {
            err(ctx, INVALID_STATE);
            return;
        }
        String user = pendingUser;
        // Exchange goes back to "not authenticated" after a PASS, right or wrong: USER comes first again.
        pendingUser = null;
        onAuthStage(ctx, "PASS", "USER", user, () -> {
            AuthDecision decision = context.tenant().authenticateBasic(Protocol.POP3, user, password);
            if (decision instanceof AuthDecision.Refused refused) {
                loginFailed(ctx, AuthRefusals.of(refused.reason()).pop3().text());
                return;
            }
            enterTransaction(ctx, (AuthDecision.Allowed) decision, "USER", LOGGED_ON);
        });
    }

    private void onAuth(ChannelHandlerContext ctx, Pop3Request request) {
        if (!mayLogIn()) {
            err(ctx, INVALID_STATE);
            return;
        }
        if (request.arguments().isEmpty()) {
            err(ctx, WRONG_ARGUMENT_COUNT);
            return;
        }
        // Only what CAPA offers; Office 365 answered an NTLM (SPA) attempt with "Protocol error. 14".
        SaslMechanism mechanism = SaslMechanism.named(request.arguments().get(0))
                .filter(m -> m != SaslMechanism.LOGIN).orElse(null);
        if (mechanism == null) {
            err(ctx, INVALID_ARGUMENT);
            return;
        }
        pendingUser = null;
        sasl = mechanism.newExchange();
        SaslStep step = request.arguments().size() == 2
                ? sasl.start(request.arguments().get(1))
                : sasl.start();
        onSaslStep(ctx, step);
    }

    private void onSaslResponse(ChannelHandlerContext ctx, Pop3SaslResponse response) {
        if (sasl == null) {
            return;
        }
        if (!response.isSuccess()) {
            record.protocolError("AUTH response: " + response.decoderResult().cause().getMessage());
            saslFailed(ctx);
            return;
        }
        onSaslStep(ctx, sasl.respond(response.line()));
    }

    private void onSaslStep(ChannelHandlerContext ctx, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            // Arm the decoder before the "+ " leaves, so a fast client's answer is read as SASL.
            decoder.expectSaslResponse();
            reply(ctx, Pop3Responses.continuation(challenge.base64()));
            return;
        }
        SaslExchange exchange = sasl;
        sasl = null;
        if (step instanceof SaslStep.Failure) {
            // Cancel and malformed input: Office 365 fails every bad AUTH with the same line (§3).
            saslFailed(ctx);
            return;
        }
        SaslStep.Success success = (SaslStep.Success) step;
        if (success.credentials() instanceof BearerCredentials bearer) {
            // XOAUTH2 reports its auth stage itself, once the token's user is known (XOAuth2Faults).
            XOAuth2Faults.authenticate(ctx, context, Protocol.POP3, "AUTH", bearer.user(), bearer.token(),
                    (decision, proceed) -> apply(ctx, decision, proceed),
                    token -> saslDecided(ctx, exchange, bearerDecision(bearer, token)));
            return;
        }
        PasswordCredentials password = (PasswordCredentials) success.credentials();
        onAuthStage(ctx, "AUTH", exchange.mechanism().name(), password.user(),
                () -> saslDecided(ctx, exchange, decide(password)));
    }

    private void saslDecided(ChannelHandlerContext ctx, SaslExchange exchange, AuthDecision decision) {
        if (decision instanceof AuthDecision.Refused refused) {
            loginFailed(ctx, AuthRefusals.POP3_SASL_FAILURE.pop3().text());
            return;
        }
        enterTransaction(ctx, (AuthDecision.Allowed) decision, exchange.mechanism().name(), AUTHENTICATED);
    }

    private AuthDecision decide(PasswordCredentials password) {
        // PLAIN's authorization id names the mailbox to open: the user\shared login of Exchange.
        String authzid = password.authorizationId();
        String login = authzid.isEmpty() || authzid.equalsIgnoreCase(password.user())
                ? password.user()
                : password.user() + "\\" + authzid;
        return context.tenant().authenticateBasic(Protocol.POP3, login, password.password());
    }

    private AuthDecision bearerDecision(BearerCredentials bearer, TokenDecision token) {
        if (token instanceof TokenDecision.Accepted accepted) {
            return context.tenant().authenticateToken(Protocol.POP3, accepted.subject(), bearer.user());
        }
        // A token without POP scope is refused outright in POP3 (unlike IMAP's "not connected").
        return new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS);
    }

    private void saslFailed(ChannelHandlerContext ctx) {
        sasl = null;
        loginFailed(ctx, AuthRefusals.POP3_SASL_FAILURE.pop3().text());
    }

    private void enterTransaction(ChannelHandlerContext ctx, AuthDecision.Allowed allowed, String mechanism,
            String success) {
        MailboxStore mailbox = context.store().open(allowed.mailbox().address());
        if (!locks.tryLock(mailbox, this)) {
            record.event("mailbox " + mailbox.address() + " is locked by another POP3 session");
            err(ctx, MAILBOX_IN_USE);
            return;
        }
        lockedMailbox = mailbox;
        maildrop = Pop3Maildrop.of(mailbox.inbox());
        state = Pop3State.TRANSACTION;
        record.authenticated(allowed.user().address(), mechanism);
        ok(ctx, success);
    }

    private void onStat(ChannelHandlerContext ctx) {
        ok(ctx, maildrop.visibleCount() + " " + maildrop.visibleOctets());
    }

    private void onList(ChannelHandlerContext ctx, Pop3Request request) {
        if (!request.arguments().isEmpty()) {
            int n = request.messageNumber();
            if (checkMessage(ctx, n)) {
                ok(ctx, n + " " + maildrop.message(n).size());
            }
            return;
        }
        List<String> lines = new ArrayList<>(maildrop.visibleCount());
        for (int n = 1; n <= maildrop.size(); n++) {
            if (!maildrop.isDeleted(n)) {
                lines.add(n + " " + maildrop.message(n).size());
            }
        }
        // Exchange puts the count and total size on the +OK line of a LIST.
        reply(ctx, Pop3Responses.multiLine(maildrop.visibleCount() + " " + maildrop.visibleOctets(), lines));
    }

    private void onUidl(ChannelHandlerContext ctx, Pop3Request request) {
        if (!request.arguments().isEmpty()) {
            int n = request.messageNumber();
            if (checkMessage(ctx, n)) {
                ok(ctx, n + " " + maildrop.uniqueId(n));
            }
            return;
        }
        List<String> lines = new ArrayList<>(maildrop.visibleCount());
        for (int n = 1; n <= maildrop.size(); n++) {
            if (!maildrop.isDeleted(n)) {
                lines.add(n + " " + maildrop.uniqueId(n));
            }
        }
        reply(ctx, Pop3Responses.multiLine("", lines));
    }

    private void onRetr(ChannelHandlerContext ctx, int n) {
        if (!checkMessage(ctx, n)) {
            return;
        }
        StoredMessage message = maildrop.message(n);
        maildrop.markRetrieved(n);
        // A view of the stored bytes: the encoder slices it, nothing is copied on the way out.
        reply(ctx, Pop3Responses.message("", Unpooled.wrappedBuffer(message.raw())));
    }

    private void onTop(ChannelHandlerContext ctx, int n, int lines) {
        if (!checkMessage(ctx, n)) {
            return;
        }
        StoredMessage message = maildrop.message(n);
        if (lines > 0) {
            // Exchange counts TOP with body lines as reading the message, like RETR.
            maildrop.markRetrieved(n);
        }
        int length = topLength(message, lines);
        reply(ctx, Pop3Responses.message("", Unpooled.wrappedBuffer(message.slice(0, length))));
    }

    /**
     * {@link Pop3Messages#topLength} over a growing prefix of the message, so TOP of a large message
     * copies about what it sends, not the whole message.
     */
    static int topLength(StoredMessage message, int lines) {
        int size = message.size();
        int window = Math.min(size, TOP_WINDOW);
        while (true) {
            byte[] prefix = new byte[window];
            message.slice(0, window).get(prefix);
            int length = Pop3Messages.topLength(prefix, lines);
            // Shorter than the prefix means every line it needs ended inside it.
            if (length < window || window == size) {
                return length;
            }
            window = (int) Math.min(size, window * 2L);
        }
    }

    private void onDele(ChannelHandlerContext ctx, int n) {
        if (!checkMessage(ctx, n)) {
            return;
        }
        maildrop.markDeleted(n);
        ok(ctx, "");
    }

    private void onRset(ChannelHandlerContext ctx) {
        maildrop.reset();
        ok(ctx, "");
    }

    private void onQuit(ChannelHandlerContext ctx) {
        if (state == Pop3State.TRANSACTION) {
            state = Pop3State.UPDATE;
            update();
        }
        releaseLock();
        reply(ctx, Pop3Responses.ok(SIGN_OFF)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * RFC 1939 UPDATE: retrieved messages become read (as Exchange marks them) and deleted ones are
     * expunged through the store, so IMAP sessions on the mailbox see the EXPUNGE; unless the tenant
     * keeps a copy on the server, in which case DELE only hides them for this session.
     */
    private void update() {
        MailFolder inbox = maildrop.folder();
        List<Long> deleted = maildrop.deletedUids();
        try {
            List<Long> read = maildrop.retrievedUids();
            if (!read.isEmpty()) {
                inbox.storeFlags(read, MailFolder.FlagOperation.ADD, Flags.SEEN);
            }
            if (!deleted.isEmpty()
                    && context.tenant().settings().popDeleteBehaviour() == PopDeleteBehaviour.DELETE) {
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

    // ---- the fault plan's stages (docs/scenarios.md "For session authors") ----

    /** The {@code command} stage, after the state check: any command but STLS, PASS, AUTH and QUIT. */
    private void onCommand(ChannelHandlerContext ctx, String command, Runnable proceed) {
        stage(ctx, Stage.COMMAND, command, null, record.user().orElse(null), proceed);
    }

    /** The {@code logout} stage: QUIT, before the UPDATE state. */
    private void onLogout(ChannelHandlerContext ctx, Runnable proceed) {
        stage(ctx, Stage.LOGOUT, "QUIT", null, record.user().orElse(null), proceed);
    }

    /** The {@code auth} stage: credentials read (PASS, or the end of an AUTH exchange), the tenant not yet asked. */
    private void onAuthStage(ChannelHandlerContext ctx, String command, String mechanism, String user,
            Runnable proceed) {
        stage(ctx, Stage.AUTH, command, mechanism, user, proceed);
    }

    /**
     * The {@code starttls} stage: {@code upgrade} runs with {@code true} for the real handshake, or with
     * {@code false} when a {@code tls-handshake-failure} rule fired (the go-ahead is still written, then
     * the ClientHello meets a fatal alert).
     */
    private void onStartTls(ChannelHandlerContext ctx, Consumer<Boolean> upgrade) {
        FaultPlan faults = context.faults();
        FaultDecision d = faults.decide(ctx.channel(), faults.event(ctx.channel(), Stage.STARTTLS)
                .command("STLS").build());
        if (d.fault() == Fault.TLS_HANDSHAKE_FAILURE) {
            apply(ctx, d.delayOnly(), () -> upgrade.accept(false));
        } else {
            apply(ctx, d, () -> upgrade.accept(true));
        }
    }

    private void stage(ChannelHandlerContext ctx, Stage stage, String command, String mechanism, String user,
            Runnable proceed) {
        FaultPlan faults = context.faults();
        StageEvent event = faults.event(ctx.channel(), stage).command(command).mechanism(mechanism).user(user)
                .build();
        apply(ctx, faults.decide(ctx.channel(), event), proceed);
    }

    /**
     * Carries out a decision. A delay is scheduled on the event loop; meanwhile reading stops and any
     * line the client sent ahead waits in {@link #input}, to be answered afterwards in order.
     */
    private void apply(ChannelHandlerContext ctx, FaultDecision d, Runnable proceed) {
        if (d.isProceed()) {
            proceed.run();
            return;
        }
        if (d.delay().isZero()) {
            act(ctx, d, proceed);
            return;
        }
        input.hold(InputGate.Reason.DELAY);
        FaultDecision now = d.now();
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            act(ctx, now, proceed);
            idle.activity();
            input.release(InputGate.Reason.DELAY);
        }, d.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void act(ChannelHandlerContext ctx, FaultDecision d, Runnable proceed) {
        FaultActions.apply(ctx, d, Pop3ReplyRenderer.RESPONSES, proceed);
        if (d.fault() != null && d.fault() != Fault.THROTTLE) {
            // Nothing more is read or answered on a closing or stalling connection (and nothing is deleted).
            state = Pop3State.UPDATE;
            input.hold(InputGate.Reason.ENDED);
        }
    }

    /** Answers an unreadable or unknown line; the last one allowed closes the connection. */
    private void invalid(ChannelHandlerContext ctx, String text) {
        if (++invalidCommands >= MAX_INVALID_COMMANDS) {
            record.event(invalidCommands + " invalid commands: the connection is closed");
            closeWith(ctx, CONNECTION_CLOSED);
            return;
        }
        err(ctx, text);
    }

    /** Answers a refused login; after the last one allowed the connection closes. */
    private void loginFailed(ChannelHandlerContext ctx, String text) {
        if (++failedLogins >= MAX_FAILED_LOGINS) {
            record.event(failedLogins + " failed logins: the connection is closed");
            closeWith(ctx, text);
            return;
        }
        err(ctx, text);
    }

    private void closeWith(ChannelHandlerContext ctx, String text) {
        // UPDATE without update(): nothing more is answered and nothing marked is deleted.
        state = Pop3State.UPDATE;
        releaseLock();
        Goodbye.closeAfter(reply(ctx, Pop3Responses.err(text)));
    }

    /** Whether message {@code n} exists and is not marked deleted; answers the client if not. */
    private boolean checkMessage(ChannelHandlerContext ctx, int n) {
        if (maildrop.message(n) == null) {
            err(ctx, OUT_OF_RANGE);
            return false;
        }
        if (maildrop.isDeleted(n)) {
            err(ctx, NO_LONGER_AVAILABLE);
            return false;
        }
        return true;
    }

    /**
     * Logins are refused in plain text on 110: Office 365 answers USER there with
     * {@code -ERR Command is not valid in this state.} (seen in a client's test suite run against
     * outlook.office365.com:110), as IMAP's 143 advertises LOGINDISABLED. STLS comes first.
     */
    private boolean mayLogIn() {
        return state == Pop3State.AUTHORIZATION && tlsActive;
    }

    private void releaseLock() {
        if (lockedMailbox != null) {
            locks.release(lockedMailbox, this);
            lockedMailbox = null;
        }
    }

    private void ok(ChannelHandlerContext ctx, String text) {
        reply(ctx, Pop3Responses.ok(text));
    }

    private void err(ChannelHandlerContext ctx, String text) {
        reply(ctx, Pop3Responses.err(text));
    }

    private ChannelFuture reply(ChannelHandlerContext ctx, Pop3Response response) {
        if (response instanceof Pop3Response.MultiLine multi) {
            record.server(render(Pop3Responses.ok(multi.text())));
            multi.lines().forEach(record::server);
            record.server(".");
        } else if (response instanceof Pop3Response.MessageContent content) {
            record.server(render(Pop3Responses.ok(content.text())));
            record.event("message content: " + content.content().readableBytes() + " octets");
            record.server(".");
        } else {
            record.server(render(response));
        }
        return ctx.writeAndFlush(response);
    }

    private static String render(Pop3Response response) {
        if (response instanceof Pop3Response.Status status) {
            String head = status.positive() ? "+OK" : "-ERR";
            return status.text().isEmpty() ? head : head + " " + status.text();
        }
        if (response instanceof Pop3Response.Continuation continuation) {
            return "+ " + continuation.payload();
        }
        return response.toString();
    }


    /** The client's line as far as the decoder kept it, for the journal (masked by the caller). */
    private static String lineOf(Pop3Request request) {
        String verb = request.command().name();
        if (request.arguments().isEmpty()) {
            return verb;
        }
        return verb + " " + String.join(" ", request.arguments());
    }
}
