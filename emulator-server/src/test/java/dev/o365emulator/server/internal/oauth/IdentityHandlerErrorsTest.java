package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.net.ConnectionErrors;
import dev.o365emulator.server.testing.CapturingLogger;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class IdentityHandlerErrorsTest {

    @Test
    void logsAFailureAtWarnBeforeClosingTheConnection() {
        CapturingLogger log = new CapturingLogger();
        // The platform is never reached on this path; failures alone are under test.
        EmbeddedChannel channel = new EmbeddedChannel(new IdentityHttpHandler(null, null, new ConnectionErrors(log)));
        channel.pipeline().fireExceptionCaught(new DecoderException("TLS record of an unknown type"));
        assertThat(channel.isOpen()).isFalse();
        assertThat(log.at(Level.WARN)).singleElement().satisfies(e -> assertThat(e.message())
                .startsWith("connection identity ").contains("failed: io.netty.handler.codec.DecoderException: TLS record"));
    }
}
