package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.tenant.Tenant;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The discovery routes of the identity handler, request by request on an {@link EmbeddedChannel}. */
class DiscoveryTest {

    private static final String NAMESPACE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    private static final String OUTLOOK = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    private static final String SERVER_NAME = "SN2PR00CA0058.namprd00.prod.outlook.com";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-26T18:54:30.0551234Z"), ZoneOffset.UTC);
    private static final Map<Endpoint, InetSocketAddress> LISTENERS = Map.of(
            Endpoint.SMTP, new InetSocketAddress("127.0.0.1", 10025),
            Endpoint.SUBMISSION, new InetSocketAddress("127.0.0.1", 10587),
            Endpoint.IMAP, new InetSocketAddress("127.0.0.1", 10143),
            Endpoint.IMAPS, new InetSocketAddress("127.0.0.1", 10993),
            Endpoint.POP3, new InetSocketAddress("127.0.0.1", 10110),
            Endpoint.POP3S, new InetSocketAddress("127.0.0.1", 10995));

    private final Tenant tenant = Tenant.withDefaults(CLOCK);
    private final EmbeddedChannel channel = new EmbeddedChannel(new IdentityHttpHandler(null,
            new Discovery(tenant, InetAddress.getLoopbackAddress(), LISTENERS, SERVER_NAME)));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void autoconfigListsThePublishedServersOnly() throws Exception {
        Reply reply = get("/mail/config-v1.1.xml?emailaddress=adele%40contoso.com");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("text/xml; charset=utf-8");
        Element provider = child(parse(reply.body()).getDocumentElement(), "emailProvider");
        assertThat(provider.getAttribute("id")).isEqualTo("contoso.com");
        assertThat(server(provider, "incomingServer", "imap")).isEqualTo("127.0.0.1 10993 SSL %EMAILADDRESS%");
        assertThat(server(provider, "incomingServer", "pop3")).isEqualTo("127.0.0.1 10995 SSL %EMAILADDRESS%");
        assertThat(server(provider, "outgoingServer", "smtp")).isEqualTo("127.0.0.1 10587 STARTTLS %EMAILADDRESS%");
        assertThat(provider.getElementsByTagName("incomingServer").getLength()).isEqualTo(2);
        assertThat(provider.getElementsByTagName("outgoingServer").getLength()).isEqualTo(1);
    }

    @Test
    void autoconfigIsAlsoServedUnderWellKnown() {
        assertThat(get("/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=alex%40contoso.com").status())
                .isEqualTo(200);
    }

    @Test
    void autoconfigAnswers404WithoutATenantMailbox() {
        assertThat(get("/mail/config-v1.1.xml?emailaddress=nobody%40contoso.com").status()).isEqualTo(404);
        assertThat(get("/mail/config-v1.1.xml?emailaddress=team%40contoso.com").status()).isEqualTo(404);
        assertThat(get("/mail/config-v1.1.xml?emailaddress=not-an-address").status()).isEqualTo(404);
        assertThat(get("/mail/config-v1.1.xml").status()).isEqualTo(404);
    }

    @Test
    void aMailboxWithImapAndPopDisabledIsStillToldTheirServers() throws Exception {
        tenant.updateMailbox("adele@contoso.com", b -> b.imapEnabled(false).popEnabled(false));
        Element provider = child(parse(get("/mail/config-v1.1.xml?emailaddress=adele%40contoso.com").body())
                .getDocumentElement(), "emailProvider");
        assertThat(provider.getElementsByTagName("incomingServer").getLength()).isEqualTo(2);
    }

    @Test
    void aDisplayNameIsEscaped() throws Exception {
        tenant.updateMailbox("adele@contoso.com", b -> b.displayName("Adele & <Vance> \"AV\"\u0001"));
        Document answer = parse(post(autodiscoverRequest("adele@contoso.com", OUTLOOK)).body());
        assertThat(answer.getElementsByTagNameNS(OUTLOOK, "DisplayName").item(0).getTextContent())
                .isEqualTo("Adele & <Vance> \"AV\"");
    }

    @Test
    void autodiscoverAnswersTheOutlookProviderForAnAlias() throws Exception {
        Reply reply = post(autodiscoverRequest("alex.wilber@contoso.com", OUTLOOK));
        assertThat(reply.status()).isEqualTo(200);
        Document answer = parse(reply.body());
        assertThat(answer.getDocumentElement().getNamespaceURI()).isEqualTo(NAMESPACE);
        assertThat(text(answer, "AutoDiscoverSMTPAddress")).isEqualTo("alex@contoso.com");
        var protocols = answer.getElementsByTagNameNS(OUTLOOK, "Protocol");
        assertThat(protocols.getLength()).isEqualTo(3);
        StringBuilder summary = new StringBuilder();
        for (int i = 0; i < protocols.getLength(); i++) {
            Element p = (Element) protocols.item(i);
            for (String field : new String[] {"Type", "Server", "Port", "SSL", "Encryption", "LoginName"}) {
                summary.append(p.getElementsByTagNameNS(OUTLOOK, field).item(0).getTextContent()).append(' ');
            }
            summary.append('\n');
        }
        assertThat(summary.toString()).isEqualTo("""
                IMAP 127.0.0.1 10993 on SSL alex@contoso.com\s
                POP3 127.0.0.1 10995 on SSL alex@contoso.com\s
                SMTP 127.0.0.1 10587 on TLS alex@contoso.com\s
                """);
    }

