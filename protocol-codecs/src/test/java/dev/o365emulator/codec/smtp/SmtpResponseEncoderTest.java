package dev.o365emulator.codec.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpResponseEncoderTest {

    private static String encodeInOneBuffer(SmtpResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new SmtpResponseEncoder());
        channel.writeOutbound(response);
        ByteBuf written = channel.readOutbound();
        try {
            assertThat((Object) channel.readOutbound()).as("one buffer per reply").isNull();
            return written.toString(StandardCharsets.UTF_8);
        } finally {
            written.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void writesTheEhloListAsOneBufferWithoutEnhancedCodes() {
        SmtpResponse ehlo = SmtpResponses.multiLine(250, List.of("LO4P302CA0005.outlook.office365.com Hello [127.0.0.1]",
                "SIZE 157286400", "PIPELINING", "SMTPUTF8"));
        assertThat(encodeInOneBuffer(ehlo)).isEqualTo("250-LO4P302CA0005.outlook.office365.com Hello [127.0.0.1]\r\n"
                + "250-SIZE 157286400\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n");
    }

    @Test
    void writesTheEnhancedCodeAfterTheReplyCodeWhenGiven() {
        assertThat(encodeInOneBuffer(SmtpResponses.of(250, "2.1.0", "Sender OK"))).isEqualTo("250 2.1.0 Sender OK\r\n");
        assertThat(encodeInOneBuffer(SmtpResponses.multiLine(550, "5.7.1", List.of("first", "second"))))
                .isEqualTo("550-5.7.1 first\r\n550 5.7.1 second\r\n");
        assertThat(encodeInOneBuffer(SmtpResponses.of(220, "2.0.0", "SMTP server ready")))
                .isEqualTo("220 2.0.0 SMTP server ready\r\n");
    }

    @Test
    void writesAnEmptyChallengeWithItsTrailingSpaceLikeOffice365() {
        assertThat(encodeInOneBuffer(SmtpResponses.challenge(""))).isEqualTo("334 \r\n");
        assertThat(encodeInOneBuffer(SmtpResponses.challenge("VXNlcm5hbWU6"))).isEqualTo("334 VXNlcm5hbWU6\r\n");
    }

    @Test
    void refusesRepliesThatCouldForgeExtraLines() {
        assertThatThrownBy(() -> SmtpResponses.of(250, "OK\r\n250 injected")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpResponses.of(250, "5.1.1", "mismatch")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpResponses.of(99, "no")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpResponses.multiLine(250, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
