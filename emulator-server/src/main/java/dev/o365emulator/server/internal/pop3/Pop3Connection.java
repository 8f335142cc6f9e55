package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.codec.pop3.Pop3RequestDecoder;
import dev.o365emulator.codec.pop3.Pop3Response;
import dev.o365emulator.codec.sasl.SaslExchange;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.FaultDecision;
import dev.o365emulator.server.internal.fault.FaultExecutor;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.net.Goodbye;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.StoreWriter;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the command handlers of one POP3 connection share: the session's state, what the client said
 * in AUTHORIZATION (USER's name, an AUTH exchange under way), the maildrop of TRANSACTION with its
 * lock, and the way out: replies written and recorded in the transcript, stages reported to the fault
 * plan and carried out by the connection's {@link FaultExecutor}.
 *
 * <p>Confined to the channel's event loop.
 */
final class Pop3Connection {

    /**
     * After this many refused logins the refusal is followed by the close. No Office 365 capture shows
     * the count; three is the limit Exchange's protocol services apply, and a client that retries a
     * login in a fresh connection, as real ones do, never meets it.
     */
    static final int MAX_FAILED_LOGINS = 3;

    /** What a RETR's or TOP's reply puts in the transcript: its {@code +OK} line, the content's size, the dot. */
    private static final Direction[] CONTENT_LINES = {Direction.SERVER, Direction.EVENT, Direction.SERVER};

    private final ChannelHandlerContext ctx;
    private final EndpointContext context;
    private final Pop3RequestDecoder decoder;
    private final Pop3MailboxLocks locks;
    private final SessionRecord record;
    private FaultExecutor executor;

    private Pop3State state = Pop3State.AUTHORIZATION;
    /** Whether the client asked UIDL in this session (a DELE without it is a finding). */
    boolean uidlAsked;
    private boolean tlsActive;
    // AUTHORIZATION: forgotten at STLS, since it was learnt in plain text (RFC 2595 §4).
    private String pendingUser;
    private SaslExchange sasl;
    private int failedLogins;
    // TRANSACTION: the messages present at login, and the lock that keeps other sessions out.
    private Pop3Maildrop maildrop;
    private MailboxStore lockedMailbox;
    // The last content line recorded: a client fetching messages of one size gets the same text again.
    private int contentOctets = -1;
    private String contentLine;

    Pop3Connection(ChannelHandlerContext ctx, EndpointContext context, Pop3RequestDecoder decoder,
            Pop3MailboxLocks locks, SessionRecord record) {
        this.ctx = ctx;
        this.context = context;
        this.decoder = decoder;
        this.locks = locks;
        this.record = record;
        this.tlsActive = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
    }

    void executor(FaultExecutor executor) {
        this.executor = executor;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    EndpointContext context() {
        return context;
    }

    Pop3RequestDecoder decoder() {
        return decoder;
    }

    SessionRecord record() {
        return record;
    }

    FaultExecutor executor() {
        return executor;
    }

    Pop3State state() {
        return state;
    }

    boolean tlsActive() {
        return tlsActive;
    }

    /** STLS's upgrade is done: RFC 2595 §4, everything learnt in plain text is forgotten. */
    void tlsStarted() {
        tlsActive = true;
        pendingUser = null;
    }

    /**
     * Logins are refused in plain text on 110: Office 365 answers USER there with
     * {@code -ERR Command is not valid in this state.}, as IMAP's 143 advertises LOGINDISABLED. STLS
     * comes first.
     */
    boolean mayLogIn() {
        return state == Pop3State.AUTHORIZATION && tlsActive;
    }

    String pendingUser() {
        return pendingUser;
    }

    void pendingUser(String user) {
        this.pendingUser = user;
    }

    SaslExchange sasl() {
        return sasl;
    }

    void sasl(SaslExchange exchange) {
        this.sasl = exchange;
    }

    Pop3Maildrop maildrop() {
        return maildrop;
    }

    // ---------------------------------------------------------------------------------- replies

    ChannelFuture reply(Office365Reply reply) {
        return reply(Pop3ReplyRenderer.response(reply));
    }

    /** Writes a response and records what it puts on the wire. */
    ChannelFuture reply(Pop3Response response) {
        if (response instanceof Pop3Response.MultiLine multi) {
            record.server(Pop3ReplyRenderer.okLine(multi.text()));
            multi.lines().forEach(record::server);
            record.server(".");
        } else if (response instanceof Pop3Response.MessageContent content) {
            record.lines(CONTENT_LINES, Pop3ReplyRenderer.okLine(content.text()),
                    contentLine(content.content().readableBytes()), ".");
        } else if (response instanceof Pop3Response.Status status) {
            record.server(Pop3ReplyRenderer.line(status));
        } else if (response instanceof Pop3Response.Continuation continuation) {
            record.server("+ " + continuation.payload());
        }
        return ctx.writeAndFlush(response);
    }

    /** The transcript's line for {@code octets} of message content. */
    private String contentLine(int octets) {
        if (octets != contentOctets) {
            contentLine = "message content: " + octets + " octets";
            contentOctets = octets;
        }
        return contentLine;
    }

    /** Whether message {@code n} exists and is not marked deleted; answers the client if not. */
    boolean checkMessage(int n) {
        Office365Reply refusal = maildrop.refusal(n);
        if (refusal != null) {
            reply(refusal);
        }
        return refusal == null;
    }

    // ----------------------------------------------------------------------------------- stages

    /** An event at {@code stage} for {@code command}, with what the connection knows (the user once logged in). */
    StageEvent.Builder stage(Stage stage, String command) {
        return context.faults().event(ctx.channel(), stage).command(command).user(record.user().orElse(null));
    }

    /** The fault plan's decision for the event. */
    FaultDecision decide(StageEvent.Builder event) {
        FaultPlan faults = context.faults();
        return faults.decide(ctx.channel(), event.build());
    }

    /** Reports the event and lets the executor carry out the decision; {@code proceed} is the normal work. */
    void apply(StageEvent.Builder event, Runnable proceed) {
        executor.apply(decide(event), Pop3ReplyRenderer.RESPONSES, proceed);
    }

    /**
     * {@link #apply} for an event at {@code stage} for {@code command} with what the connection knows;
     * the event is built only when a rule of the scenario can fire there, else {@code proceed} runs at once.
     */
    void apply(Stage stage, String command, Runnable proceed) {
        if (!context.faults().mayFire(stage)) {
            proceed.run();
            return;
        }
        apply(stage(stage, command), proceed);
    }

    /**
     * Runs {@code answer} with {@code message}'s content in memory: at once where the store has it there,
     * else once a store writer has read its file, off the event loop (the session reads nothing more
     * meanwhile, so what the client pipelined is answered after it). With every writer busy and its queue
     * full, the file is read here, as a store without writers does. A file that cannot be read ends the
     * connection, wherever it was read.
     */
    void withContent(StoredMessage message, Consumer<StoredMessage> answer) {
        StoreWriter writer = context.store().writer();
        if (writer != null && message.source().wouldRead(false) && executor.offload(writer,
                () -> new StoredMessage(message.source().bytes(), message.internalDate()), read -> {
                    if (ctx.channel().isActive()) {
                        answer.accept(read);
                    }
                })) {
            return;
        }
        answer.accept(message);
    }

    // ----------------------------------------------------------------------------------- logins

    /** Answers a refused login; after the last one allowed the connection closes. */
    void loginRefused(Office365Reply refusal) {
        if (++failedLogins >= MAX_FAILED_LOGINS) {
            record.event(failedLogins + " failed logins: the connection is closed");
            closeWith(refusal);
            return;
        }
        reply(refusal);
    }

    /**
     * A login the tenant allowed: the mailbox is locked and its Inbox becomes the maildrop, unless
     * another session holds it. A mailbox's first opening reads it from disk, on the store's writers
     * where its writes block, off the event loop.
     */
    void loggedIn(AuthDecision.Allowed allowed, String mechanism, Office365Reply success) {
        String address = allowed.mailbox().address();
        Optional<MailboxStore> open = context.store().opened(address);
        StoreWriter writer = context.store().writer();
        if (open.isPresent() || writer == null) {
            maildropOpened(open.orElseGet(() -> context.store().open(address)), allowed, mechanism, success);
        } else if (!executor.offload(writer, () -> context.store().open(address), mailbox -> {
            // A mailbox's first opening reads it from disk (a durable store): where the store's writes run.
            if (ctx.channel().isActive()) {
                maildropOpened(mailbox, allowed, mechanism, success);
            }
        })) {
            record.event("mailbox " + address + " not opened: every store writer is busy and " + writer.queued()
                    + " writes wait");
            reply(Pop3Catalogue.MAILBOX_IN_USE);
        }
    }

    private void maildropOpened(MailboxStore mailbox, AuthDecision.Allowed allowed, String mechanism,
            Office365Reply success) {
        if (!locks.tryLock(mailbox, this)) {
            record.event("mailbox " + mailbox.address() + " is locked by another POP3 session");
            reply(Pop3Catalogue.MAILBOX_IN_USE);
            return;
        }
        lockedMailbox = mailbox;
        maildrop = Pop3Maildrop.of(mailbox.inbox());
        state = Pop3State.TRANSACTION;
        record.authenticated(allowed.user().address(), mechanism);
        reply(success);
    }

    // -------------------------------------------------------------------------------- lifecycle

    /** QUIT in TRANSACTION: the UPDATE state, whose work the caller does. */
    void update() {
        state = Pop3State.UPDATE;
    }

    /**
     * Nothing more is answered (the executor is closing: QUIT, a rule's fault, a fatal refusal); as
     * in UPDATE, but nothing marked is applied.
     */
    void ending() {
        state = Pop3State.UPDATE;
    }

    /** The last reply: nothing more is answered, nothing marked is deleted, the lock goes, the connection closes. */
    void closeWith(Office365Reply reply) {
        executor.closing();
        ending();
        releaseLock();
        Goodbye.closeAfter(reply(reply));
    }

    void releaseLock() {
        if (lockedMailbox != null) {
            locks.release(lockedMailbox, this);
            lockedMailbox = null;
        }
    }
}
