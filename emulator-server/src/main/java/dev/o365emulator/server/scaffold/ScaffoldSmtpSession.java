package dev.o365emulator.server.scaffold;

import dev.o365emulator.server.EndpointContext;
import dev.o365emulator.server.HostIdentity;
import dev.o365emulator.server.TlsMode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** SMTP until the SMTP issue lands: banner, EHLO/HELO, STARTTLS, NOOP, RSET, QUIT; 451 to the rest. */
public final class ScaffoldSmtpSession extends ScaffoldSession {

    private boolean greeted;

    private ScaffoldSmtpSession(EndpointContext context, LineDecoder decoder) {
        super(context, decoder);
    }

    /** The {@link dev.o365emulator.server.SessionInitializer} for SMTP endpoints. */
    public static void initialize(Channel channel, EndpointContext context) {
        LineDecoder decoder = new LineDecoder();
        channel.pipeline().addLast("decoder", decoder).addLast("session", new ScaffoldSmtpSession(context, decoder));
    }

    @Override
    protected String[] greeting() {
        HostIdentity id = context.identity();
        return new String[] {"220 " + id.bannerHost() + " Microsoft ESMTP MAIL Service ready at "
                + HostIdentity.bannerDate(context.clock().instant()) + " [" + id.instanceMarker() + "]"};
    }

    @Override
    protected String[] lineTooLong() {
        return new String[] {"500 5.5.2 Command line too long"};
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, String line) {
        switch (verb(line)) {
            case "EHLO" -> {
                greeted = true;
                reply(ctx, ehlo(ctx.channel()));
            }
            case "HELO" -> {
                greeted = true;
                reply(ctx, "250 " + context.identity().bannerHost() + " Hello [" + clientIp(ctx.channel()) + "]");
            }
            case "STARTTLS" -> {
                if (tlsActive) {
                    reply(ctx, "500 5.3.3 Unrecognized command 'STARTTLS'");
                } else if (!greeted) {
                    reply(ctx, "503 5.5.2 Send hello first " + context.identity().trailer(context.clock().instant()));
                } else {
                    greeted = false;
                    startTls(ctx, "220 2.0.0 SMTP server ready");
                }
            }
            case "NOOP" -> reply(ctx, "250 2.0.0 OK");
            case "RSET" -> reply(ctx, "250 2.0.0 Resetting");
            case "QUIT" -> replyAndClose(ctx, "221 2.0.0 Service closing transmission channel");
            default -> reply(ctx, "451 4.3.2 " + verb(line) + " is not implemented yet by o365-emulator");
        }
    }

    // Office 365 offers STARTTLS before TLS and AUTH LOGIN XOAUTH2 after it, never both (o365-reference.md §2).
    private String[] ehlo(Channel channel) {
        List<String> lines = new ArrayList<>();
        lines.add(context.identity().bannerHost() + " Hello [" + clientIp(channel) + "]");
        lines.add("SIZE 157286400");
        lines.add("PIPELINING");
        lines.add("DSN");
        lines.add("ENHANCEDSTATUSCODES");
        if (tlsActive) {
            lines.add("AUTH LOGIN XOAUTH2");
        } else if (context.endpoint().tlsMode() == TlsMode.STARTTLS) {
            lines.add("STARTTLS");
        }
        lines.add("8BITMIME");
        lines.add("BINARYMIME");
        lines.add("CHUNKING");
        lines.add("SMTPUTF8");
        String[] out = new String[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            out[i] = "250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i);
        }
        return out;
    }

    private static String clientIp(Channel channel) {
        return ((InetSocketAddress) channel.remoteAddress()).getAddress().getHostAddress();
    }
}
