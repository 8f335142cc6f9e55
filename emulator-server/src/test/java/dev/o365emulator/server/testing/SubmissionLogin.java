package dev.o365emulator.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A raw client signed in on port 587 as Office 365 asks: EHLO, STARTTLS, EHLO again, AUTH LOGIN. */
public final class SubmissionLogin {

    private SubmissionLogin() {
    }

    /** A client on the emulator's submission endpoint, authenticated as {@code user}, ready for MAIL FROM. */
    public static LineClient loggedIn(Emulator emulator, String user, String password) throws IOException {
        LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION));
        client.readSmtpReply();
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("STARTTLS");
        assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
        client.startTls(Internals.of(emulator).certificates().clientSslContext(), "smtp.office365.com");
        client.send("EHLO client.example");
        client.readSmtpReply();
        client.send("AUTH LOGIN " + b64(user));
        assertThat(client.readLine()).isEqualTo("334 UGFzc3dvcmQ6");
        client.send(b64(password));
        assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
        return client;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
