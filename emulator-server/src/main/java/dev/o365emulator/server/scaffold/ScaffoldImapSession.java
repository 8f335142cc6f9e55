package dev.o365emulator.server.scaffold;

import dev.o365emulator.server.EndpointContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/** IMAP until the IMAP issue lands: greeting, CAPABILITY, STARTTLS, NOOP, LOGOUT; NO to the rest. */
public final class ScaffoldImapSession extends ScaffoldSession {

    // o365-reference.md §2: the pre-login list on 993, and the plain-text list on 143 (Exchange).
    static final String CAPABILITY_TLS =
            "* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+";
    static final String CAPABILITY_PLAIN =
            "* CAPABILITY IMAP4 IMAP4rev1 LOGINDISABLED STARTTLS UIDPLUS MOVE ID CHILDREN IDLE NAMESPACE LITERAL+";

    private ScaffoldImapSession(EndpointContext context, LineDecoder decoder) {
        super(context, decoder);
    }

    /** The {@link dev.o365emulator.server.SessionInitializer} for IMAP endpoints. */
    public static void initialize(Channel channel, EndpointContext context) {
        LineDecoder decoder = new LineDecoder();
        channel.pipeline().addLast("decoder", decoder).addLast("session", new ScaffoldImapSession(context, decoder));
    }

    @Override
    protected String[] greeting() {
        return new String[] {"* OK The Microsoft Exchange IMAP4 service is ready. [" + context.identity().greetingBlob() + "]"};
    }

    @Override
    protected String[] lineTooLong() {
        return new String[] {"* BAD Command Error. 10"};
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            reply(ctx, "* BAD Command Error. 10");
            return;
        }
        String tag = line.substring(0, space);
        String command = verb(line.substring(space + 1));
        switch (command) {
            case "CAPABILITY" -> reply(ctx, tlsActive ? CAPABILITY_TLS : CAPABILITY_PLAIN,
                    tag + " OK CAPABILITY completed.");
            case "NOOP" -> reply(ctx, tag + " OK NOOP completed.");
            case "STARTTLS" -> {
                if (tlsActive) {
                    reply(ctx, tag + " BAD Command received in Invalid state.");
                } else {
                    startTls(ctx, tag + " OK Begin TLS negotiation now.");
                }
            }
            case "LOGOUT" -> replyAndClose(ctx, "* BYE Microsoft Exchange Server IMAP4 server signing off.",
                    tag + " OK LOGOUT completed.");
            default -> reply(ctx, tag + " NO [UNAVAILABLE] " + command + " is not implemented yet by o365-emulator.");
        }
    }
}
