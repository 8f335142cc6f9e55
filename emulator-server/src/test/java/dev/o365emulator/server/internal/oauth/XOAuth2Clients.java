package dev.o365emulator.server.internal.oauth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.o365emulator.server.testing.EmulatorExtension;
import dev.o365emulator.server.Endpoint;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.function.UnaryOperator;

/** Angus Mail set up for XOAUTH2 (the token as the password) against an emulator, and forged tokens. */
final class XOAuth2Clients {

    private XOAuth2Clients() {
    }

    /** A mail session for {@code smtp} (587, STARTTLS), {@code imaps} (993) or {@code pop3s} (995). */
    static Session session(EmulatorExtension emulator, String protocol) {
        Endpoint endpoint = switch (protocol) {
            case "smtp" -> Endpoint.SUBMISSION;
            case "imaps" -> Endpoint.IMAPS;
            case "pop3s" -> Endpoint.POP3S;
            default -> throw new IllegalArgumentException(protocol);
        };
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", "127.0.0.1");
        props.put(p + "port", String.valueOf(emulator.port(endpoint)));
        props.put(p + "auth.mechanisms", "XOAUTH2");
        props.put(p + "ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "connectiontimeout", "2000");
        props.put(p + "timeout", "2000");
        if (protocol.equals("smtp")) {
            props.put("mail.smtp.auth", "true");
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(props);
    }

    /** Logs in to SMTP 587 with XOAUTH2 and sends one message from {@code user}. */
    static void send(EmulatorExtension emulator, String user, String token, String to, String subject)
            throws MessagingException {
        Session session = session(emulator, "smtp");
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(user, token);
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(user));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
            message.setSubject(subject);
            message.setText("sent with an OAuth token\r\n");
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** A store ({@code imaps} or {@code pop3s}) logged in with XOAUTH2. */
    static Store connect(EmulatorExtension emulator, String protocol, String user, String token) throws MessagingException {
        Store store = session(emulator, protocol).getStore(protocol);
        store.connect(user, token);
        return store;
    }

    /** The subject of the first Inbox message, read over {@code imaps} or {@code pop3s}. */
    static String firstSubject(EmulatorExtension emulator, String protocol, String user, String token)
            throws MessagingException {
        try (Store store = connect(emulator, protocol, user, token)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return inbox.getMessage(1).getSubject();
            } finally {
                inbox.close(false);
            }
        }
    }

    /** {@code token}'s claims changed by {@code change}, signed again with {@code key} (RS256, the key's kid). */
    static String resign(String token, RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder(SignedJWT.parse(token).getJWTClaimsSet())).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
