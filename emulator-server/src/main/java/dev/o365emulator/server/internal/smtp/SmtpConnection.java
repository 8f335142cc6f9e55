package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.codec.smtp.SmtpParseResult;
import dev.o365emulator.codec.smtp.SmtpRequestDecoder;
import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.Mailbox;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Instant;
import javax.net.ssl.SSLSession;

/**
 * What one SMTP connection knows, shared by the command handlers: the protocol state, the
 * connection-scope facts (TLS, EHLO name, login, a SASL exchange in progress), the transaction, and
 * the means to answer (replies rendered from the catalogue) and to report a stage to the scenario
 * (through the connection's {@link FaultExecutor}).
 *
 * <p>Confined to the channel's event loop.
 */
final class SmtpConnection {

    private final ChannelHandlerContext ctx;
    private final EndpointContext context;
    private final SmtpSessionOptions options;
    private final SmtpRequestDecoder decoder;
    private final SessionRecord record;
    private final FaultExecutor executor;

    private SmtpState state = SmtpState.CONNECTED;
    private String clientIp;

    // Connection scope: forgotten only by a TLS upgrade.
    private boolean tls;
    private String heloName;
    private Mailbox login;
    /** The refusal of the last failed AUTH, which a later MAIL FROM's 530 repeats. */
    private Office365Reply lastAuthRefusal;
    private SaslExchange sasl;
    /** From an AUTH until the next recognised command: an unknown line may be a credential. */
    private boolean saslAftermath;

    // Transaction scope.
    private SmtpTransaction transaction;
    /** A BDAT's refusal, said once its chunk has been read (the chunk follows the line whatever is answered). */
    private SmtpResponse bdatRefusal;

