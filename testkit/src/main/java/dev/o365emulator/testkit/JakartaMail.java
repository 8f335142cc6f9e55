package dev.o365emulator.testkit;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.TlsMode;
import jakarta.mail.Session;
import java.util.Locale;
import java.util.Properties;

/**
 * Jakarta Mail configuration for each endpoint of a running emulator: host, port, TLS as Office 365
 * requires it (STARTTLS required on 587, 25, 143 and 110; implicit TLS on 465, 993 and 995),
 * server identity checked, timeouts set. Needs Jakarta Mail (e.g. Angus Mail) on the test class path.
 *
 * <pre>{@code
 * Session session = emulator.mail().session(Endpoint.SUBMISSION);
 * Transport.send(message, TestUsers.ADELE.address(), TestUsers.ADELE.password());
 * }</pre>
 */
public final class JakartaMail {

    private static final String TIMEOUT_MILLIS = "10000";

    private final O365Emulator emulator;

    JakartaMail(O365Emulator emulator) {
        this.emulator = emulator;
    }

    /** The protocol name Jakarta Mail uses for an endpoint: {@code smtp}, {@code smtps}, {@code imap}, {@code imaps}, {@code pop3}, {@code pop3s}. */
    public static String protocol(Endpoint endpoint) {
        String base = endpoint.protocol().name().toLowerCase(Locale.ROOT);
        return endpoint.tlsMode() == TlsMode.IMPLICIT ? base + "s" : base;
    }

    /** Properties for an endpoint (also sets {@code mail.transport.protocol} / {@code mail.store.protocol}). */
    public Properties properties(Endpoint endpoint) {
        String p = protocol(endpoint);
        String prefix = "mail." + p + ".";
        Properties props = new Properties();
        props.put(prefix + "host", emulator.host());
        props.put(prefix + "port", String.valueOf(emulator.port(endpoint)));
        props.put(prefix + "connectiontimeout", TIMEOUT_MILLIS);
        props.put(prefix + "timeout", TIMEOUT_MILLIS);
        props.put(prefix + "writetimeout", TIMEOUT_MILLIS);
        props.put(prefix + "ssl.socketFactory", emulator.trust().socketFactory());
        props.put(prefix + "ssl.checkserveridentity", "true");
        if (endpoint.tlsMode() == TlsMode.IMPLICIT) {
            props.put(prefix + "ssl.enable", "true");
        } else {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        switch (endpoint.protocol()) {
            case SMTP -> {
                props.put("mail.transport.protocol", p);
                props.put(prefix + "auth", "true");
            }
            case IMAP, POP3 -> props.put("mail.store.protocol", p);
        }
        return props;
    }

    /**
     * Properties that make Jakarta Mail sign in with SASL XOAUTH2 (pass the access token as the
     * password), as clients must once basic authentication is gone.
     */
    public Properties oauthProperties(Endpoint endpoint) {
        Properties props = properties(endpoint);
        String prefix = "mail." + protocol(endpoint) + ".";
        props.put(prefix + "auth.mechanisms", "XOAUTH2");
        props.put(prefix + "auth.xoauth2.disable", "false");
        if (endpoint.protocol() == dev.o365emulator.server.Protocol.IMAP) {
            props.put(prefix + "auth.login.disable", "true");
            props.put(prefix + "auth.plain.disable", "true");
        }
        return props;
    }

    /** A session that signs in with XOAUTH2, configured as {@link #oauthProperties} says. */
    public Session oauthSession(Endpoint endpoint) {
        return Session.getInstance(oauthProperties(endpoint));
    }

    /** A session for an endpoint, configured as {@link #properties} says. */
    public Session session(Endpoint endpoint) {
        return Session.getInstance(properties(endpoint));
    }
}
