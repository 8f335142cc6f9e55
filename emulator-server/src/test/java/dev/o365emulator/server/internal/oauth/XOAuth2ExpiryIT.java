package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token that expires during an IMAP session: Office 365 ends it with
 * {@code * BYE Session invalidated - AccessTokenExpired} at the next command, or at {@code exp} while
 * the client idles. Time is a mutable clock; {@code checkTokenExpiry()} runs the IDLE check at once.
 */
class XOAuth2ExpiryIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String BYE = "* BYE Session invalidated - AccessTokenExpired";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.clock(CLOCK).endpoints(Endpoint.IMAPS));

    private static String token() {
        return emulator.oauth().issueToken(ADELE, List.of("IMAP.AccessAsUser.All"));
    }

    private static LineClient loggedIn(String token) throws IOException {
        LineClient imap = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com");
        imap.readLine();
        imap.send("a1 AUTHENTICATE XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, token));
        assertThat(imap.readLine()).isEqualTo("a1 OK AUTHENTICATE completed.");
        return imap;
    }

    @Test
    void theFirstCommandAfterExpiryEndsTheSession() throws Exception {
        String token = token();
        Instant exp = emulator.oauth().expiresAt(token).orElseThrow();
        try (LineClient imap = loggedIn(token)) {
            CLOCK.advance(Duration.between(CLOCK.instant(), exp).minusSeconds(1));
            imap.send("a2 NOOP");
            assertThat(imap.readLine()).isEqualTo("a2 OK NOOP completed.");

            CLOCK.advance(Duration.ofSeconds(1));
            imap.send("a3 SELECT INBOX");
            assertThat(imap.readLine()).isEqualTo(BYE);
            assertThat(imap.isClosedByServer()).isTrue();
        }
    }

    @Test
    void anIdlingSessionIsToldAtTheTokensExpiry() throws Exception {
        try (LineClient imap = loggedIn(token())) {
            imap.send("a2 SELECT INBOX");
            imap.readUntil("a2 OK");
            imap.send("a3 IDLE");
            assertThat(imap.readLine()).isEqualTo("+ IDLE accepted, awaiting DONE command.");

            // Not due yet: the check puts itself back on the timer and the IDLE goes on.
            emulator.oauth().checkTokenExpiry();
            imap.send("DONE");
            assertThat(imap.readLine()).isEqualTo("a3 OK IDLE completed.");

            imap.send("a4 IDLE");
            assertThat(imap.readLine()).isEqualTo("+ IDLE accepted, awaiting DONE command.");
            CLOCK.advance(emulator.oauth().tokenLifetime());
            emulator.oauth().checkTokenExpiry();
            assertThat(imap.readLine()).isEqualTo(BYE);
            assertThat(imap.isClosedByServer()).isTrue();
        }
    }

    @Test
    void angusMailSeesTheSessionInvalidatedWhenItsTokenExpired() throws Exception {
        String token = token();
        Store store = XOAuth2Clients.connect(emulator, "imaps", ADELE, token);
        try {
            CLOCK.advance(emulator.oauth().tokenLifetime());
            Folder inbox = store.getFolder("INBOX");
            assertThatThrownBy(() -> inbox.open(Folder.READ_ONLY))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("Session invalidated - AccessTokenExpired");
        } finally {
            store.close();
        }
        // A fresh token is the cure, as with Office 365.
        try (Store again = XOAuth2Clients.connect(emulator, "imaps", ADELE, token())) {
            assertThat(again.isConnected()).isTrue();
        }
    }
}
