package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Listener;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What a user needs to configure a client: each endpoint's host, port, TLS mode and what stands at
 * its port now, the identity platform, and the CA certificate to trust, as a PEM download.
 */
final class ConnectRoutes {

    private final ConsoleBackend backend;

    ConnectRoutes(ConsoleBackend backend) {
        this.backend = backend;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/endpoints", this::endpoints)
                .get("/api/v1/ca.pem", this::caPem);
    }

    /**
     * One endpoint.
     *
     * @param tls {@code STARTTLS}, {@code STLS} (POP3's STARTTLS) or {@code implicit}
     * @param state {@code serving}, {@code dropping-connects} (connects time out) or {@code refused}
     * @param office365Host the host name Office 365 serves this endpoint on, which the certificate also covers
     */
    record EndpointView(String id, String protocol, String host, int port, int standardPort, String tls, String state,
            String office365Host) {
    }

    record Identity(String host, int port, String authority) {
    }

    record View(String host, String bindAddress, String portPlan, List<EndpointView> endpoints, Identity identity,
            String caHref) {
    }

    private ApiResponse endpoints(ApiRequest request) {
        String host = host(request);
        List<EndpointView> endpoints = new ArrayList<>();
        for (Listener l : backend.listeners().get()) {
            Endpoint e = l.endpoint();
            String state = l instanceof Listener.Serving ? "serving"
                    : l instanceof Listener.DroppingConnects ? "dropping-connects" : "refused";
            endpoints.add(new EndpointView(e.id(), e.protocol().name().toLowerCase(java.util.Locale.ROOT), host,
                    l.address().getPort(), e.standardPort(), tls(e), state,
                    e.protocol() == Protocol.SMTP ? "smtp.office365.com" : "outlook.office365.com"));
        }
        Optional<InetSocketAddress> identity = backend.identity().get();
        Identity id = identity.map(a -> new Identity(host, a.getPort(), backend.tokens().authority())).orElse(null);
        return ApiResponse.ok(new View(host, backend.bindAddress().getHostAddress(), backend.portPlan().describe(),
                endpoints, id, "/api/v1/ca.pem"));
    }

    private static String tls(Endpoint e) {
        if (e.tlsMode() == TlsMode.IMPLICIT) {
            return "implicit";
        }
        return e.protocol() == Protocol.POP3 ? "STLS" : "STARTTLS";
    }

    /**
     * The host a client should connect to: the bind address, or, for a wildcard bind, the host this
     * request came in through (the name the user already reaches the emulator by).
     */
    private String host(ApiRequest request) {
        InetAddress bind = backend.bindAddress();
        if (!bind.isAnyLocalAddress()) {
            String literal = bind.getHostAddress();
            return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
        }
        String header = request.headers().get("Host");
        if (header == null || header.isBlank()) {
            return "127.0.0.1";
        }
        String h = header.trim();
        int colon = h.startsWith("[") ? h.indexOf("]:") + 1 : h.lastIndexOf(':');
        return colon > 0 ? h.substring(0, colon) : h;
    }

    private ApiResponse caPem(ApiRequest request) {
        String pem;
        try {
            pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(backend.trust().caCertificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new ProblemException(Problem.internal("the CA certificate cannot be encoded"));
        }
        return ApiResponse.bytes(200, "application/x-pem-file", pem.getBytes(StandardCharsets.US_ASCII))
                .header("Content-Disposition", "attachment; filename=\"o365-emulator-ca.pem\"");
    }
}
