package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.o365emulator.server.internal.net.ConnectionErrors;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The identity platform's HTTP routes on one connection (after TLS and Netty's HTTP codec and
 * aggregator). Stateless and sharable: all state lives in {@link IdentityPlatform}.
 *
 * <table>
 *   <caption>Routes ({@code {tenant}}: tenant id, accepted domain, {@code common}, {@code organizations})</caption>
 *   <tr><td>{@code POST /{tenant}/oauth2/v2.0/token}</td><td>token endpoint</td></tr>
 *   <tr><td>{@code POST /{tenant}/oauth2/v2.0/devicecode}</td><td>starts a device code flow</td></tr>
 *   <tr><td>{@code GET /{tenant}/v2.0/.well-known/openid-configuration}</td><td>OpenID configuration</td></tr>
 *   <tr><td>{@code GET /{tenant}/discovery/v2.0/keys}</td><td>JWKS</td></tr>
 *   <tr><td>{@code GET /common/discovery/instance}</td><td>MSAL's instance discovery</td></tr>
 *   <tr><td>{@code GET /common/userrealm/{user}}</td><td>MSAL's home realm discovery before ROPC</td></tr>
 *   <tr><td>{@code POST /emulator/devicecode/approve}</td><td>test hook: {@code user_code}, {@code username}</td></tr>
 *   <tr><td>{@code GET /mail/config-v1.1.xml}, {@code POST /autodiscover/autodiscover.xml}</td><td>settings
 *       discovery, answered in XML by {@link Discovery}</td></tr>
 * </table>
 */
@ChannelHandler.Sharable
public final class IdentityHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** The test-only route that signs a user in for a pending device code. */
    public static final String APPROVE_PATH = "/emulator/devicecode/approve";
    private static final int MAX_SEGMENTS = 8;

    private static final ConnectionErrors ERRORS = new ConnectionErrors(LoggerFactory.getLogger(IdentityHttpHandler.class));

    private final IdentityPlatform platform;
    private final Discovery discovery;
    private final ConnectionErrors errors;

    public IdentityHttpHandler(IdentityPlatform platform, Discovery discovery) {
        this(platform, discovery, ERRORS);
    }

    IdentityHttpHandler(IdentityPlatform platform, Discovery discovery, ConnectionErrors errors) {
        this.platform = platform;
        this.discovery = discovery;
        this.errors = errors;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, new IdentityResponse(400, Map.of("error", "invalid_request")), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8, true, 64);
        boolean post = request.method().equals(HttpMethod.POST);
        boolean get = request.method().equals(HttpMethod.GET);
        List<String> path;
        Map<String, String> form;
        try {
            // QueryStringDecoder decodes lazily and throws on a bad percent-escape (%zz, a lone %):
            // everything is decoded here, once, so that such a request gets its 400 and routing
            // never meets an undecodable value.
            path = segments(uri.path());
            uri.parameters();
            if (Discovery.handles(uri.path())) {
                discover(ctx, request, uri, post);
                return;
            }
            form = post ? form(request) : Map.of();
        } catch (IllegalArgumentException malformed) {
            send(ctx, request, platform.malformedRequest(request.headers().get("client-request-id")),
                    HttpUtil.isKeepAlive(request));
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST, "login.microsoftonline.com");
        IdentityResponse response = route(request, uri, path, form, host, post, get);
        send(ctx, request, response, HttpUtil.isKeepAlive(request));
    }

    /** Autoconfig and Autodiscover: XML, not JSON, and no form to decode from the body. */
    private void discover(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, boolean post) {
        byte[] body = new byte[Math.min(request.content().readableBytes(), Discovery.MAX_AUTODISCOVER_REQUEST + 1)];
        request.content().getBytes(request.content().readerIndex(), body);
        InetAddress reached = ctx.channel().localAddress() instanceof InetSocketAddress local ? local.getAddress() : null;
        Discovery.Answer answer = discovery.answer(uri.path(), post, first(uri, AutoconfigXml.EMAIL_PARAMETER), body,
                reached);
        send(ctx, request, answer.status(), answer.contentType(), answer.body(), HttpUtil.isKeepAlive(request));
    }

    private static List<String> segments(String decodedPath) {
        List<String> path = new ArrayList<>();
        for (String s : decodedPath.split("/")) {
            if (!s.isEmpty() && path.size() <= MAX_SEGMENTS) {
                path.add(s);
            }
        }
        return path;
    }

    private IdentityResponse route(FullHttpRequest request, QueryStringDecoder uri, List<String> path,
            Map<String, String> form, String host, boolean post, boolean get) {
        int n = path.size();
        if (post && uri.path().equals(APPROVE_PATH)) {
            boolean approved = platform.approveDeviceCode(form.get("user_code"), form.get("username"));
            return approved ? new IdentityResponse(200, Map.of("approved", true))
                    : new IdentityResponse(404, Map.of("approved", false));
        }
        if (post && n == 4 && path.get(1).equals("oauth2") && path.get(2).equals("v2.0")) {
            if (path.get(3).equals("token")) {
                return platform.tokenEndpoint().token(path.get(0), form,
                        request.headers().get(HttpHeaderNames.AUTHORIZATION));
            }
            if (path.get(3).equals("devicecode")) {
                return platform.tokenEndpoint().deviceCode(path.get(0), form);
            }
        }
        if (get && n == 4 && path.get(1).equals("v2.0") && path.get(2).equals(".well-known")
                && path.get(3).equals("openid-configuration")) {
            return platform.openIdConfiguration(host, path.get(0));
        }
        if (get && n >= 3 && path.get(1).equals("discovery") && path.get(n - 1).equals("keys")) {
            return platform.keys(path.get(0));
        }
        if (get && n == 3 && path.get(1).equals("discovery") && path.get(2).equals("instance")) {
            return platform.instanceDiscovery(host, first(uri, "authorization_endpoint"));
        }
        if (get && n == 3 && path.get(1).equalsIgnoreCase("userrealm")) {
            return platform.userRealm(path.get(2));
        }
        return new IdentityResponse(404, Map.of("error", "not_found"));
    }

    private static String first(QueryStringDecoder uri, String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, String> form(FullHttpRequest request) {
        String body = request.content().toString(StandardCharsets.UTF_8);
        QueryStringDecoder decoder = new QueryStringDecoder(body, StandardCharsets.UTF_8, false, 64);
        Map<String, String> form = new LinkedHashMap<>();
        decoder.parameters().forEach((k, v) -> form.put(k, v.isEmpty() ? "" : v.get(0)));
        String correlation = request.headers().get("client-request-id");
        if (correlation != null) {
            form.putIfAbsent("client_request_id", correlation);
        }
        return form;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, IdentityResponse response,
            boolean keepAlive) {
        byte[] body = JSONObjectUtils.toJSONString(response.json()).getBytes(StandardCharsets.UTF_8);
        send(ctx, request, response.status(), "application/json; charset=utf-8", body, keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, int status, String contentType,
            byte[] body, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store, no-cache")
                .set(HttpHeaderNames.PRAGMA, "no-cache")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        String correlation = request.headers().get("client-request-id");
        if (correlation != null && correlation.length() <= 64) {
            http.headers().set("client-request-id", correlation);
        }
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Nothing to answer (a reset, a failed handshake, a broken request), but the log says why.
        try {
            errors.report("identity " + ctx.channel().remoteAddress(), cause);
        } finally {
            ctx.close();
        }
    }
}