    @Test
    void autodiscoverErrorsCarryTheTimeOfDayAndAServerHash() throws Exception {
        Document answer = parse(post(autodiscoverRequest("nobody@contoso.com", OUTLOOK)).body());
        Element error = (Element) answer.getElementsByTagNameNS(NAMESPACE, "Error").item(0);
        assertThat(error.getParentNode().getNamespaceURI()).isEqualTo(NAMESPACE);
        assertThat(error.getAttribute("Time")).isEqualTo("18:54:30.0551234");
        assertThat(error.getAttribute("Id")).isEqualTo(Integer.toUnsignedString(SERVER_NAME.hashCode()));
        assertThat(errorOf(answer)).isEqualTo("500 The e-mail address cannot be found.");
    }

    @Test
    void autodiscoverRefusesWhatIsNoOutlookRequest() throws Exception {
        assertThat(errorOf(post("<Autodiscover><Request><EMailAddress>"))).isEqualTo("600 Invalid Request");
        assertThat(errorOf(post("{\"EMailAddress\": \"adele@contoso.com\"}"))).isEqualTo("600 Invalid Request");
        assertThat(errorOf(post("<Other><Request><EMailAddress>adele@contoso.com</EMailAddress></Request></Other>")))
                .isEqualTo("600 Invalid Request");
        assertThat(errorOf(post("<Autodiscover><Request><EMailAddress>adele@contoso.com</EMailAddress>"
                + "</Request></Autodiscover>"))).as("no AcceptableResponseSchema").isEqualTo("600 Invalid Request");
        assertThat(errorOf(post("<Autodiscover>" + "<x>".repeat(20) + "</x>".repeat(20) + "</Autodiscover>")))
                .as("too deep").isEqualTo("600 Invalid Request");
        assertThat(errorOf(get("/autodiscover/autodiscover.xml"))).isEqualTo("600 Invalid Request");
        assertThat(errorOf(post(autodiscoverRequest("adele@contoso.com",
                "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"))))
                .startsWith("601 ");
    }

    @Test
    void autodiscoverNeverExpandsEntities(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "adele@contoso.com");
        String external = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Autodiscover><Request><EMailAddress>&xxe;</EMailAddress><AcceptableResponseSchema>" + OUTLOOK
                + "</AcceptableResponseSchema></Request></Autodiscover>";
        assertThat(errorOf(post(external))).isEqualTo("600 Invalid Request");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"adele@contoso.com\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<Autodiscover><Request><EMailAddress>&b;</EMailAddress></Request></Autodiscover>";
        assertThat(errorOf(post(laughs))).isEqualTo("600 Invalid Request");
        String harmless = "<?xml version=\"1.0\"?><!DOCTYPE Autodiscover>" + autodiscoverRequest("adele@contoso.com",
                OUTLOOK).substring("<?xml version=\"1.0\" encoding=\"utf-8\"?>".length());
        assertThat(errorOf(post(harmless))).as("any DTD is refused").isEqualTo("600 Invalid Request");
    }

    @Test
    void anOversizedAutodiscoverBodyGets413() {
        Reply reply = post("<Autodiscover>" + " ".repeat(Discovery.MAX_AUTODISCOVER_REQUEST) + "</Autodiscover>");
        assertThat(reply.status()).isEqualTo(413);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theHostIsTheBindAddressOrTheAddressReachedOnAWildcardBind() throws Exception {
        InetAddress reached = InetAddress.getByName("127.0.0.2");
        assertThat(new Discovery(tenant, InetAddress.getByName("0.0.0.0"), LISTENERS, SERVER_NAME).host(reached))
                .isEqualTo("127.0.0.2");
        assertThat(new Discovery(tenant, InetAddress.getByName("::1"), LISTENERS, SERVER_NAME).host(reached))
                .isEqualTo("::1");
        assertThat(new Discovery(tenant, InetAddress.getLoopbackAddress(), LISTENERS, SERVER_NAME).host(reached))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void otherRoutesStillAnswerJson() {
        Reply reply = get("/nothing/here");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/json");
    }

    private static String autodiscoverRequest(String address, String schema) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">"
                + "<Request><EMailAddress>" + address + "</EMailAddress>"
                + "<AcceptableResponseSchema>" + schema + "</AcceptableResponseSchema></Request></Autodiscover>";
    }

    private record Reply(int status, String contentType, String body) {}

    private Reply get(String uri) {
        return exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    }

    private Reply post(String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/Autodiscover/Autodiscover.xml", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/xml");
        return exchange(request);
    }

    private Reply exchange(FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            return new Reply(response.status().code(), response.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String errorOf(Reply reply) throws Exception {
        assertThat(reply.status()).isEqualTo(200);
        return errorOf(parse(reply.body()));
    }

    private static String errorOf(Document answer) {
        return text(answer, NAMESPACE, "ErrorCode") + " " + text(answer, NAMESPACE, "Message");
    }

    private static String text(Document document, String name) {
        return text(document, OUTLOOK, name);
    }

    private static String text(Document document, String namespace, String name) {
        return document.getElementsByTagNameNS(namespace, name).item(0).getTextContent();
    }

    private static Element child(Element parent, String name) {
        return (Element) parent.getElementsByTagName(name).item(0);
    }

    private static String server(Element provider, String element, String type) {
        var servers = provider.getElementsByTagName(element);
        for (int i = 0; i < servers.getLength(); i++) {
            Element s = (Element) servers.item(i);
            if (s.getAttribute("type").equals(type)) {
                return String.join(" ", child(s, "hostname").getTextContent(), child(s, "port").getTextContent(),
                        child(s, "socketType").getTextContent(), child(s, "username").getTextContent());
            }
        }
        return "(none)";
    }
}
