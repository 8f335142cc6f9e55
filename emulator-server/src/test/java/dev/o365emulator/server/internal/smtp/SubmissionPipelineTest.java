package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.smtp.MailPath;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The submission pipeline on its own: a tenant, a store and a clock, no channel. */
class SubmissionPipelineTest {

    private static final TraceHeaders.Origin ORIGIN = new TraceHeaders.Origin("client.example", "192.0.2.7",
            "TLSv1.3", "TLS_AES_256_GCM_SHA384");

    private final MutableClock clock = MutableClock.at("2025-01-26T18:54:30.055Z");
    private final HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, clock.instant());
    private final Tenant tenant = Tenant.withDefaults(clock);
    private MailStore store = new MailStore(clock);
    private final List<String> journal = new ArrayList<>();

    @Test
    void aSubmissionIsStoredBehindItsTraceFieldsAndAnsweredWithItsMessageId() {
        SubmissionPipeline.Admitted admitted = admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX), "From: adele@contoso.com\r\nSubject: hi\r\n\r\nbody\r\n"));
        assertThat(admitted.delay()).isZero();

        Office365Reply reply = pipeline().deliver(admitted.message());

        assertThat(reply.smtp().code()).isEqualTo(250);
        assertThat(reply.smtp().text()).isEqualTo("OK " + admitted.message().messageId() + " [Hostname="
                + identity.mailboxServerFqdn() + "]");
        String stored = raw(DefaultTenant.ALEX, null);
        assertThat(stored).startsWith("Received: from client.example (192.0.2.7) by " + identity.fqdn()
                + "\r\n with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384)")
                .contains("\r\nMessage-ID: " + admitted.message().messageId() + "\r\nFrom: adele@contoso.com\r\n")
                .endsWith("\r\n\r\nbody\r\n");
        assertThat(raw(DefaultTenant.ADELE, SpecialUse.SENT)).isEqualTo(stored);
        assertThat(journal).containsExactly("submitted " + admitted.message().messageId() + " to 1 recipient(s)");
    }

    @Test
    void theClientsOwnMessageIdIsKeptAndEchoed() {
        SubmissionPipeline.Admitted admitted = admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX), "Message-ID: <own@client.example>\r\n\r\nbody\r\n"));

        assertThat(admitted.message().messageId()).isEqualTo("<own@client.example>");
        assertThat(new String(admitted.message().raw(), StandardCharsets.UTF_8)).containsOnlyOnce("Message-ID:");
    }

    @Test
    void sendingAsAnotherAddressWithoutTheRightIsRefusedAndNothingIsStored() {
        SubmissionPipeline.Admission admission = admit(DefaultTenant.ALEX, DefaultTenant.ALEX,
                List.of(DefaultTenant.ADELE), "From: info@contoso.com\r\n\r\nbody\r\n");

        assertThat(admission).isInstanceOf(SubmissionPipeline.Refused.class);
        Office365Reply reply = ((SubmissionPipeline.Refused) admission).reply();
        assertThat(reply.smtp().code()).isEqualTo(554);
        assertThat(reply.smtp().enhanced()).isEqualTo("5.2.252");
        assertThat(reply.smtp().text()).startsWith("SendAsDenied; alex@contoso.com not allowed to send as"
                + " info@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException")
                .endsWith("[Hostname=" + identity.mailboxServerFqdn() + "]");
        assertThat(journal).containsExactly("SendAs denied: alex@contoso.com may not send as info@contoso.com");
        assertThat(store.open(DefaultTenant.ADELE).inbox().exists()).isZero();
    }

    @Test
    void theEnvelopeSenderIsCheckedBeforeTheFromHeader() {
        SubmissionPipeline.Admission admission = admit(DefaultTenant.ALEX, "megan@contoso.com",
                List.of(DefaultTenant.ADELE), "From: info@contoso.com\r\n\r\nbody\r\n");

        // Alex may send on behalf of Megan, so the refusal names the From address.
        assertThat(((SubmissionPipeline.Refused) admission).reply().smtp().text())
                .contains("not allowed to send as info@contoso.com;");
    }

    @Test
    void sendOnBehalfAddsASenderFieldNamingTheLogin() {
        SubmissionPipeline.Admitted admitted = admitted(admit(DefaultTenant.ALEX, DefaultTenant.MEGAN,
                List.of(DefaultTenant.ADELE), "From: megan@contoso.com\r\n\r\nbody\r\n"));

        assertThat(new String(admitted.message().raw(), StandardCharsets.UTF_8))
                .contains("\r\nSender: alex@contoso.com\r\n");
    }

    @Test
    void aLegacySessionRefusesSendAsInTheOlderWording() {
        Office365Reply legacy = SubmissionPipeline.sendAsDenied(SendAsDeniedForm.LEGACY, DefaultTenant.ALEX,
                DefaultTenant.INFO, "SN2PR00MB2034.namprd00.prod.outlook.com");
        assertThat(legacy.smtp().enhanced()).isEqualTo("5.2.0");
        assertThat(legacy.smtp().text()).isEqualTo("STOREDRV.Submission.Exception:SendAsDeniedException"
                + ".MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message"
                + " Cannot submit message. [Hostname=SN2PR00MB2034.namprd00.prod.outlook.com]");
    }

    @Test
    void theDailyRecipientQuotaRefusesTheMessageThatWouldPassIt() {
        tenant.update(b -> b.limits(new Limits(500, 30, 1, 3, 20)));

        SubmissionPipeline.Admission admission = admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX, DefaultTenant.MEGAN), "Subject: two\r\n\r\nbody\r\n");

        Office365Reply reply = ((SubmissionPipeline.Refused) admission).reply();
        assertThat(reply.smtp().code() + " " + reply.smtp().enhanced()).isEqualTo("554 5.2.0");
        assertThat(reply.smtp().text()).startsWith("STOREDRV.Submission.Exception:SubmissionQuotaExceededException;");
        assertThat(journal).containsExactly("submission refused by the RECIPIENTS_PER_DAY limit");
    }

    @Test
    void aMessageOverTheMinutesRateIsAdmittedWithADelay() {
        tenant.update(b -> b.limits(new Limits(500, 1, 10_000, 3, 20)));
        admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE, List.of(DefaultTenant.ALEX), "\r\nfirst\r\n"));

        SubmissionPipeline.Admitted second = admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX), "\r\nsecond\r\n"));

        assertThat(second.delay()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(journal).last().asString().startsWith("submission delayed ").endsWith(" ms by the"
                + " messages-per-minute rate");
    }

    @Test
    void recipientsNobodyHasGetANonDeliveryReportInTheSendersInbox() {
        SubmissionPipeline.Admitted admitted = admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX, "nobody@contoso.com"), "Subject: lost\r\n\r\nbody\r\n"));

        Office365Reply reply = pipeline().deliver(admitted.message());

        assertThat(reply.smtp().code()).isEqualTo(250);
        String report = raw(DefaultTenant.ADELE, null);
        assertThat(report).contains("Subject: Undeliverable: lost", "Status: 5.1.10",
                "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address"
                        + " lookup");
        assertThat(journal).contains("non-delivery report to adele@contoso.com for [nobody@contoso.com]");
    }

    @Test
    void aSenderWhoseMailboxIsFullIsRefusedAndNothingIsStored() {
        store = new MailStore(clock, address -> address.equals(DefaultTenant.ADELE) ? 10 : Limits.DEFAULT_MAILBOX_QUOTA,
                MemoryBudget.unlimited());
        SubmissionPipeline.Admitted admitted = admitted(admit(DefaultTenant.ADELE, DefaultTenant.ADELE,
                List.of(DefaultTenant.ALEX), "Subject: big\r\n\r\nmore than ten bytes\r\n"));

        Office365Reply reply = pipeline().deliver(admitted.message());

        assertThat(reply.smtp().code() + " " + reply.smtp().enhanced()).isEqualTo("554 5.2.2");
        assertThat(reply.smtp().text()).isEqualTo("mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"
                + ".MapiExceptionShutoffQuotaExceeded [Hostname=" + identity.mailboxServerFqdn() + "]");
        assertThat(store.open(DefaultTenant.ALEX).inbox().exists()).isZero();
        assertThat(journal).last().asString().startsWith("submission failed: ");
    }

    private SubmissionPipeline pipeline() {
        return new SubmissionPipeline(tenant, new MailDelivery(tenant, store), identity, clock, SendAsDeniedForm.CURRENT,
                journal::add);
    }

    private SubmissionPipeline.Admission admit(String login, String from, List<String> recipients, String message) {
        Mailbox mailbox = tenant.settings().mailbox(login).orElseThrow();
        int at = from.indexOf('@');
        byte[] client = message.getBytes(StandardCharsets.UTF_8);
        return pipeline().admit(mailbox, new MailPath(List.of(), from.substring(0, at), from.substring(at + 1)),
                recipients, client, MessageHeaders.read(client), ORIGIN);
    }

    private static SubmissionPipeline.Admitted admitted(SubmissionPipeline.Admission admission) {
        assertThat(admission).isInstanceOf(SubmissionPipeline.Admitted.class);
        return (SubmissionPipeline.Admitted) admission;
    }

    private String raw(String address, SpecialUse folder) {
        var mailbox = store.open(address);
        var messages = (folder == null ? mailbox.inbox() : mailbox.folder(folder)).snapshot().messages();
        ByteBuffer raw = messages.get(messages.size() - 1).message().raw();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
