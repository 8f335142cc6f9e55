package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.sasl.BearerCredentials;
import dev.o365emulator.codec.sasl.PasswordCredentials;
import dev.o365emulator.codec.sasl.SaslCredentials;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.sasl.SaslMechanism;
import dev.o365emulator.codec.sasl.SaslStep;
import dev.o365emulator.codec.smtp.LastSmtpContent;
import dev.o365emulator.codec.smtp.MailPath;
import dev.o365emulator.codec.smtp.SmtpChunkEnd;
import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.codec.smtp.SmtpContent;
import dev.o365emulator.codec.smtp.SmtpParseResult;
import dev.o365emulator.codec.smtp.SmtpPathParser;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponseEncoder;
import dev.o365emulator.codec.smtp.SmtpResponses;
import dev.o365emulator.codec.smtp.SmtpSaslResponse;
import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.FaultActions;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.journal.Masking;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.net.InputGate;
import dev.o365emulator.server.internal.oauth.TokenDecision;
import dev.o365emulator.server.internal.session.XOAuth2Faults;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.RecipientDecision;
import dev.o365emulator.server.internal.tenant.SendDecision;
import dev.o365emulator.server.internal.tenant.SlotLimiter;
import dev.o365emulator.server.internal.tenant.SubmissionDecision;
import dev.o365emulator.server.internal.tls.StartTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;

