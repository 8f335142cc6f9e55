package dev.o365emulator.server.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.PresetReplies;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import org.junit.jupiter.api.Test;

/** The XOAUTH2 token presets, as rendered when they fire outside an XOAUTH2 login. */
class TokenPresetRepliesTest {

    private static Office365Reply reply(Preset preset) {
        return PresetReplies.of(preset).with(ReplyArgs.of(ReplyArgs.TRAILER, "[T]"));
    }

    @Test
    void anExpiredOrInvalidTokenReadsAsOffice365sTokenRefusalInEachProtocol() {
        for (Preset preset : new Preset[] {Preset.TOKEN_EXPIRED, Preset.TOKEN_INVALID}) {
            assertThat(SmtpReplyRenderer.RESPONSES.transcript(reply(preset)))
                    .containsExactly("535 5.7.3 Authentication unsuccessful [T]");
            assertThat(ImapReplyRenderer.forTag("a1").transcript(reply(preset)))
                    .containsExactly("a1 NO AUTHENTICATE failed.");
            assertThat(Pop3ReplyRenderer.RESPONSES.transcript(reply(preset)))
                    .containsExactly("-ERR Authentication failure: unknown user name or bad password.");
        }
    }

    @Test
    void aMissingScopeIsImapsNotConnectedBad() {
        assertThat(ImapReplyRenderer.forTag("a2").transcript(reply(Preset.TOKEN_MISSING_SCOPE)))
                .containsExactly("a2 BAD User is authenticated but not connected.");
        assertThat(SmtpReplyRenderer.RESPONSES.transcript(reply(Preset.TOKEN_MISSING_SCOPE)))
                .containsExactly("535 5.7.3 Authentication unsuccessful [T]");
    }
}
