package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.tenant.ClientSettings;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSettings;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings discovery on the identity endpoint: Thunderbird's autoconfig and Outlook's POX
 * Autodiscover, answered for the tenant's users with the emulator's own host, ports and TLS modes.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /mail/config-v1.1.xml?emailaddress=…} (also under
 *       {@code /.well-known/autoconfig})</td><td>ISPDB XML ({@link AutoconfigXml}); 404 for an address
 *       that is no mailbox of the tenant, or none</td></tr>
 *   <tr><td>{@code POST /autodiscover/autodiscover.xml} (any case)</td><td>POX answer
 *       ({@link AutodiscoverXml}); errors are {@code 200} with an {@code Error}: 500 unknown address,
 *       600 a malformed request (or a GET), 601 another response schema; a body over
 *       {@value #MAX_AUTODISCOVER_REQUEST} bytes gets HTTP 413</td></tr>
 * </table>
 *
 * <p>The host in every answer is the address the emulator is bound to ({@code 127.0.0.1} by default),
 * not one of the Office 365 names its certificate also covers: those names resolve to Office 365, so a
 * client following them would leave the emulator unless the machine's hosts file says otherwise. The
 * certificate covers {@code 127.0.0.1} and {@code ::1}; another bind address must be added with
 * {@code --name}. When bound to every interface ({@code 0.0.0.0}), the host is the address the
 * discovery request reached, which is one the client can reach.
 *
 * <p>Office 365 asks for credentials before it answers Autodiscover; the emulator answers without
 * them, since the answer holds nothing beyond the host and ports it prints at start.
 */
public final class Discovery {

    /** An Autodiscover request is a few hundred bytes; anything this large is not one. */
    static final int MAX_AUTODISCOVER_REQUEST = 16 * 1024;

    static final String AUTOCONFIG_PATH = "/mail/config-v1.1.xml";
    static final String WELL_KNOWN_AUTOCONFIG_PATH = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String AUTODISCOVER_PATH = "/autodiscover/autodiscover.xml";

    private static final String XML = "text/xml; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Tenant tenant;
    private final InetAddress bind;
    private final Map<Endpoint, Integer> ports;
    private final String serverName;

    /**
     * @param bind the address every listener is bound to
     * @param listeners where each endpoint listens (its port is what clients are told)
     * @param serverName the front end's name, whose hash identifies Autodiscover errors
     */
    public Discovery(Tenant tenant, InetAddress bind, Map<Endpoint, InetSocketAddress> listeners, String serverName) {
        this.tenant = Objects.requireNonNull(tenant);
        this.bind = Objects.requireNonNull(bind);
        Map<Endpoint, Integer> copy = new EnumMap<>(Endpoint.class);
        listeners.forEach((endpoint, address) -> copy.put(endpoint, address.getPort()));
        this.ports = copy;
        this.serverName = Objects.requireNonNull(serverName);
    }

    /** An HTTP answer: status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {}

    /** Whether {@code path} (decoded) is one of the discovery routes. */
    static boolean handles(String path) {
        return path.equals(AUTOCONFIG_PATH) || path.equals(WELL_KNOWN_AUTOCONFIG_PATH)
                || path.toLowerCase(Locale.ROOT).equals(AUTODISCOVER_PATH);
    }

    /**
     * Answers a discovery route.
     *
     * @param emailAddress the autoconfig query's {@code emailaddress}, or null
     * @param body the request body (Autodiscover's XML)
     * @param reached the local address the request arrived on
     */
    Answer answer(String path, boolean post, String emailAddress, byte[] body, InetAddress reached) {
        if (path.toLowerCase(Locale.ROOT).equals(AUTODISCOVER_PATH)) {
            return post ? autodiscover(body, reached) : autodiscoverError(AutodiscoverXml.INVALID_REQUEST,
                    AutodiscoverXml.INVALID_REQUEST_MESSAGE);
        }
        return post ? text(405, "Use GET.") : autoconfig(emailAddress, reached);
    }

    Answer autoconfig(String emailAddress, InetAddress reached) {
        if (emailAddress == null) {
            return text(404, "No " + AutoconfigXml.EMAIL_PARAMETER + " given.");
        }
        TenantSettings s = tenant.settings();
        Optional<ClientSettings> settings = ClientSettings.lookup(s, emailAddress, host(reached), ports);
        if (settings.isEmpty()) {
            return text(404, "No mailbox has this address.");
        }
        return xml(AutoconfigXml.render(settings.get(), s.acceptedDomains()));
    }

    Answer autodiscover(byte[] body, InetAddress reached) {
        if (body.length > MAX_AUTODISCOVER_REQUEST) {
            return text(413, "An Autodiscover request is at most " + MAX_AUTODISCOVER_REQUEST + " bytes.");
        }
        AutodiscoverXml.Request request = AutodiscoverXml.parse(body);
        if (!request.wellFormed() || request.emailAddress() == null || request.schema() == null) {
            return autodiscoverError(AutodiscoverXml.INVALID_REQUEST, AutodiscoverXml.INVALID_REQUEST_MESSAGE);
        }
        if (!request.schema().equals(AutodiscoverXml.RESPONSE_SCHEMA)) {
            return autodiscoverError(AutodiscoverXml.PROVIDER_UNAVAILABLE, AutodiscoverXml.PROVIDER_UNAVAILABLE_MESSAGE);
        }
        Optional<ClientSettings> settings = ClientSettings.lookup(tenant.settings(), request.emailAddress(),
                host(reached), ports);
        if (settings.isEmpty()) {
            return autodiscoverError(AutodiscoverXml.ADDRESS_NOT_FOUND, AutodiscoverXml.ADDRESS_NOT_FOUND_MESSAGE);
        }
        return xml(AutodiscoverXml.settings(settings.get()));
    }

    /** The host clients are told: the bind address, or the address reached when bound to every interface. */
    String host(InetAddress reached) {
        InetAddress host = bind.isAnyLocalAddress() && reached != null ? reached : bind;
        return NetUtil.toAddressString(host);
    }

    private Answer autodiscoverError(int code, String message) {
        return xml(AutodiscoverXml.error(code, message, tenant.clock().instant(), serverName));
    }

    private static Answer xml(String document) {
        return new Answer(200, XML, document.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer text(int status, String message) {
        return new Answer(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
