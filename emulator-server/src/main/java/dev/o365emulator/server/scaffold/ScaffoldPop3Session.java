package dev.o365emulator.server.scaffold;

import dev.o365emulator.server.EndpointContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/** POP3 until the POP3 issue lands: greeting, CAPA, STLS, NOOP, QUIT; -ERR to the rest. */
public final class ScaffoldPop3Session extends ScaffoldSession {

    private ScaffoldPop3Session(EndpointContext context, LineDecoder decoder) {
        super(context, decoder);
    }

    /** The {@link dev.o365emulator.server.SessionInitializer} for POP3 endpoints. */
    public static void initialize(Channel channel, EndpointContext context) {
        LineDecoder decoder = new LineDecoder();
        channel.pipeline().addLast("decoder", decoder).addLast("session", new ScaffoldPop3Session(context, decoder));
    }

    @Override
    protected String[] greeting() {
        return new String[] {"+OK The Microsoft Exchange POP3 service is ready. [" + context.identity().greetingBlob() + "]"};
    }

    @Override
    protected String[] lineTooLong() {
        return new String[] {"-ERR Protocol error. 14"};
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, String line) {
        switch (verb(line)) {
            // o365-reference.md §2: TOP, UIDL, SASL PLAIN XOAUTH2, USER; STLS only in plain text on 110.
            case "CAPA" -> {
                if (tlsActive) {
                    reply(ctx, "+OK", "TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER", ".");
                } else {
                    reply(ctx, "+OK", "TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER", "STLS", ".");
                }
            }
            case "STLS" -> {
                if (tlsActive) {
                    reply(ctx, "-ERR Command is not valid in this state.");
                } else {
                    startTls(ctx, "+OK Begin TLS negotiation");
                }
            }
            case "NOOP" -> reply(ctx, "+OK");
            case "QUIT" -> replyAndClose(ctx, "+OK Microsoft Exchange Server POP3 server signing off.");
            default -> reply(ctx, "-ERR [SYS/TEMP] " + verb(line) + " is not implemented yet by o365-emulator.");
        }
    }
}
