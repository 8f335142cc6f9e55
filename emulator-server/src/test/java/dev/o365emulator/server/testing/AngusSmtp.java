package dev.o365emulator.server.testing;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Angus Mail configured as an application sending through Office 365: STARTTLS required (implicit TLS on 465), AUTH, identity checked. */
public final class AngusSmtp {

    private AngusSmtp() {}

    /** A session for an SMTP endpoint; {@code extra} are property name/value pairs that override the defaults. */
    public static Session session(EmulatorExtension emulator, Endpoint endpoint, String... extra) {
        return session(emulator.api(), endpoint, extra);
    }

    /** {@link #session(EmulatorExtension, Endpoint, String...)} for an emulator a test started itself. */
    public static Session session(Emulator emulator, Endpoint endpoint, String... extra) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(emulator.port(endpoint)));
        props.put("mail.smtp.auth", "true");
        if (endpoint == Endpoint.SMTPS) {
            props.put("mail.smtp.ssl.enable", "true");
        } else {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.socketFactory", emulator.trust().socketFactory());
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return Session.getInstance(props);
    }

    /** A small text message; its body has a line starting with a dot, so dot-stuffing is always exercised. */
    public static MimeMessage message(Session session, String from, String to, String subject)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText("Hello from Angus Mail.\r\n.a line with a leading dot\r\n");
        return message;
    }
}
