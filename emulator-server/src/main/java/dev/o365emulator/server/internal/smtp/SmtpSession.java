package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.EndlessLineException;
import dev.o365emulator.codec.smtp.LastSmtpContent;
import dev.o365emulator.codec.smtp.SmtpChunkEnd;
import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.codec.smtp.SmtpContent;
import dev.o365emulator.codec.smtp.SmtpRequest;
import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponseEncoder;
import dev.o365emulator.codec.smtp.SmtpSaslResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.net.IdleTimeout;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.journal.Masking;
import dev.o365emulator.server.internal.journal.SessionRecord;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;

/**
 * One SMTP connection speaking Office 365's dialogue on the submission (587), SMTP (25) and
 * implicit-TLS (465) endpoints: the connection's lifecycle and the dispatch of what the decoder
 * reads to the command handlers ({@link SmtpVerb}); the state they share is {@link SmtpConnection}.
 *
 * <p>Pipeline: {@link SmtpResponseEncoder}, {@link SmtpRequestDecoder}, this handler. Every decoded
 * message goes through the connection's {@link FaultExecutor}, which dispatches it now or holds it
 * behind a delay, an unread reply or the session's own wait, so replies leave in the order of the
 * commands. A command that reports the {@code command} stage asks the scenario first; then its state
 * is checked against {@link SmtpVerb#validIn}; then its handler runs (and reports its own stage).
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
 * <p>What is stored and when is {@link SubmissionPipeline}'s and {@link InboundPipeline}'s job; the
 * limits at MAIL and RCPT are {@link MailHandler}'s and {@link RcptHandler}'s.
 *
 * <p>Memory, from the server: the body grows only while the budget of bodies in flight
 * ({@link MailDelivery#inFlight()}) has room. Past it the transaction stops buffering, reads the rest of
 * the body and answers {@code 452 4.3.1 Insufficient system resources}; so it does at MAIL FROM when
 * SIZE= already says the body cannot fit, and after the body when the store's budget has no room. The
 * reservation is given back on every way a transaction ends (reply, RSET, EHLO, STARTTLS, close).
 */
public final class SmtpSession extends ChannelInboundHandlerAdapter {

    /** Exchange's MaxHeaderSize: see {@link SmtpTransaction#MAX_HEADER_SIZE}. */
    static final int MAX_HEADER_SIZE = SmtpTransaction.MAX_HEADER_SIZE;
    private static final SmtpResponseEncoder ENCODER = new SmtpResponseEncoder();

    private final EndpointContext context;
    private final SmtpSessionOptions options;
    private final SmtpRequestDecoder decoder;

    private SmtpConnection c;
    private FaultExecutor executor;
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

    // ---------------------------------------------------------------------------------------------
    // Netty events

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        SessionRecord record = ConnectionRecorder.record(ctx.channel());
        executor = new FaultExecutor(ctx, record, this::dispatch, () -> c.state(SmtpState.CLOSING))
                .afterDelay(() -> idle.activity());
        c = new SmtpConnection(ctx, context, options, decoder, record, executor,
                context.endpoint().tlsMode() == TlsMode.IMPLICIT);
        idle = new IdleTimeout(ctx, context.clock(), options.idleTimeout(),
                () -> executor.isHeld(FaultExecutor.Hold.DELAY), this::onIdle);
        idle.start();
        c.reply(SmtpReplies.banner(c.host(), HostIdentity.bannerDate(c.now()), context.identity().instanceMarker()));
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
        if (executor.isClosing()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Throwable failure = msg instanceof SmtpRequest request ? request.decoderResult().cause()
                : msg instanceof SmtpSaslResponse response ? response.decoderResult().cause() : null;
        if (failure instanceof EndlessLineException endless) {
            // Answered at once, even behind a delay: nothing after it can be read in step.
            ReferenceCountUtil.release(msg);
            onEndlessLine(endless);
            return;
        }
        executor.read(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        // Before the session begins, the greeting gate holds what is read but passes this event on.
        if (executor != null) {
            executor.readComplete();
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (executor != null) {
            idle.writabilityChanged();
            executor.writabilityChanged();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // The session never began if a rule at connect or greeting ended the connection first.
        if (executor != null) {
            // A submission whose 250 the rate limit held back was never accepted: its delivery is cancelled.
            executor.inactive();
            c.endTransaction();
            idle.stop();
        }
        super.channelInactive(ctx);
    }

    /** Handles one decoded message; the executor releases it afterwards. */
    private void dispatch(Object msg) {
        if (msg instanceof SmtpRequest request) {
            onRequest(request);
        } else if (msg instanceof SmtpSaslResponse response) {
            AuthHandler.saslResponse(c, response);
        } else if (msg instanceof LastSmtpContent last) {
            EndOfMessage.lastContent(c, last);
        } else if (msg instanceof SmtpContent content) {
            DataHandler.content(c, content);
        } else if (msg instanceof SmtpChunkEnd end) {
            BdatHandler.chunkEnd(c, end);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Commands: the command stage where the verb reports it, then the state, then the handler

    private void onRequest(SmtpRequest request) {
        if (request.decoderResult().isFailure()) {
            UnrecognisedHandler.undecodable(c, request);
            return;
        }
        SmtpCommand command = request.command();
        String argument = request.argument().isEmpty() ? "" : " " + request.argument();
        if (command.isKnown()) {
            c.saslAftermath(command.equals(SmtpCommand.AUTH));
            c.record().client(Masking.mask(Protocol.SMTP, command.name() + argument));
        } else {
            c.record().client(Masking.unrecognised(Protocol.SMTP, command.spelling() + argument, c.saslAftermath()));
        }
        SmtpVerb verb = SmtpVerb.of(command);
        if (verb.reportsCommandStage()) {
            verb.handler().decided(c, c.decide(c.stage(Stage.COMMAND, command.name())), () -> run(verb, request));
        } else {
            run(verb, request);
        }
    }

    private void run(SmtpVerb verb, SmtpRequest request) {
        SmtpCommandHandler handler = verb.handler();
        SmtpResponse early = handler.refuseBeforeState(c, request);
        if (early != null) {
            c.reply(early);
        } else if (!verb.validIn(c.state())) {
            handler.refuse(c, c.response(verb.outOfSequence(c.state())));
        } else {
            handler.handle(c, request);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Endings the session decides itself

    /**
     * RFC 5321 §4.5.3.2.7 asks a server to wait at least five minutes for the next command; past the
     * idle timeout the connection is closed with {@code 421 4.4.1 Connection timed out}. A session that
     * already answers nothing more (QUIT, a stalling fault) is closed without a word.
     */
    private void onIdle(Duration idleTime) {
        boolean silent = executor.isClosing();
        executor.closing();
        if (silent) {
            c.ctx().close();
            return;
        }
        c.record().event("idle timeout after " + idleTime.toSeconds() + " s without a command");
        Goodbye.closeAfter(c.replyAndFlush(SmtpReplies.TIMED_OUT));
    }

    /**
     * A line that went on far past the line limit without an end: the decoder can no longer tell
     * where the next command starts, so the line is answered as any over-long one and the
     * connection is closed (RFC 5321 §7.8 lets a server end a connection that is attacking it).
     */
    private void onEndlessLine(EndlessLineException endless) {
        c.record().protocolError("endless command line: " + endless.getMessage());
        executor.closing();
        Goodbye.closeAfter(c.replyAndFlush(SmtpReplies.LINE_TOO_LONG));
    }
}