/**
 * One SMTP connection speaking Office 365's dialogue on the submission (587), SMTP (25) and
 * implicit-TLS (465) endpoints.
 *
 * <p>Pipeline: {@link SmtpResponseEncoder}, {@link SmtpRequestDecoder}, this handler. Each command
 * checks its syntax and the {@linkplain SmtpState state}, then passes a stage method
 * ({@code onGreeting}, {@code onStartTls}, {@code onAuth}, {@code onMailFrom}, {@code onRcptTo},
 * {@code onMessage}, {@code onLogout}) which asks the fault plan, then does the work.
 *
 * <p>Endpoints:
 * <ul>
 *   <li>587 ({@code smtp.office365.com}): STARTTLS, then AUTH LOGIN or XOAUTH2, then submission.
 *       MAIL without TLS gets {@code 451 5.7.3}, without AUTH {@code 530 5.7.57}.</li>
 *   <li>465: the same after implicit TLS (Office 365 does not serve it; the emulator does, and the
 *       scenarios decide when it is "not served").</li>
 *   <li>25: one listener for both Office 365 identities on port 25. A client that authenticates
 *       (after STARTTLS) submits exactly as on 587, like {@code smtp.office365.com:25}; a client that
 *       does not is an inbound MTA talking to the tenant's MX ({@code <tenant>.mail.protection.outlook.com}):
 *       accepted-domain recipients only, {@code 550 5.4.1} for unknown ones and {@code 550 5.7.64}
 *       for outside domains. The banner, EHLO and error trailers on 25 show the MX identity
 *       ({@link HostIdentity#mxBannerHost()}): the banner is sent before anybody has authenticated,
 *       and the clients that connect to port 25 without being told to submit are mail servers,
 *       which look the MX up in DNS and meet EOP's banner there.</li>
 * </ul>
 *
 * <p>What is stored: the client's bytes after dot-unstuffing (or the BDAT octets), unchanged,
 * after the header fields {@link TraceHeaders} describes ({@code Received:} always; for a
 * submission {@code Sender:} under SendOnBehalf and {@code Message-ID:} when missing). A
 * submission goes to every tenant recipient and, flagged {@code \Seen}, to the sender's Sent
 * Items; recipients the tenant cannot resolve get a {@link NonDeliveryReport} in the sender's Inbox.
 *
 * <p>Limits, from the tenant: SIZE= and the body against the mailbox's MaxSendSize (150 MiB on the
 * MX); recipients per message ({@code 452 4.5.3} past it); three concurrent submissions per mailbox
 * ({@code 432 4.3.2} at MAIL FROM for a fourth); 30 messages a minute (the {@code 250} after the
 * body is delayed on the event loop's scheduler, never by sleeping); 10 000 recipients a day.
 * SIZE= is also held against each recipient's MaxReceiveSize at RCPT ({@code 550 5.2.3}); on the MX
 * the body is buffered only up to the largest MaxReceiveSize of its recipients, as a larger one is
 * refused anyway.
 *
 * <p>Memory, from the server: the body grows only while the budget of bodies in flight
 * ({@link MailDelivery#inFlight()}) has room. Past it the transaction stops buffering, reads the rest of
 * the body and answers {@code 452 4.3.1 Insufficient system resources}; so it does at MAIL FROM when
 * SIZE= already says the body cannot fit, and after the body when the store's budget has no room. The
 * reservation is given back on every way a transaction ends (reply, RSET, EHLO, STARTTLS, close).
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {

    /** The protocol states; connection-scope data (TLS, EHLO name, login) lives beside them. */
    enum SmtpState {
        /** Connected (or just upgraded to TLS): nothing but EHLO/HELO, NOOP, RSET, QUIT, STARTTLS. */
        CONNECTED,
        /** After EHLO/HELO, no transaction. */
        GREETED,
        /** Between a 334 challenge and the client's answer. */
        AUTH,
        /** After MAIL FROM. */
        MAIL,
        /** After at least one accepted RCPT TO. */
        RCPT,
        /** Receiving DATA or BDAT content. */
        CONTENT,
        /** QUIT answered; the connection is closing. */
        CLOSING
    }

    /**
     * Exchange's MaxHeaderSize (Set-ReceiveConnector's default, 256 KB): a longer header is refused with
     * {@code 552 5.3.4 Header size exceeds fixed maximum size}.
     */
    static final int MAX_HEADER_SIZE = 256 * 1024;
    /** Longest Message-ID echoed in a reply; longer ones are replaced so the line stays short. */
    private static final int MAX_ECHOED_MESSAGE_ID = 200;
    private static final AtomicLong INTERNAL_IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000L, 900_000L));
    private static final SmtpResponseEncoder ENCODER = new SmtpResponseEncoder();

    private final EndpointContext context;
    private final SmtpSessionOptions options;
    private final SmtpRequestDecoder decoder;

    private SessionRecord record;
    private SmtpState state = SmtpState.CONNECTED;

    // Connection scope: forgotten only by a TLS upgrade.
    private boolean tls;
    private String heloName;
    private Mailbox login;
    private String lastAuthError;
    private SaslExchange sasl;
    /** From an AUTH until the next recognised command: an unknown line may be a credential (see {@link Masking}). */
    private boolean saslAftermath;

    // Transaction scope: cleared by RSET, EHLO/HELO, the end of the message and the TLS upgrade.
    private Transaction transaction;
    private SmtpResponse bdatRefusal;

    private boolean needsFlush;
    private ScheduledFuture<?> delayedReply;
    /** Pauses reading while a reply is delayed or the client does not read; what arrived meanwhile waits there. */
    private InputGate input;
    private IdleTimeout idle;

    private SmtpSession(EndpointContext context, SmtpSessionOptions options, SmtpRequestDecoder decoder) {
        this.context = context;
        this.options = options;
        this.decoder = decoder;
    }

    /** The {@link SessionInitializer} for the SMTP endpoints with today's Office 365 replies. */
    public static void initialize(Channel channel, EndpointContext context) {
        initializer(SmtpSessionOptions.DEFAULTS).initialize(channel, context);
    }

    /** A {@link SessionInitializer} with these options. */
    public static SessionInitializer initializer(SmtpSessionOptions options) {
        return (channel, context) -> {
            SmtpRequestDecoder decoder = new SmtpRequestDecoder();
            channel.pipeline().addLast("encoder", ENCODER).addLast("decoder", decoder)
                    .addLast("session", new SmtpSession(context, options, decoder));
        };
    }

    /** The message being received: envelope, held submission slot and content so far. */
    private static final class Transaction {
        final MailPath from;
        final SlotLimiter.Slot slot;
        final MemoryBudget inFlight;
        final List<String> recipients = new ArrayList<>();
        long sizeLimit;
        // The largest MaxReceiveSize among the MX recipients so far (0 before the first).
        long largestReceiveSize;
        ByteBuf body;
        // Bytes of the body reserved in the budget of bodies in flight.
        long reserved;
        // The body did not fit the budget: it is read and dropped, then refused.
        boolean overBudget;
        long contentStart;
        boolean smtpUtf8;
        // Where the search for the header's end stopped, and whether it was found.
        int headerScanned;
        boolean headerEnded;
        OptionalLong declaredSize = OptionalLong.empty();

        Transaction(MailPath from, long sizeLimit, SlotLimiter.Slot slot, MemoryBudget inFlight) {
            this.from = from;
            this.sizeLimit = sizeLimit;
            this.slot = slot;
            this.inFlight = inFlight;
        }

        /** Adds content to the body if the budget has room; otherwise drops the body and remembers why. */
        void append(ByteBuf content) {
            if (overBudget || body == null) {
                return;
            }
            int n = content.readableBytes();
            if (!inFlight.tryReserve(n)) {
                overBudget = true;
                dropBody();
                return;
            }
            reserved += n;
            body.writeBytes(content);
        }

        void dropBody() {
            if (body != null) {
                body.release();
                body = null;
            }
            if (reserved > 0) {
                inFlight.release(reserved);
                reserved = 0;
            }
        }

        void release() {
            dropBody();
            if (slot != null) {
                slot.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Netty events

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        record = ConnectionRecorder.record(ctx.channel());
        tls = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
        input = new InputGate(ctx.channel(), msg -> dispatch(ctx, msg), () -> flushIfNeeded(ctx));
        idle = new IdleTimeout(ctx, context.clock(), options.idleTimeout(), () -> input.isHeld(InputGate.Reason.DELAY),
                idleTime -> onIdle(ctx, idleTime));
        idle.start();
        onGreeting(ctx);
        ctx.flush();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof SmtpContent content && !(msg instanceof LastSmtpContent)) {
            idle.progress(content.content().readableBytes());
        } else {
            idle.activity();
        }
        if (state == SmtpState.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Throwable failure = msg instanceof SmtpRequest request ? request.decoderResult().cause()
                : msg instanceof SmtpSaslResponse response ? response.decoderResult().cause() : null;
        if (failure instanceof EndlessLineException endless) {
            // Answered at once, even behind a delay: nothing after it can be read in step.
            ReferenceCountUtil.release(msg);
            onEndlessLine(ctx, endless);
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

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        flushIfNeeded(ctx);
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (delayedReply != null) {
            // The client left before the 250: the message was never accepted, so it is not delivered.
            delayedReply.cancel(false);
            delayedReply = null;
        }
        endTransaction();
        idle.stop();
        input.discardQueued();
        super.channelInactive(ctx);
    }

    /** Handles one decoded message; the {@link InputGate} releases it afterwards. */
    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (state == SmtpState.CLOSING) {
            return;
        }
        if (msg instanceof SmtpRequest request) {
            onRequest(ctx, request);
        } else if (msg instanceof SmtpSaslResponse response) {
            onSaslResponse(ctx, response);
        } else if (msg instanceof LastSmtpContent last) {
            onLastContent(ctx, last);
        } else if (msg instanceof SmtpContent content) {
            onContent(ctx, content);
        } else if (msg instanceof SmtpChunkEnd end) {
            onChunkEnd(ctx, end);
        }
    }

    /**
     * RFC 5321 §4.5.3.2.7 asks a server to wait at least five minutes for the next command; past the
     * idle timeout the connection is closed with {@link SmtpReplies#TIMED_OUT}. A session that already
     * answers nothing more (QUIT, a stalling fault) is closed without a word.
     */
    private void onIdle(ChannelHandlerContext ctx, Duration idleTime) {
        boolean silent = state == SmtpState.CLOSING;
        state = SmtpState.CLOSING;
        input.hold(InputGate.Reason.ENDED);
        if (silent) {
            ctx.close();
            return;
        }
        record.event("idle timeout after " + idleTime.toSeconds() + " s without a command");
        flushIfNeeded(ctx);
        recordReply(SmtpReplies.TIMED_OUT);
        Goodbye.closeAfter(ctx.writeAndFlush(SmtpReplies.TIMED_OUT));
    }

    /**
     * A line that went on far past the line limit without an end: the decoder can no longer tell
     * where the next command starts, so the line is answered as any over-long one and the
     * connection is closed (RFC 5321 §7.8 lets a server end a connection that is attacking it).
     */
    private void onEndlessLine(ChannelHandlerContext ctx, EndlessLineException endless) {
        record.protocolError("endless command line: " + endless.getMessage());
        state = SmtpState.CLOSING;
        input.hold(InputGate.Reason.ENDED);
        flushIfNeeded(ctx);
        recordReply(SmtpReplies.LINE_TOO_LONG);
        Goodbye.closeAfter(ctx.writeAndFlush(SmtpReplies.LINE_TOO_LONG));
    }

    // ---------------------------------------------------------------------------------------------
    // Commands: syntax and state first, then the stage method

    private void onRequest(ChannelHandlerContext ctx, SmtpRequest request) {
        if (request.decoderResult().isFailure()) {
            onUndecodable(ctx, request);
            return;
        }
        String argument = request.argument();
        SmtpCommand verb = request.command();
        if (verb.isKnown()) {
            saslAftermath = verb.equals(SmtpCommand.AUTH);
            record.client(Masking.mask(Protocol.SMTP, verb.name() + (argument.isEmpty() ? "" : " " + argument)));
        } else {
            record.client(Masking.unrecognised(Protocol.SMTP, verb.spelling() + (argument.isEmpty() ? "" : " " + argument),
                    saslAftermath));
        }
        switch (request.command().name()) {
            case "STARTTLS" -> handleStartTls(ctx, request);
            case "AUTH" -> handleAuth(ctx, request);
            case "MAIL" -> handleMail(ctx, request);
            case "RCPT" -> handleRcpt(ctx, request);
            case "QUIT" -> onLogout(ctx);
            default -> onCommand(ctx, request);
        }
    }

    /** The commands without a stage of their own (stage {@code command}). */
    private void command(ChannelHandlerContext ctx, SmtpRequest request) {
        String argument = request.argument();
        switch (request.command().name()) {
            case "EHLO", "HELO" -> handleHello(ctx, request);
            case "DATA" -> handleData(ctx, request);
            case "BDAT" -> handleBdat(ctx);
            case "RSET" -> {
                endTransaction();
                state = state == SmtpState.CONNECTED ? SmtpState.CONNECTED : SmtpState.GREETED;
                reply(ctx, SmtpReplies.RESETTING);
            }
            case "NOOP" -> reply(ctx, SmtpReplies.OK);
            case "VRFY" -> reply(ctx, argument.isBlank() ? SmtpReplies.INVALID_ARGUMENTS : SmtpReplies.VRFY);
            // EXPN and HELP are not implemented by Exchange: they get the unknown-verb reply.
            // Echoed as the client spelled it, or masked whole when it may be a credential.
            default -> reply(ctx, SmtpReplies.unrecognized(request.command().isKnown() ? request.command().name()
                    : Masking.unrecognised(Protocol.SMTP, request.command().spelling(), saslAftermath)));
        }
    }

    private void onUndecodable(ChannelHandlerContext ctx, SmtpRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (request.command().equals(dev.o365emulator.codec.smtp.SmtpCommand.BDAT)) {
            record.client("BDAT " + request.argument());
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
            return;
        }
        record.protocolError("undecodable command line: " + cause.getMessage());
        reply(ctx, cause instanceof TooLongFrameException ? SmtpReplies.LINE_TOO_LONG : SmtpReplies.SYNTAX_ERROR);
    }

    private void handleHello(ChannelHandlerContext ctx, SmtpRequest request) {
        List<String> words = request.parameters();
        String name = words.isEmpty() ? "" : words.get(0);
        if (name.isEmpty()) {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
            return;
        }
        endTransaction();
        heloName = name;
        state = SmtpState.GREETED;
        boolean ehlo = request.command().name().equals("EHLO");
        reply(ctx, ehlo
                ? SmtpReplies.ehlo(host(), clientIp(ctx), !tls && context.endpoint().tlsMode() == TlsMode.STARTTLS, tls,
                        plainAllowed())
                : SmtpReplies.helo(host(), clientIp(ctx)));
    }

    private void handleStartTls(ChannelHandlerContext ctx, SmtpRequest request) {
        if (tls) {
            // Not offered after TLS (nor on 465): Exchange treats it as an unknown verb.
            reply(ctx, SmtpReplies.unrecognized("STARTTLS"));
        } else if (!request.argument().isBlank()) {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
        } else if (state == SmtpState.CONNECTED) {
            reply(ctx, SmtpReplies.sendHelloFirst(trailer()));
        } else {
            onStartTls(ctx);
        }
    }

    private void handleAuth(ChannelHandlerContext ctx, SmtpRequest request) {
        List<String> parameters = request.parameters();
        if (state == SmtpState.CONNECTED) {
            reply(ctx, SmtpReplies.sendHelloFirst(trailer()));
        } else if (!tls) {
            // AUTH is never offered in plain text. On 587 Office 365 insists on TLS; the MX on 25
            // offers no mechanism at all, so any is unrecognised there.
            reply(ctx, context.endpoint() == Endpoint.SMTP
                    ? SmtpReplies.unrecognizedAuthType(trailer()) : SmtpReplies.startTlsRequired(trailer()));
        } else if (login != null) {
            reply(ctx, SmtpReplies.ALREADY_AUTHENTICATED);
        } else if (transaction != null) {
            reply(ctx, SmtpReplies.SENDER_ALREADY_SPECIFIED);
        } else if (parameters.isEmpty() || parameters.size() > 2) {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
        } else {
            // PLAIN exists in the codec (IMAP and POP3 offer it) but Office 365's SMTP refuses it;
            // only a tenant that is no Office 365 one (the "generic" profile) allows it.
            Optional<SaslMechanism> mechanism = SaslMechanism.named(parameters.get(0))
                    .filter(m -> m != SaslMechanism.PLAIN || plainAllowed());
            if (mechanism.isEmpty()) {
                reply(ctx, SmtpReplies.unrecognizedAuthType(trailer()));
            } else {
                onAuth(ctx, mechanism.get(), parameters.size() == 2 ? parameters.get(1) : null);
            }
        }
    }

    private void handleMail(ChannelHandlerContext ctx, SmtpRequest request) {
        if (state == SmtpState.CONNECTED) {
            reply(ctx, SmtpReplies.sendHelloFirst(trailer()));
            return;
        }
        if (transaction != null) {
            reply(ctx, SmtpReplies.SENDER_ALREADY_SPECIFIED);
            return;
        }
        SmtpParseResult<SmtpPathParser.MailFrom> parsed = SmtpPathParser.parseMailFrom(request.argument());
        if (parsed instanceof SmtpParseResult.Parsed<SmtpPathParser.MailFrom> mailFrom) {
            if (!mailFrom.value().reversePath().isAscii() && !mailFrom.value().parameters().smtpUtf8()) {
                reply(ctx, SmtpReplies.NON_ASCII_SENDER);
                return;
            }
            onMailFrom(ctx, mailFrom.value());
        } else {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
        }
    }

    private void handleRcpt(ChannelHandlerContext ctx, SmtpRequest request) {
        if (transaction == null) {
            reply(ctx, SmtpReplies.NEED_MAIL);
            return;
        }
        SmtpParseResult<SmtpPathParser.RcptTo> parsed = SmtpPathParser.parseRcptTo(request.argument());
        if (parsed instanceof SmtpParseResult.Parsed<SmtpPathParser.RcptTo> rcptTo) {
            if (!rcptTo.value().forwardPath().isAscii() && !transaction.smtpUtf8) {
                reply(ctx, SmtpReplies.NON_ASCII_RECIPIENT);
                return;
            }
            onRcptTo(ctx, rcptTo.value());
        } else {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
        }
    }

    private void handleData(ChannelHandlerContext ctx, SmtpRequest request) {
        if (transaction == null) {
            reply(ctx, SmtpReplies.NEED_MAIL);
        } else if (transaction.recipients.isEmpty()) {
            reply(ctx, SmtpReplies.NEED_RCPT);
        } else if (state == SmtpState.CONTENT) {
            // RFC 3030 §2: BDAT chunks already began this message; DATA may not mix with them.
            reply(ctx, SmtpReplies.BAD_SEQUENCE);
        } else if (!request.argument().isBlank()) {
            reply(ctx, SmtpReplies.INVALID_ARGUMENTS);
        } else {
            decoder.startData(transaction.sizeLimit);
            startContent(ctx);
            reply(ctx, SmtpReplies.START_MAIL_INPUT);
        }
    }

    // The decoder consumes the chunk whatever is answered; a refused chunk is answered when it ends.
    private void handleBdat(ChannelHandlerContext ctx) {
        if (transaction == null) {
            bdatRefusal = SmtpReplies.NEED_MAIL;
        } else if (transaction.recipients.isEmpty()) {
            bdatRefusal = SmtpReplies.NEED_RCPT;
        } else if (state != SmtpState.CONTENT) {
            startContent(ctx);
        }
    }

    private void startContent(ChannelHandlerContext ctx) {
        state = SmtpState.CONTENT;
        transaction.contentStart = System.nanoTime();
        transaction.body = ctx.alloc().buffer(4096);
    }

    private void onContent(ChannelHandlerContext ctx, SmtpContent content) {
        if (bdatRefusal == null && transaction != null) {
            boolean wasOver = transaction.overBudget;
            transaction.append(content.content());
            if (transaction.overBudget && !wasOver) {
                record.event("message body dropped: the budget of bodies in flight ("
                        + transaction.inFlight.limit() + " bytes) is used up");
            }
        }
    }

    private void onChunkEnd(ChannelHandlerContext ctx, SmtpChunkEnd end) {
        record.event("BDAT chunk of " + end.chunkSize() + " octets");
        if (bdatRefusal != null) {
            reply(ctx, bdatRefusal);
            bdatRefusal = null;
            return;
        }
        if (transaction != null && transaction.overBudget) {
            // Like a header refusal: the transaction ends here, a further BDAT gets "503 5.5.2".
            reply(ctx, SmtpReplies.INSUFFICIENT_RESOURCES);
            finishTransaction();
            return;
        }
        if (headerTooLarge()) {
            refuseHeader(ctx);
            return;
        }
        reply(ctx, SmtpReplies.chunkReceived(end.chunkSize()));
    }

    private void onLastContent(ChannelHandlerContext ctx, LastSmtpContent last) {
        record.event("message content: " + last.messageSize() + " octets");
        if (bdatRefusal != null) {
            reply(ctx, bdatRefusal);
            bdatRefusal = null;
            return;
        }
        if (transaction == null || transaction.body == null && !transaction.overBudget) {
            return;
        }
        // Too large is permanent and said first: a transient refusal would only make the sender retry.
        if (last.tooLarge()) {
            reply(ctx, isSubmission() ? SmtpReplies.submissionTooLarge(context.identity().mailboxServerFqdn())
                    : SmtpReplies.SIZE_EXCEEDED);
            finishTransaction();
            return;
        }
        if (transaction.overBudget) {
            reply(ctx, SmtpReplies.INSUFFICIENT_RESOURCES);
            finishTransaction();
            return;
        }
        // Exchange's limit is on the message, whichever way it came; the capture shows it after BDAT.
        if (headerTooLarge()) {
            refuseHeader(ctx);
            return;
        }
        if (context.store().budget().available() < MailStore.cost(transaction.body.readableBytes(), 1)) {
            // Refused before the body is copied onto the heap; delivery checks the budget exactly again.
            record.event("message refused: the store's budget (" + context.store().budget().limit()
                    + " bytes) has no room for it");
            reply(ctx, SmtpReplies.INSUFFICIENT_RESOURCES);
            finishTransaction();
            return;
        }
        byte[] client = new byte[transaction.body.readableBytes()];
        transaction.body.readBytes(client);
        onMessage(ctx, client);
    }

    /** Whether the content so far has no end of header within {@link #MAX_HEADER_SIZE} octets. */
    private boolean headerTooLarge() {
        Transaction t = transaction;
        if (t == null || t.body == null || t.headerEnded) {
            return false;
        }
        ByteBuf b = t.body;
        int base = b.readerIndex();
        // The header is the fields up to and including the CRLF before the blank line; at most
        // MAX_HEADER_SIZE octets, so the blank line's CRLF ends at index MAX_HEADER_SIZE + 1 at the latest.
        int limit = Math.min(b.readableBytes(), MAX_HEADER_SIZE + 2);
        if (limit >= 2 && b.getByte(base) == '\r' && b.getByte(base + 1) == '\n') {
            t.headerEnded = true; // no header at all
            return false;
        }
        // Resumes where the last chunk's search stopped, so many small chunks cost no more than one.
        for (int i = Math.max(3, t.headerScanned); i < limit; i++) {
            if (b.getByte(base + i) == '\n' && b.getByte(base + i - 1) == '\r' && b.getByte(base + i - 2) == '\n'
                    && b.getByte(base + i - 3) == '\r') {
                t.headerEnded = true;
                return false;
            }
        }
        t.headerScanned = limit;
        return b.readableBytes() >= MAX_HEADER_SIZE + 2;
    }

    private void refuseHeader(ChannelHandlerContext ctx) {
        record.event("header longer than " + MAX_HEADER_SIZE + " octets");
        reply(ctx, SmtpReplies.HEADER_TOO_LARGE);
        // The transaction is over; the client's RSET gets "250 2.0.0 Resetting", a further BDAT "503 5.5.2".
        finishTransaction();
    }

    private void onSaslResponse(ChannelHandlerContext ctx, SmtpSaslResponse response) {
        record.clientSecret();
        if (sasl == null) {
            return;
        }
        if (response.decoderResult().isFailure()) {
            sasl = null;
            state = SmtpState.GREETED;
            reply(ctx, SmtpReplies.CANNOT_DECODE);
            return;
        }
        continueSasl(ctx, sasl.mechanism(), sasl.respond(response.line()));
    }

    // ---------------------------------------------------------------------------------------------
    // Stages: where the fault plan will be consulted, then the real work

    private void onGreeting(ChannelHandlerContext ctx) {
        reply(ctx, SmtpReplies.banner(host(), HostIdentity.bannerDate(now()), context.identity().instanceMarker()));
    }

    private void onCommand(ChannelHandlerContext ctx, SmtpRequest request) {
        String name = request.command().name();
        FaultDecision decision = decide(ctx, event(ctx, Stage.COMMAND).command(name));
        if (name.equals("BDAT") && decision.reply() != null && decision.fault() == null) {
            // The chunk follows the BDAT line whatever is answered: the rule's reply answers it when it
            // ends (after the rule's delay, if any), in place of the session's own reply, never beside it.
            SmtpResponse refusal = SmtpReplyRenderer.response(decision.reply());
            apply(ctx, decision.delayOnly(), () -> bdatRefusal = refusal, () -> { });
            return;
        }
        apply(ctx, decision, () -> command(ctx, request), () -> { });
    }

    private void onStartTls(ChannelHandlerContext ctx) {
        apply(ctx, decide(ctx, event(ctx, Stage.STARTTLS).command("STARTTLS")), () -> startTls(ctx), () -> { });
    }

    private void startTls(ChannelHandlerContext ctx) {
        recordReply(SmtpReplies.TLS_GO_AHEAD);
        flushIfNeeded(ctx);
        StartTls.upgrade(ctx, context.tls(), decoder, record, SmtpReplies.TLS_GO_AHEAD);
        // RFC 3207 §4.2: everything learnt in plain text is forgotten.
        tls = true;
        heloName = null;
        login = null;
        lastAuthError = null;
        endTransaction();
        state = SmtpState.CONNECTED;
        int discarded = input.discardQueued();
        if (discarded > 0) {
            // Commands pipelined behind a delayed STARTTLS were sent in plain text: never executed.
            record.protocolError(discarded + " command(s) pipelined after STARTTLS discarded");
        }
    }

    /** Stage {@code auth}: the exchange is complete, the credentials are not checked yet. */
    private void onAuthenticating(ChannelHandlerContext ctx, SaslMechanism mechanism, SaslCredentials credentials) {
        if (credentials instanceof BearerCredentials) {
            // XOAUTH2 reports its auth stage itself (XOAuth2Faults), so a rule counts the login once.
            checkCredentials(ctx, mechanism, credentials);
            return;
        }
        StageEvent.Builder event = event(ctx, Stage.AUTH).command("AUTH").mechanism(mechanism.name())
                .user(credentials.user());
        apply(ctx, decide(ctx, event), () -> checkCredentials(ctx, mechanism, credentials), () -> { });
    }

    private void onAuth(ChannelHandlerContext ctx, SaslMechanism mechanism, String initialResponse) {
        sasl = mechanism.newExchange();
        continueSasl(ctx, mechanism, initialResponse == null ? sasl.start() : sasl.start(initialResponse));
    }

    private void continueSasl(ChannelHandlerContext ctx, SaslMechanism mechanism, SaslStep step) {
        if (step instanceof SaslStep.Challenge challenge) {
            state = SmtpState.AUTH;
            decoder.expectSaslResponse();
            reply(ctx, SmtpResponses.challenge(challenge.base64()));
            return;
        }
        sasl = null;
        state = SmtpState.GREETED;
        if (step instanceof SaslStep.Success success) {
            onAuthenticating(ctx, mechanism, success.credentials());
            return;
        }
        SaslStep.Failure failure = (SaslStep.Failure) step;
        record.event("AUTH " + mechanism + " failed: " + failure.detail());
        reply(ctx, switch (failure.reason()) {
            case CANCELLED -> SmtpReplies.AUTH_CANCELLED;
            case MALFORMED_BASE64 -> SmtpReplies.CANNOT_DECODE;
            case MALFORMED_MESSAGE -> mechanism == SaslMechanism.XOAUTH2 ? SmtpReplies.INVALID_XOAUTH2
                    : refuse(AuthDecision.Reason.BAD_CREDENTIALS);
        });
    }

    private void checkCredentials(ChannelHandlerContext ctx, SaslMechanism mechanism, SaslCredentials credentials) {
        if (credentials instanceof PasswordCredentials password) {
            credentialsDecided(ctx, mechanism, credentials,
                    context.tenant().authenticateBasic(Protocol.SMTP, password.user(), password.password()));
            return;
        }
        BearerCredentials bearer = (BearerCredentials) credentials;
        XOAuth2Faults.authenticate(ctx, context, Protocol.SMTP, "AUTH", bearer.user(), bearer.token(),
                (decision, proceed) -> apply(ctx, decision, proceed, () -> { }), token -> {
            // SMTP has no "authenticated but not connected": a token without the SMTP scope is refused.
            credentialsDecided(ctx, mechanism, credentials, token instanceof TokenDecision.Accepted accepted
                    ? context.tenant().authenticateToken(Protocol.SMTP, accepted.subject(), bearer.user())
                    : new AuthDecision.Refused(AuthDecision.Reason.BAD_CREDENTIALS));
            flushIfNeeded(ctx); // a fault rule's delay may run this outside channelRead
        });
    }

    private void credentialsDecided(ChannelHandlerContext ctx, SaslMechanism mechanism, SaslCredentials credentials,
            AuthDecision decision) {
        if (decision instanceof AuthDecision.Allowed allowed) {
            login = allowed.mailbox();
            lastAuthError = null;
            record.authenticated(allowed.user().address(), mechanism.name());
            reply(ctx, SmtpReplies.AUTH_OK);
        } else {
            AuthDecision.Reason reason = ((AuthDecision.Refused) decision).reason();
            record.event("AUTH " + mechanism + " as " + credentials.user() + " refused: " + reason);
            reply(ctx, refuse(reason));
        }
    }

    private SmtpResponse refuse(AuthDecision.Reason reason) {
        Office365Reply refusal = AuthRefusals.of(reason);
        // The 530 that refuses a later MAIL FROM repeats this reply, without its trailer.
        lastAuthError = SmtpReplyRenderer.lines(SmtpReplyRenderer.response(refusal)).get(0);
        return SmtpReplyRenderer.response(refusal.with(ReplyArgs.of(ReplyArgs.TRAILER, trailer())));
    }

    private void onMailFrom(ChannelHandlerContext ctx, SmtpPathParser.MailFrom mailFrom) {
        MailPath sender = mailFrom.reversePath();
        StageEvent.Builder event = event(ctx, Stage.MAIL_FROM).command("MAIL")
                .sender(sender.isNull() ? null : sender.address());
        apply(ctx, decide(ctx, event), () -> mailFrom(ctx, mailFrom), () -> { });
    }

    private void mailFrom(ChannelHandlerContext ctx, SmtpPathParser.MailFrom mailFrom) {
        boolean submission = isSubmission();
        if (submission && !tls) {
            reply(ctx, SmtpReplies.startTlsRequired(trailer()));
            return;
        }
        if (submission && login == null) {
            reply(ctx, SmtpReplies.notAuthenticated(lastAuthError, trailer()));
            return;
        }
        long limit = submission ? login.maxSendSize() : SmtpReplies.ADVERTISED_SIZE;
        if (mailFrom.parameters().size().isPresent() && mailFrom.parameters().size().getAsLong() > limit) {
            reply(ctx, SmtpReplies.SIZE_EXCEEDED);
            return;
        }
        if (mailFrom.parameters().size().isPresent() && !roomFor(mailFrom.parameters().size().getAsLong())) {
            // RFC 1870 §6.1: a size the server cannot take now, though it could later, gets a 452 here.
            record.event("SIZE=" + mailFrom.parameters().size().getAsLong() + " refused: no room in memory now");
            reply(ctx, SmtpReplies.INSUFFICIENT_RESOURCES);
            return;
        }
        SlotLimiter.Slot slot = null;
        if (submission) {
            Optional<SlotLimiter.Slot> acquired = context.tenant().submissions().tryAcquireSlot(login.address());
            if (acquired.isEmpty()) {
                reply(ctx, SmtpReplies.senderThreadLimit(context.identity().mailboxServerFqdn()));
                return;
            }
            slot = acquired.get();
        }
        transaction = new Transaction(mailFrom.reversePath(), limit, slot, context.delivery().inFlight());
        transaction.smtpUtf8 = mailFrom.parameters().smtpUtf8();
        transaction.declaredSize = mailFrom.parameters().size();
        decoder.setMaxMessageSize(limit);
        state = SmtpState.MAIL;
        reply(ctx, SmtpReplies.SENDER_OK);
    }

    private void onRcptTo(ChannelHandlerContext ctx, SmtpPathParser.RcptTo rcptTo) {
        StageEvent.Builder event = event(ctx, Stage.RCPT_TO).command("RCPT")
                .recipient(rcptTo.forwardPath().address());
        apply(ctx, decide(ctx, event), () -> rcptTo(ctx, rcptTo), () -> { });
    }

    private void rcptTo(ChannelHandlerContext ctx, SmtpPathParser.RcptTo rcptTo) {
        if (transaction.recipients.size() >= context.tenant().settings().limits().maxRecipientsPerMessage()) {
            reply(ctx, SmtpReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        String address = rcptTo.forwardPath().address();
        OptionalLong declared = transaction.declaredSize;
        RecipientDecision decision = null;
        if (!isSubmission()) {
            decision = context.tenant().recipient(address);
            if (decision instanceof RecipientDecision.UnknownInAcceptedDomain) {
                reply(ctx, SmtpReplies.mxRecipientRejected(trailer()));
                return;
            }
            if (decision instanceof RecipientDecision.External) {
                reply(ctx, SmtpReplies.mxRelayDenied(trailer()));
                return;
            }
        } else if (declared.isPresent()) {
            decision = context.tenant().recipient(address);
        }
        long receiveLimit = decision == null ? Long.MAX_VALUE : receiveLimit(decision);
        if (declared.isPresent() && declared.getAsLong() > receiveLimit) {
            // What Office 365 would report for this recipient after accepting the message (its NDR), said
            // before the body is sent: a recipient that cannot take it costs no buffer.
            reply(ctx, SmtpReplies.RECIPIENT_SIZE_EXCEEDED);
            return;
        }
        if (!isSubmission()) {
            // A message larger than every MX recipient's MaxReceiveSize is refused after the body anyway
            // (552 5.3.4): it need not be buffered past the largest of them.
            transaction.largestReceiveSize = Math.max(transaction.largestReceiveSize, receiveLimit);
            transaction.sizeLimit = Math.min(SmtpReplies.ADVERTISED_SIZE, transaction.largestReceiveSize);
            decoder.setMaxMessageSize(transaction.sizeLimit);
        }
        // A submission accepts any recipient here; unknown ones get a non-delivery report afterwards.
        transaction.recipients.add(address);
        state = SmtpState.RCPT;
        reply(ctx, SmtpReplies.RECIPIENT_OK);
    }

    private void onMessage(ChannelHandlerContext ctx, byte[] client) {
        MessageHeaders headers = MessageHeaders.read(client);
        // The From header is the address a SendAs refusal names ("not allowed to send as <from>").
        String sender = !headers.from().isEmpty() ? headers.from().get(0)
                : transaction.from.isNull() ? null : transaction.from.address();
        StageEvent.Builder event = event(ctx, Stage.MESSAGE).sender(sender);
        apply(ctx, decide(ctx, event), () -> message(ctx, client, headers), this::finishTransaction);
    }

    private void message(ChannelHandlerContext ctx, byte[] client, MessageHeaders headers) {
        if (isSubmission()) {
            submit(ctx, client, headers);
        } else {
            receiveInbound(ctx, client, headers);
        }
    }

    private void onLogout(ChannelHandlerContext ctx) {
        apply(ctx, decide(ctx, event(ctx, Stage.LOGOUT).command("QUIT")), () -> logout(ctx), () -> { });
    }

    private void logout(ChannelHandlerContext ctx) {
        state = SmtpState.CLOSING;
        recordReply(SmtpReplies.CLOSING);
        ctx.writeAndFlush(SmtpReplies.CLOSING).addListener(ChannelFutureListener.CLOSE);
    }

    // ---------------------------------------------------------------------------------------------
    // The work after the body

    private void submit(ChannelHandlerContext ctx, byte[] client, MessageHeaders headers) {
        String mailboxServer = context.identity().mailboxServerFqdn();
        // Exchange checks the envelope sender and the From header alike (o365-reference.md §4).
        List<String> senders = new ArrayList<>(headers.from());
        if (!transaction.from.isNull()) {
            senders.add(0, transaction.from.address());
        }
        boolean onBehalf = false;
        for (String sender : senders) {
            SendDecision decision = context.tenant().sendAs(login, sender);
            if (!decision.allowed()) {
                record.event("SendAs denied: " + login.address() + " may not send as " + sender);
                reply(ctx, SmtpReplies.sendAsDenied(options.sendAsDeniedForm(), login.address(), bounded(sender, 256),
                        mailboxServer));
                finishTransaction();
                return;
            }
            onBehalf |= decision instanceof SendDecision.SendOnBehalf;
        }
        SubmissionDecision admitted = context.tenant().submissions().admit(login.address(), transaction.recipients.size());
        if (admitted instanceof SubmissionDecision.Refused refused) {
            record.event("submission refused by the " + refused.limit() + " limit");
            reply(ctx, refused.limit() == SubmissionDecision.Limit.RECIPIENTS_PER_DAY
                    ? SmtpReplies.submissionQuotaExceeded(mailboxServer) : SmtpReplies.TOO_MANY_RECIPIENTS);
            finishTransaction();
            return;
        }
        String messageId = headers.messageId() != null && headers.messageId().length() <= MAX_ECHOED_MESSAGE_ID
                ? headers.messageId() : null;
        StringBuilder prefix = new StringBuilder(received(ctx, context.identity().fqdn()));
        if (onBehalf && !headers.hasSender()) {
            prefix.append("Sender: ").append(login.address()).append("\r\n");
        }
        if (headers.messageId() == null) {
            messageId = newMessageId(mailboxServer);
            prefix.append("Message-ID: ").append(messageId).append("\r\n");
        } else if (messageId == null) {
            messageId = newMessageId(mailboxServer);
        }
        byte[] raw = concat(prefix.toString().getBytes(StandardCharsets.UTF_8), client);
        String replyId = messageId;
        List<String> recipients = List.copyOf(transaction.recipients);
        Mailbox sender = login;
        Duration delay = ((SubmissionDecision.Admitted) admitted).delay();
        if (delay.isZero() || delay.isNegative()) {
            deliverSubmission(ctx, sender, recipients, raw, headers, replyId);
            return;
        }
        // Office 365 holds messages beyond 30 a minute back; here the 250 waits, on the event loop's timer.
        record.event("submission delayed " + delay.toMillis() + " ms by the messages-per-minute rate");
        input.hold(InputGate.Reason.DELAY);
        delayedReply = ctx.executor().schedule(() -> {
            delayedReply = null;
            deliverSubmission(ctx, sender, recipients, raw, headers, replyId);
            idle.activity();
            input.release(InputGate.Reason.DELAY);
            flushIfNeeded(ctx);
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void deliverSubmission(ChannelHandlerContext ctx, Mailbox sender, List<String> recipients, byte[] raw,
            MessageHeaders headers, String messageId) {
        String mailboxServer = context.identity().mailboxServerFqdn();
        try {
            MailDelivery.SubmissionResult result = context.delivery().deliverSubmission(sender, recipients, raw,
                    record.index());
            List<NonDeliveryReport.Failure> failures = new ArrayList<>();
            for (MailDelivery.RecipientResult r : result.recipients()) {
                if (r instanceof MailDelivery.RecipientResult.Unknown u) {
                    failures.add(NonDeliveryReport.Failure.notFound(u.recipient()));
                } else if (r instanceof MailDelivery.RecipientResult.TooLarge t) {
                    failures.add(NonDeliveryReport.Failure.tooLarge(t.recipient()));
                } else if (r instanceof MailDelivery.RecipientResult.MailboxFull f) {
                    failures.add(NonDeliveryReport.Failure.mailboxFull(f.recipient()));
                }
            }
            if (!failures.isEmpty()) {
                sendNonDeliveryReport(sender, raw, headers, failures);
            }
            record.event("submitted " + messageId + " to " + recipients.size() + " recipient(s)");
            reply(ctx, SmtpReplies.queued(messageId, mailboxServer));
        } catch (FolderException full) {
            // Nothing was stored: the store's budget is transient, the sender's own quota is not.
            record.event("submission failed: " + full.getMessage());
            reply(ctx, full.reason() == FolderException.Reason.STORE_FULL ? SmtpReplies.INSUFFICIENT_RESOURCES
                    : SmtpReplies.mailboxFull(mailboxServer));
        }
        finishTransaction();
    }

    private void sendNonDeliveryReport(Mailbox sender, byte[] raw, MessageHeaders headers,
            List<NonDeliveryReport.Failure> failures) {
        int headerEnd = MessageHeaders.read(raw).headerEnd();
        byte[] originalHeader = new byte[headerEnd];
        System.arraycopy(raw, 0, originalHeader, 0, headerEnd);
        byte[] report = NonDeliveryReport.build(systemDomain(), sender.address(), context.identity().mailboxServerFqdn(),
                headers.subject(), originalHeader, failures, now());
        try {
            MailDelivery.RecipientResult stored = context.delivery().deliver(sender.address(), report);
            record.event((stored instanceof MailDelivery.RecipientResult.Delivered ? "non-delivery report to "
                    : "non-delivery report lost (" + stored + ") to ") + sender.address() + " for "
                    + failures.stream().map(NonDeliveryReport.Failure::recipient).toList());
        } catch (FolderException full) {
            record.event("non-delivery report lost: " + full.getMessage());
        }
    }

    private void receiveInbound(ChannelHandlerContext ctx, byte[] client, MessageHeaders headers) {
        byte[] raw = concat(received(ctx, context.identity().mxFqdn()).getBytes(StandardCharsets.UTF_8), client);
        List<MailDelivery.RecipientResult> results;
        try {
            results = context.delivery().deliverInbound(
                    List.copyOf(new LinkedHashSet<>(lowerCase(transaction.recipients))), raw, record.index());
        } catch (FolderException storeFull) {
            // The store's budget is the emulator's own resource, not the recipients': try again later.
            record.event("inbound message refused: " + storeFull.getMessage());
            reply(ctx, SmtpReplies.INSUFFICIENT_RESOURCES);
            finishTransaction();
            return;
        }
        int delivered = 0;
        boolean mailboxFull = false;
        for (MailDelivery.RecipientResult result : results) {
            if (result instanceof MailDelivery.RecipientResult.Delivered) {
                delivered++;
            } else {
                mailboxFull |= result instanceof MailDelivery.RecipientResult.MailboxFull;
                record.event("inbound message not delivered to " + result.recipient() + ": " + result);
            }
        }
        if (delivered == 0) {
            // Every recipient refused it (full, or over their MaxReceiveSize): the sender hears it now.
            reply(ctx, mailboxFull ? SmtpReplies.inboundMailboxFull(context.identity().mailboxServerFqdn())
                    : SmtpReplies.SIZE_EXCEEDED);
            finishTransaction();
            return;
        }
        String messageId = headers.messageId() != null && headers.messageId().length() <= MAX_ECHOED_MESSAGE_ID
                ? headers.messageId() : newMessageId(context.identity().mailboxServerFqdn());
        double seconds = Math.max(0.001, (System.nanoTime() - transaction.contentStart) / 1e9);
        // EOP's acceptance reply (Exchange's "Queued mail for delivery" form, with its byte count and rate).
        reply(ctx, SmtpResponses.of(250, "2.6.0", String.format(Locale.ROOT,
                "%s [InternalId=%d, Hostname=%s] %d bytes in %.3f, %.3f KB/sec Queued mail for delivery",
                messageId, INTERNAL_IDS.incrementAndGet(), context.identity().mailboxServerFqdn(), raw.length, seconds,
                raw.length / 1024.0 / seconds)));
        finishTransaction();
    }

    // ---------------------------------------------------------------------------------------------
    // The fault plan

    /** An event at a stage of this connection, with the login once there is one. */
    private StageEvent.Builder event(ChannelHandlerContext ctx, Stage stage) {
        return context.faults().event(ctx.channel(), stage).user(login == null ? null : login.address());
    }

    /** Asks the active scenario; a firing is recorded in the journal with its rule id. */
    private FaultDecision decide(ChannelHandlerContext ctx, StageEvent.Builder event) {
        return context.faults().decide(ctx.channel(), event.build());
    }

    /**
     * Carries out a stage's decision: the normal work, or the rule's delay, reply and fault.
     * {@code refused} leaves the session as a refusal of that stage does.
     */
    private void apply(ChannelHandlerContext ctx, FaultDecision decision, Runnable proceed, Runnable refused) {
        if (decision.isProceed()) {
            proceed.run();
            return;
        }
        if (decision.delay().isZero()) {
            act(ctx, decision, proceed, refused);
            return;
        }
        // Scheduled here rather than by FaultActions so that commands pipelined meanwhile wait their turn.
        input.hold(InputGate.Reason.DELAY);
        delayedReply = ctx.executor().schedule(() -> {
            delayedReply = null;
            act(ctx, decision, proceed, refused);
            idle.activity();
            input.release(InputGate.Reason.DELAY);
            flushIfNeeded(ctx);
        }, decision.delay().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void act(ChannelHandlerContext ctx, FaultDecision d, Runnable proceed, Runnable refused) {
        if (d.reply() != null) {
            refused.run();
        }
        if (d.fault() != null && d.fault() != Fault.THROTTLE) {
            // The connection ends or goes silent: nothing the client sends next is read or answered.
            state = SmtpState.CLOSING;
            input.hold(InputGate.Reason.ENDED);
        }
        // The session's earlier replies go out first; FaultActions writes straight to the channel.
        flushIfNeeded(ctx);
        if (d.fault() == Fault.TLS_HANDSHAKE_FAILURE && d.stage() == Stage.STARTTLS) {
            // The go-ahead is sent, then the client's ClientHello meets a fatal alert.
            reply(ctx, SmtpReplies.TLS_GO_AHEAD);
            flushIfNeeded(ctx);
            FaultActions.failTlsHandshake(ctx);
            return;
        }
        FaultActions.apply(ctx, d.now(), SmtpReplyRenderer.RESPONSES, proceed);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Whether a body of {@code size} octets fits, now, in the bodies in flight and in the store. */
    private boolean roomFor(long size) {
        return size <= context.delivery().inFlight().available()
                && MailStore.cost(size, 1) <= context.store().budget().available();
    }

    /** The largest message the recipient accepts: its MaxReceiveSize, a group's smallest member's. */
    private static long receiveLimit(RecipientDecision decision) {
        if (decision instanceof RecipientDecision.Local l) {
            return l.mailbox().maxReceiveSize();
        }
        if (decision instanceof RecipientDecision.GroupMembers g) {
            return g.members().stream().mapToLong(Mailbox::maxReceiveSize).min().orElse(Long.MAX_VALUE);
        }
        return Long.MAX_VALUE;
    }

    /** Not Office 365: a tenant knob of the "generic" profile offers and accepts AUTH PLAIN. */
    private boolean plainAllowed() {
        return context.tenant().settings().smtpAuthPlainAllowed();
    }

    /** Whether MAIL FROM starts a submission (587, 465, or 25 after AUTH) rather than inbound mail to the MX. */
    private boolean isSubmission() {
        return context.endpoint() != Endpoint.SMTP || login != null;
    }

    private String host() {
        return context.endpoint() == Endpoint.SMTP ? context.identity().mxBannerHost() : context.identity().bannerHost();
    }

    private String trailer() {
        return context.endpoint() == Endpoint.SMTP ? context.identity().mxTrailer(now()) : context.identity().trailer(now());
    }

    private Instant now() {
        return context.clock().instant();
    }

    private String received(ChannelHandlerContext ctx, String serverFqdn) {
        String protocol = null;
        String cipher = null;
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            SSLSession session = ssl.engine().getSession();
            protocol = session.getProtocol();
            cipher = session.getCipherSuite();
        }
        return TraceHeaders.received(heloName == null ? clientIp(ctx) : heloName, clientIp(ctx), serverFqdn, protocol,
                cipher, now());
    }

    private String systemDomain() {
        List<String> domains = context.tenant().settings().acceptedDomains();
        return domains.stream().filter(d -> d.endsWith(".onmicrosoft.com")).findFirst().orElse(domains.get(0));
    }

    private static String newMessageId(String server) {
        String host = server.substring(0, server.indexOf('.'));
        return String.format(Locale.ROOT, "<%s%016X@%s>", host, ThreadLocalRandom.current().nextLong(), server);
    }

    private static String clientIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : "127.0.0.1";
    }

    private static List<String> lowerCase(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static byte[] concat(byte[] head, byte[] tail) {
        byte[] out = new byte[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** Ends the transaction after its message was answered: back to the greeted state. */
    private void finishTransaction() {
        endTransaction();
        state = SmtpState.GREETED;
    }

    private void endTransaction() {
        if (transaction != null) {
            transaction.release();
            transaction = null;
        }
        decoder.resetTransaction();
    }

    private void reply(ChannelHandlerContext ctx, SmtpResponse response) {
        recordReply(response);
        ctx.write(response);
        needsFlush = true;
    }

    private void flushIfNeeded(ChannelHandlerContext ctx) {
        if (needsFlush) {
            needsFlush = false;
            ctx.flush();
        }
    }

    private void recordReply(SmtpResponse response) {
        List<String> lines = response.lines();
        String code = Integer.toString(response.code());
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            record.server(code + (i == lines.size() - 1 ? " " : "-")
                    + (response.enhancedStatus() == null ? "" : response.enhancedStatus() + (text.isEmpty() ? "" : " "))
                    + text);
        }
    }
}
