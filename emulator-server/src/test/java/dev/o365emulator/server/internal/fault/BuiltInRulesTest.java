package dev.o365emulator.server.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.scenarios.Stage;
import dev.o365emulator.scenarios.StageEvent;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the rule-based built-ins answer once a session reports the stage, per protocol. */
class BuiltInRulesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-26T18:54:30.055Z"), ZoneOffset.UTC);
    private static final HostIdentity IDENTITY = HostIdentity.of(HostIdentity.DEFAULT_SEED, CLOCK.instant());
    private static final String TRAILER = IDENTITY.trailer(CLOCK.instant());

    private final SessionJournal journal = new SessionJournal(CLOCK);

    private List<String> answer(String scenario, Endpoint endpoint, Stage stage, ResponseRenderer renderer,
            UnaryOperator<StageEvent.Builder> facts) {
        return answer(ScenarioLoader.builtIn(scenario), endpoint, stage, renderer, facts);
    }

    private List<String> answer(Scenario scenario, Endpoint endpoint, Stage stage, ResponseRenderer renderer,
            UnaryOperator<StageEvent.Builder> facts) {
        FaultPlan plan = new FaultPlan(scenario, IDENTITY, CLOCK);
        EmbeddedChannel ch = new EmbeddedChannel(encoder(endpoint), new ChannelInboundHandlerAdapter());
        ch.attr(ConnectionRecorder.RECORD).set(journal.open(endpoint, new InetSocketAddress("127.0.0.1", 587),
                new InetSocketAddress("127.0.0.1", 50000)));
        List<String> lines = new ArrayList<>();
        FaultActions.apply(ch.pipeline().firstContext(), plan.decide(ch, facts.apply(plan.event(ch, stage)).build()),
                renderer, () -> lines.add("(proceeds)"));
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            lines.addAll(List.of(b.toString(StandardCharsets.UTF_8).split("\r\n")));
            b.release();
        }
        ch.finishAndReleaseAll();
        return lines;
    }

    @Test
    void basicAuthRetiredRefusesSmtpLoginButNotXoauth2() {
        assertThat(answer("basic-auth-retired", Endpoint.SUBMISSION, Stage.AUTH, SmtpReplyRenderer.RESPONSES,
                e -> e.mechanism("LOGIN"))).containsExactly(
                        "550 5.7.30 Basic authentication is not supported for Client Submission.");
        assertThat(answer("basic-auth-retired", Endpoint.SUBMISSION, Stage.AUTH, SmtpReplyRenderer.RESPONSES,
                e -> e.mechanism("XOAUTH2"))).containsExactly("(proceeds)");
    }

    @Test
    void badCredentialsIsTheLogonFailureInEveryProtocol() {
        assertThat(answer("bad-credentials", Endpoint.SUBMISSION, Stage.AUTH, SmtpReplyRenderer.RESPONSES, e -> e))
                .containsExactly("535 5.7.3 Authentication unsuccessful " + TRAILER);
        assertThat(answer("bad-credentials", Endpoint.IMAPS, Stage.AUTH, ImapReplyRenderer.forTag("a1"),
                e -> e.command("AUTHENTICATE"))).containsExactly("a1 NO AUTHENTICATE failed.");
        assertThat(answer("bad-credentials", Endpoint.POP3S, Stage.AUTH, Pop3ReplyRenderer.RESPONSES, e -> e.command("PASS")))
                .containsExactly("-ERR Logon failure: unknown user name or bad password.");
    }

    @Test
    void sendAsDeniedLeavesTheMessageToTheTenantsOwnCheck() {
        // The built-in withdraws grants instead of refusing by rule, so the login's own address still passes.
        assertThat(answer("sendas-denied", Endpoint.SUBMISSION, Stage.MESSAGE, SmtpReplyRenderer.RESPONSES,
                e -> e.user("adele@contoso.com").sender("ceo@contoso.com"))).containsExactly("(proceeds)");
    }

    @Test
    void sendAsDeniedPresetNamesLoginAndSenderAtTheEndOfData() {
        Scenario scenario = ScenarioLoader.parse("""
                name: sendas-denied-by-rule
                rules:
                  - id: refuse-ceo
                    when: { protocol: smtp, stage: message, sender: ceo@contoso.com }
                    then: { preset: sendas-denied }
                """, "inline");
        assertThat(answer(scenario, Endpoint.SUBMISSION, Stage.MESSAGE, SmtpReplyRenderer.RESPONSES,
                e -> e.user("adele@contoso.com").sender("ceo@contoso.com")).get(0))
                .startsWith("554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as ceo@contoso.com;"
                        + " STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied;")
                .endsWith(TRAILER);
    }

    @Test
    void envelopeRefusals() {
        assertThat(answer("client-not-authenticated", Endpoint.SUBMISSION, Stage.MAIL_FROM, SmtpReplyRenderer.RESPONSES,
                e -> e)).containsExactly("530 5.7.57 Client not authenticated to send mail. " + TRAILER);
        assertThat(answer("starttls-required", Endpoint.SUBMISSION, Stage.MAIL_FROM, SmtpReplyRenderer.RESPONSES,
                e -> e.tls(false))).containsExactly("451 5.7.3 STARTTLS is required to send mail " + TRAILER);
        assertThat(answer("starttls-required", Endpoint.SUBMISSION, Stage.MAIL_FROM, SmtpReplyRenderer.RESPONSES,
                e -> e.tls(true))).containsExactly("(proceeds)");
        assertThat(answer("submission-throttled", Endpoint.SUBMISSION, Stage.MAIL_FROM, SmtpReplyRenderer.RESPONSES, e -> e))
                .containsExactly("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname="
                        + IDENTITY.fqdn() + "]");
        assertThat(answer("mailbox-full", Endpoint.SUBMISSION, Stage.MESSAGE, SmtpReplyRenderer.RESPONSES, e -> e).get(0))
                .startsWith("554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException");
        assertThat(answer("legacy-tls-rejected", Endpoint.SUBMISSION, Stage.AUTH, SmtpReplyRenderer.RESPONSES, e -> e).get(0))
                .startsWith("421 4.7.66 TLS 1.0 and 1.1 are not supported.");
    }

    @Test
    void serverBusyFailsThreeTimesThenLetsTheSubmissionThrough() {
        FaultPlan plan = new FaultPlan(ScenarioLoader.builtIn("server-busy"), IDENTITY, CLOCK);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.attr(ConnectionRecorder.RECORD).set(journal.open(Endpoint.SUBMISSION,
                new InetSocketAddress("127.0.0.1", 587), new InetSocketAddress("127.0.0.1", 50000)));
        List<String> rules = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rules.add(plan.decide(ch, plan.event(ch, Stage.MAIL_FROM).clientIp("192.0.2.7").build()).ruleId());
        }
        assertThat(rules).containsExactly("busy-three-times", "busy-three-times", "busy-three-times", null, null);
        assertThat(answer("server-busy", Endpoint.SUBMISSION, Stage.MAIL_FROM, SmtpReplyRenderer.RESPONSES,
                e -> e.clientIp("192.0.2.7"))).containsExactly("451 4.7.500 Server busy. Please try again later from"
                        + " [192.0.2.7]. (AS77712344) [" + IDENTITY.fqdn() + "]");
    }

    @Test
    void imapThrottledAnswersNoAndCloses() {
        assertThat(answer("imap-throttled", Endpoint.IMAPS, Stage.COMMAND, ImapReplyRenderer.forTag("a5"),
                e -> e.command("FETCH"))).containsExactly(
                        "a5 NO Request is throttled. Suggested Backoff Time: 299609 milliseconds");
    }

    /** The encoder of an endpoint's protocol: the actions write typed responses, as a session does. */
    private static io.netty.channel.ChannelHandler encoder(Endpoint endpoint) {
        return switch (endpoint.protocol()) {
            case SMTP -> new dev.o365emulator.codec.smtp.SmtpResponseEncoder();
            case IMAP -> new dev.o365emulator.codec.imap.ImapResponseEncoder();
            case POP3 -> new dev.o365emulator.codec.pop3.Pop3ResponseEncoder();
        };
    }
}
