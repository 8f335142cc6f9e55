package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.testing.LineClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The IMAP auto-logout timer, configured short and driven by the emulator's clock. */
class ImapAutoLogoutIT {

    private static final MutableClock CLOCK = MutableClock.at("2026-01-26T18:54:30Z");
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAPS).clock(CLOCK)
            .imapAutoLogout(Duration.ofMillis(200)));

    @Test
    void anIdleConnectionIsLoggedOutOnceTheEmulatorsClockPassesTheTimeout() throws Exception {
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.send("a1 LOGIN " + DefaultTenant.ADELE + " " + DefaultTenant.ADELE_PASSWORD);
            assertThat(c.readLine()).isEqualTo("a1 OK LOGIN completed.");
            CLOCK.advance(Duration.ofMillis(150));
            c.send("a2 NOOP");
            assertThat(c.readLine()).isEqualTo("a2 OK NOOP completed.");
            CLOCK.advance(Duration.ofMinutes(1));
            assertThat(c.readLine()).isEqualTo("* BYE Connection is closed. 13");
            assertThat(c.isClosedByServer()).isTrue();
        }
        assertThat(emulator.journal().sessions().get(0).transcript()).map(TranscriptLine::text)
                .anyMatch(l -> l.startsWith("auto-logout after 60 s"));
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        assertThatThrownBy(() -> ImapSession.initializer(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
