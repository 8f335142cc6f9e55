package dev.o365emulator.codec.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The MAIL and RCPT arguments the decoder hands over typed, whatever the reads' split. */
class SmtpTypedArgumentsTest {

    private static final String SESSION = "MAIL FROM:<adele@contoso.com> SIZE=1000 SMTPUTF8\r\n"
            + "RCPT TO:<alex@contoso.com> NOTIFY=SUCCESS,FAILURE\r\nRCPT TO:<Postmaster>\r\n"
            + "MAIL FROM:adele@contoso.com\r\nRCPT TO:<>\r\nNOOP\r\nMAIL FROM:<>\r\n";

    @Test
    void mailAndRcptArriveWithTheirPathsAndParametersParsed() {
        List<SmtpRequest> requests = decode(List.of(SESSION.getBytes(StandardCharsets.US_ASCII)));

        assertThat(requests).hasSize(7);
        SmtpPathParser.MailFrom from = parsed(requests.get(0).mailFrom());
        assertThat(from.reversePath().address()).isEqualTo("adele@contoso.com");
        assertThat(from.parameters().size()).isEqualTo(OptionalLong.of(1000));
        assertThat(from.parameters().smtpUtf8()).isTrue();
        assertThat(requests.get(0).rcptTo()).isNull();

        SmtpPathParser.RcptTo to = parsed(requests.get(1).rcptTo());
        assertThat(to.forwardPath().address()).isEqualTo("alex@contoso.com");
        assertThat(to.parameters().notifyOn()).containsExactlyInAnyOrder(RcptParameters.Notify.SUCCESS,
                RcptParameters.Notify.FAILURE);
        assertThat(requests.get(1).mailFrom()).isNull();
        assertThat(parsed(requests.get(2).rcptTo()).forwardPath().address()).isEqualTo("Postmaster");

        assertThat(requests.get(6).mailFrom()).isInstanceOf(SmtpParseResult.Parsed.class);
        assertThat(parsed(requests.get(6).mailFrom()).reversePath().isNull()).isTrue();
    }

    @Test
    void anArgumentThatDoesNotParseIsAnInvalidArgumentOfAWellDecodedLine() {
        List<SmtpRequest> requests = decode(List.of(SESSION.getBytes(StandardCharsets.US_ASCII)));

        SmtpRequest mail = requests.get(3);
        assertThat(mail.decoderResult().isSuccess()).isTrue();
        assertThat(mail.mailFrom()).isInstanceOf(SmtpParseResult.Invalid.class);
        assertThat(((SmtpParseResult.Invalid<?>) mail.mailFrom()).reason()).contains("path must start with <");
        assertThat(requests.get(4).rcptTo()).isInstanceOf(SmtpParseResult.Invalid.class);
        assertThat(requests.get(5).mailFrom()).isNull();
        assertThat(requests.get(5).rcptTo()).isNull();
    }

    @Test
    void theTypedArgumentsAreTheSameAtEverySplitOfTheInput() {
        byte[] input = SESSION.getBytes(StandardCharsets.US_ASCII);
        List<SmtpRequest> whole = decode(List.of(input));
        for (int split = 0; split <= input.length; split++) {
            List<SmtpRequest> parts = decode(List.of(Arrays.copyOfRange(input, 0, split),
                    Arrays.copyOfRange(input, split, input.length)));
            assertThat(parts).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void aFailedLineCarriesNoTypedArgument() {
        List<SmtpRequest> requests = decode(List.of("MAIL FROM:<a@b.c>\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.decoderResult().isFailure()).isTrue();
            assertThat(r.mailFrom()).isNull();
        });
    }

    @Test
    void aTypedPathArgumentBelongsOnlyToItsCommand() {
        assertThatThrownBy(() -> new SmtpRequest(SmtpCommand.NOOP, "", SmtpRequest.of(SmtpCommand.MAIL, "FROM:<>")
                .decoderResult(), SmtpPathParser.parseMailFrom("FROM:<>"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static <T> T parsed(SmtpParseResult<T> result) {
        assertThat(result).isInstanceOf(SmtpParseResult.Parsed.class);
        return ((SmtpParseResult.Parsed<T>) result).value();
    }

    private static List<SmtpRequest> decode(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new SmtpRequestDecoder());
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
        List<SmtpRequest> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            out.add((SmtpRequest) msg);
            ReferenceCountUtil.release(msg);
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return out;
    }
}
