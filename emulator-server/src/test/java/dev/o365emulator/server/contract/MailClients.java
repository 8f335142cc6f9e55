package dev.o365emulator.server.contract;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsMode;
import jakarta.mail.Session;
import java.util.Locale;
import java.util.Properties;

/** Angus Mail sessions for any endpoint, as a careful application configures them: TLS required, the CA trusted. */
final class MailClients {

    private MailClients() {}

    /** {@code smtp}, {@code smtps}, {@code imap}, {@code imaps}, {@code pop3} or {@code pop3s}. */
    static String protocol(Endpoint endpoint) {
        String base = endpoint.protocol().name().toLowerCase(Locale.ROOT);
        return endpoint.tlsMode() == TlsMode.IMPLICIT ? base + "s" : base;
    }

    static Session session(Emulator emulator, Endpoint endpoint) {
        String p = protocol(endpoint);
        String prefix = "mail." + p + ".";
        Properties props = new Properties();
        props.put(prefix + "host", "127.0.0.1");
        props.put(prefix + "port", String.valueOf(emulator.port(endpoint)));
        props.put(prefix + "connectiontimeout", "5000");
        props.put(prefix + "timeout", "5000");
        props.put(prefix + "ssl.socketFactory", emulator.trust().socketFactory());
        props.put(prefix + "ssl.checkserveridentity", "true");
        if (endpoint.tlsMode() == TlsMode.IMPLICIT) {
            props.put(prefix + "ssl.enable", "true");
        } else {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        props.put(prefix + "auth", "true");
        // Transport.send picks the transport by address type (rfc822): smtps for 465.
        if (endpoint.protocol() == Protocol.SMTP) {
            props.put("mail.transport.protocol", p);
            props.put("mail.transport.protocol.rfc822", p);
        } else {
            props.put("mail.store.protocol", p);
        }
        return Session.getInstance(props);
    }
}
