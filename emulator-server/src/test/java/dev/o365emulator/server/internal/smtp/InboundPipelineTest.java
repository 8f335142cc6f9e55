package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mail arriving on the tenant's MX, on its own: a tenant, a store and a clock, no channel. */
class InboundPipelineTest {

    private static final TraceHeaders.Origin ORIGIN = new TraceHeaders.Origin("mta.example.org", "192.0.2.9", null,
            null);

    private final MutableClock clock = MutableClock.at("2025-01-26T18:54:30.055Z");
    private final HostIdentity identity = HostIdentity.of(HostIdentity.DEFAULT_SEED, clock.instant());
    private final Tenant tenant = Tenant.withDefaults(clock);
    private MailStore store = new MailStore(clock);
    private final List<String> journal = new ArrayList<>();

    @Test
    void inboundMailIsStoredOnceForEachRecipientAndAcceptedWithItsSizeAndRate() {
        byte[] client = "Message-ID: <m1@example.org>\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);

        Office365Reply reply = pipeline().receive(List.of("Adele@Contoso.com", "adele@contoso.com", DefaultTenant.ALEX),
                client, MessageHeaders.read(client), ORIGIN, Duration.ofSeconds(2));

        String stored = inbox(DefaultTenant.ADELE);
        assertThat(stored).startsWith("Received: from mta.example.org (192.0.2.9) by " + identity.mxFqdn()
                + "\r\n with Microsoft SMTP Server id ").endsWith("+0000\r\nMessage-ID: <m1@example.org>\r\n"
                + "Subject: hi\r\n\r\nbody\r\n");
        assertThat(store.open(DefaultTenant.ADELE).inbox().exists()).isEqualTo(1);
        assertThat(store.open(DefaultTenant.ALEX).inbox().exists()).isEqualTo(1);
        int octets = stored.getBytes(StandardCharsets.UTF_8).length;
        assertThat(reply.smtp().code() + " " + reply.smtp().enhanced()).isEqualTo("250 2.6.0");
        assertThat(reply.smtp().text()).matches("<m1@example\\.org> \\[InternalId=\\d+, Hostname="
                + identity.mailboxServerFqdn().replace(".", "\\.") + "] " + octets + " bytes in 2\\.000, "
                + String.format(java.util.Locale.ROOT, "%.3f", octets / 1024.0 / 2).replace(".", "\\.")
                + " KB/sec Queued mail for delivery");
    }

    @Test
    void aMessageWithoutItsOwnIdIsAcceptedUnderANewOne() {
        byte[] client = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);

        Office365Reply reply = pipeline().receive(List.of(DefaultTenant.ADELE), client, MessageHeaders.read(client),
                ORIGIN, Duration.ZERO);

        assertThat(reply.smtp().text()).startsWith("<").contains("@" + identity.mailboxServerFqdn() + "> [InternalId=")
                .contains(" bytes in 0.001, ");
    }

    @Test
    void mailNoRecipientHasRoomForIsRefusedWithTheStoreDriversDeliveryText() {
        store = new MailStore(clock, address -> 10, MemoryBudget.unlimited());
        byte[] client = "Subject: hi\r\n\r\nmore than ten bytes\r\n".getBytes(StandardCharsets.UTF_8);

        Office365Reply reply = pipeline().receive(List.of(DefaultTenant.ADELE), client, MessageHeaders.read(client),
                ORIGIN, Duration.ofMillis(5));

        assertThat(reply.smtp().code() + " " + reply.smtp().enhanced()).isEqualTo("554 5.2.2");
        assertThat(reply.smtp().text()).isEqualTo("mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"
                + ".MapiExceptionShutoffQuotaExceeded [Hostname=" + identity.mailboxServerFqdn() + "]");
        assertThat(journal).singleElement().asString().startsWith("inbound message not delivered to adele@contoso.com");
    }

    @Test
    void aMessageThatReachesOneRecipientIsAccepted() {
        store = new MailStore(clock, address -> address.equals(DefaultTenant.ADELE) ? 10 : Limits.DEFAULT_MAILBOX_QUOTA,
                MemoryBudget.unlimited());
        byte[] client = "Subject: hi\r\n\r\nmore than ten bytes\r\n".getBytes(StandardCharsets.UTF_8);

        Office365Reply reply = pipeline().receive(List.of(DefaultTenant.ADELE, DefaultTenant.ALEX), client,
                MessageHeaders.read(client), ORIGIN, Duration.ofMillis(5));

        assertThat(reply.smtp().code()).isEqualTo(250);
        assertThat(store.open(DefaultTenant.ALEX).inbox().exists()).isEqualTo(1);
    }

    @Test
    void aStoreWithoutRoomRefusesForNowRatherThanForGood() {
        store = new MailStore(clock, address -> Limits.DEFAULT_MAILBOX_QUOTA, new MemoryBudget(16));
        byte[] client = "Subject: hi\r\n\r\nmore than the store's sixteen bytes\r\n".getBytes(StandardCharsets.UTF_8);

        Office365Reply reply = pipeline().receive(List.of(DefaultTenant.ADELE), client, MessageHeaders.read(client),
                ORIGIN, Duration.ofMillis(5));

        assertThat(reply.smtp().code() + " " + reply.smtp().enhanced() + " " + reply.smtp().text())
                .isEqualTo("452 4.3.1 Insufficient system resources");
        assertThat(journal).singleElement().asString().startsWith("inbound message refused: ");
    }

    private InboundPipeline pipeline() {
        return new InboundPipeline(new MailDelivery(tenant, store), identity, clock, journal::add);
    }

    private String inbox(String address) {
        ByteBuffer raw = store.open(address).inbox().snapshot().messages().get(0).message().raw();
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
