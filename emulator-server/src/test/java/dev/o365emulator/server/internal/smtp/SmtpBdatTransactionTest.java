package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A message sent in BDAT chunks keeps the envelope its first chunk was sent under. */
class SmtpBdatTransactionTest {

    @Test
    void aRecipientBetweenChunksIsRefusedAndTheChunksAlreadyReadAreKept() {
        List<ByteBuf> allocated = new ArrayList<>();
        SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP, null, SmtpChannel.tracking(allocated));
        smtp.send("EHLO mta.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<adele@contoso.com>\r\n");
        assertThat(smtp.send("BDAT 6\r\nhello ")).isEqualTo("250 2.0.0 6 bytes received\r\n");

        assertThat(smtp.send("RCPT TO:<alex@contoso.com>\r\n")).isEqualTo("503 5.5.1 Bad sequence of commands\r\n");
        assertThat(smtp.send("BDAT 7 LAST\r\nworld\r\n")).startsWith("250 2.6.0 ");

        assertThat(smtp.inbox("adele@contoso.com")).endsWith("hello world\r\n");
        assertThat(smtp.store.open("alex@contoso.com").inbox().exists()).isZero();
        smtp.close();
        assertThat(allocated).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    }
}
