package dev.o365emulator.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.server.Protocol;
import org.junit.jupiter.api.Test;

/** The XOAUTH2 token presets, as rendered when they fire outside an XOAUTH2 login. */
class TokenPresetRepliesTest {

    @Test
    void anExpiredOrInvalidTokenReadsAsOffice365sTokenRefusalInEachProtocol() {
        for (Preset preset : new Preset[] {Preset.TOKEN_EXPIRED, Preset.TOKEN_INVALID}) {
            assertThat(ReplyRenderer.smtp().render(PresetReplies.reply(preset, Protocol.SMTP, "AUTH")))
                    .containsExactly("535 5.7.3 Authentication unsuccessful {timestampTrailer}");
            assertThat(ReplyRenderer.imap("a1").render(PresetReplies.reply(preset, Protocol.IMAP, "AUTHENTICATE")))
                    .containsExactly("a1 NO AUTHENTICATE failed.");
            assertThat(ReplyRenderer.pop3().render(PresetReplies.reply(preset, Protocol.POP3, "AUTH")))
                    .containsExactly("-ERR Authentication failure: unknown user name or bad password.");
        }
    }

    @Test
    void aMissingScopeIsImapsNotConnectedBad() {
        assertThat(ReplyRenderer.imap("a2").render(PresetReplies.reply(Preset.TOKEN_MISSING_SCOPE, Protocol.IMAP,
                "SELECT"))).containsExactly("a2 BAD User is authenticated but not connected.");
        assertThat(ReplyRenderer.smtp().render(PresetReplies.reply(Preset.TOKEN_MISSING_SCOPE, Protocol.SMTP, "AUTH")))
                .containsExactly("535 5.7.3 Authentication unsuccessful {timestampTrailer}");
    }
}