    SmtpConnection(ChannelHandlerContext ctx, EndpointContext context, SmtpSessionOptions options,
            SmtpRequestDecoder decoder, SessionRecord record, FaultExecutor executor, boolean tls) {
        this.ctx = ctx;
        this.context = context;
        this.options = options;
        this.decoder = decoder;
        this.record = record;
        this.executor = executor;
        this.tls = tls;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    EndpointContext context() {
        return context;
    }

    SmtpSessionOptions options() {
        return options;
    }

    SmtpRequestDecoder decoder() {
        return decoder;
    }

    SessionRecord record() {
        return record;
    }

    FaultExecutor executor() {
        return executor;
    }

    SmtpState state() {
        return state;
    }

    void state(SmtpState state) {
        this.state = state;
    }

    boolean tls() {
        return tls;
    }

    String heloName() {
        return heloName;
    }

    void heloName(String name) {
        this.heloName = name;
    }

    Mailbox login() {
        return login;
    }

    /** The login succeeded: a later refusal no longer applies. */
    void login(Mailbox mailbox) {
        this.login = mailbox;
        this.lastAuthRefusal = null;
    }

    Office365Reply lastAuthRefusal() {
        return lastAuthRefusal;
    }

    void lastAuthRefusal(Office365Reply refusal) {
        this.lastAuthRefusal = refusal;
    }

    SaslExchange sasl() {
        return sasl;
    }

    void sasl(SaslExchange exchange) {
        this.sasl = exchange;
    }

    boolean saslAftermath() {
        return saslAftermath;
    }

    void saslAftermath(boolean aftermath) {
        this.saslAftermath = aftermath;
    }

    SmtpTransaction transaction() {
        return transaction;
    }

    /** MAIL FROM was accepted. */
    void begin(SmtpTransaction started) {
        this.transaction = started;
        decoder.setMaxMessageSize(started.sizeLimit);
        state = SmtpState.MAIL;
    }

    /** The content begins: DATA's 354, or a BDAT chunk outside the content state. */
    void startContent() {
        state = SmtpState.CONTENT;
        transaction.startContent(ctx.alloc());
    }

    /** Ends the transaction after its message was answered: back to the greeted state. */
    void finishTransaction() {
        endTransaction();
        state = SmtpState.GREETED;
    }

    /** Ends the transaction, if any, giving back its body, reservation and slot; the state is the caller's. */
    void endTransaction() {
        if (transaction != null) {
            transaction.release();
            transaction = null;
        }
        decoder.resetTransaction();
    }

    void bdatRefusal(SmtpResponse refusal) {
        this.bdatRefusal = refusal;
    }

    boolean hasBdatRefusal() {
        return bdatRefusal != null;
    }

    /** The refusal a BDAT's chunk waits to be answered with, now forgotten; null if none. */
    SmtpResponse takeBdatRefusal() {
        SmtpResponse refusal = bdatRefusal;
        bdatRefusal = null;
        return refusal;
    }

    /** RFC 3207 §4.2: everything learnt in plain text is forgotten once TLS is on. */
    void upgraded() {
        tls = true;
        heloName = null;
        login = null;
        lastAuthRefusal = null;
        endTransaction();
        state = SmtpState.CONNECTED;
    }

    // ------------------------------------------------------------------------------------ replies

    /** Writes a reply (the read's end, or the executor, flushes it) and records it in the transcript. */
    void reply(SmtpResponse response) {
        SmtpReplyRenderer.lines(response).forEach(record::server);
        ctx.write(response);
    }

    /** Writes a reply and everything before it now, and records it: the last reply before a close. */
    ChannelFuture replyAndFlush(SmtpResponse response) {
        SmtpReplyRenderer.lines(response).forEach(record::server);
        return ctx.writeAndFlush(response);
    }

    /** A typed argument's value, or null once {@code 501 5.5.4} has answered an argument that does not parse. */
    <T> T argument(SmtpParseResult<T> parsed) {
        if (parsed instanceof SmtpParseResult.Parsed<T> value) {
            return value.value();
        }
        reply(SmtpReplies.INVALID_ARGUMENTS);
        return null;
    }

    /** Writes a catalogue reply with these placeholder values, and the trailer if its form wants one. */
    void reply(Office365Reply reply, String... namesAndValues) {
        reply(response(reply, namesAndValues));
    }

    /** A catalogue reply rendered with these placeholder values, and the trailer if its form wants one. */
    SmtpResponse response(Office365Reply reply, String... namesAndValues) {
        ReplyArgs args = ReplyArgs.of(namesAndValues);
        if (reply.smtp().trailer()) {
            args = args.and(ReplyArgs.TRAILER, trailer());
        }
        return SmtpReplyRenderer.response(reply.with(args));
    }

    // ------------------------------------------------------------------------------------ stages

    /** An event at a stage of this connection for {@code command} (null at {@code message}), with the login. */
    StageEvent.Builder stage(Stage stage, String command) {
        return context.faults().event(ctx.channel(), stage).command(command)
                .user(login == null ? null : login.address());
    }

    /** Asks the active scenario; a firing is recorded in the journal with its rule id. */
    FaultDecision decide(StageEvent.Builder event) {
        return context.faults().decide(ctx.channel(), event.build());
    }

    /** Carries out a stage's decision: the normal work, or the rule's delay, reply and fault. */
    void apply(FaultDecision decision, Runnable proceed) {
        executor.apply(decision, SmtpReplyRenderer.RESPONSES, proceed);
    }

    /** As {@link #apply(FaultDecision, Runnable)}; {@code replaced} runs when a rule's reply stood in for the stage's. */
    void apply(FaultDecision decision, Runnable proceed, Runnable replaced) {
        executor.apply(decision, SmtpReplyRenderer.RESPONSES, proceed, replaced);
    }

    // ------------------------------------------------------------------------------------ facts

    /** Whether MAIL FROM starts a submission (587, 465, hve, or 25 after AUTH) rather than inbound mail to the MX. */
    boolean isSubmission() {
        return context.endpoint() != Endpoint.SMTP || login != null;
    }

    /** Whether this is the High Volume Email endpoint ({@code smtp-hve.office365.com}). */
    boolean hve() {
        return context.endpoint() == Endpoint.HVE;
    }

    /** Not Office 365: a tenant knob of the "generic" profile offers and accepts AUTH PLAIN. */
    boolean plainAllowed() {
        return context.tenant().settings().smtpAuthPlainAllowed();
    }

    /** The banner host: the MX identity on port 25, the submission front end elsewhere. */
    String host() {
        return context.endpoint() == Endpoint.SMTP ? context.identity().mxBannerHost() : context.identity().bannerHost();
    }

    /** Office 365's {@code [HOST time ticks]} bracket, in the identity of the endpoint. */
    String trailer() {
        return context.endpoint() == Endpoint.SMTP ? context.identity().mxTrailer(now())
                : context.identity().trailer(now());
    }

    Instant now() {
        return context.clock().instant();
    }

    /** The client's address as text, worked out once: every message's {@code Received:} field names it. */
    String clientIp() {
        if (clientIp == null) {
            clientIp = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                    ? address.getAddress().getHostAddress() : "127.0.0.1";
        }
        return clientIp;
    }

    /** Who sent the message and how, for the {@code Received:} field. */
    TraceHeaders.Origin origin() {
        String protocol = null;
        String cipher = null;
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            SSLSession session = ssl.engine().getSession();
            protocol = session.getProtocol();
            cipher = session.getCipherSuite();
        }
        String ip = clientIp();
        return new TraceHeaders.Origin(heloName == null ? ip : heloName, ip, protocol, cipher);
    }
}
