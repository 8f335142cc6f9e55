package dev.o365emulator.server.internal.store;

import static dev.o365emulator.server.tenant.DefaultTenant.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.store.MailDelivery.RecipientResult;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

abstract class MailDeliveryContract extends StoreContract {
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final MailStore store = newStore(clock);
    private final MailDelivery delivery = new MailDelivery(tenant, store);
    private final byte[] raw = "From: adele@contoso.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    private Mailbox mailbox(String address) {
        return tenant.settings().mailbox(address).orElseThrow();
    }

    @Test
    void submissionDeliversLocallyAndKeepsASeenCopyInSentItems() {
        MailDelivery.SubmissionResult r = delivery.deliverSubmission(mailbox(ADELE),
                List.of("alex.wilber@contoso.com", "ghost@contoso.com", "partner@fabrikam.com"), raw);
        assertThat(r.recipients()).containsExactly(
                new RecipientResult.Delivered("alex.wilber@contoso.com", List.of(ALEX)),
                new RecipientResult.Unknown("ghost@contoso.com"),
                new RecipientResult.External("partner@fabrikam.com"));
        MessageHandle inAlexInbox = store.open(ALEX).inbox().snapshot().bySequence(1).orElseThrow();
        assertThat(inAlexInbox.flags()).isEqualTo(Flags.NONE);
        assertThat(inAlexInbox.message().internalDate()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        MailFolder sent = store.open(ADELE).folder(SpecialUse.SENT);
        MessageHandle copy = sent.snapshot().bySequence(1).orElseThrow();
        assertThat(copy.flags()).isEqualTo(Flags.SEEN);
        assertThat(r.sentItemsCopy().uid()).isEqualTo(1);
        assertThat(copy.message().raw()).isEqualTo(inAlexInbox.message().raw());
        assertThat(store.mailbox("ghost@contoso.com")).isEmpty();
    }

    @Test
    void groupRecipientsGetOneCopyEachEvenWhenAlsoListedDirectly() {
        MailDelivery.SubmissionResult r = delivery.deliverSubmission(mailbox(MEGAN), List.of(TEAM, ALEX), raw);
        assertThat(r.recipients().get(0)).isInstanceOfSatisfying(RecipientResult.Delivered.class,
                d -> assertThat(d.mailboxes()).containsExactlyInAnyOrder(ADELE, ALEX, MEGAN));
        assertThat(store.open(ALEX).inbox().exists()).isEqualTo(1);
        assertThat(store.open(MEGAN).inbox().exists()).isEqualTo(1);
        assertThat(store.open(MEGAN).folder(SpecialUse.SENT).exists()).isEqualTo(1);
    }

    @Test
    void messagesLargerThanTheRecipientsReceiveSizeAreNotDelivered() {
        tenant.updateMailbox(ALEX, m -> m.maxReceiveSize(10));
        assertThat(delivery.deliver(ALEX, raw)).isEqualTo(new RecipientResult.TooLarge(ALEX, 10));
        assertThat(store.open(ALEX).inbox().exists()).isZero();
    }

    @Test
    void inboundMailToAnUnknownAddressCreatesNoMailboxUnlessACatchAllIsConfigured() {
        assertThat(delivery.deliver("ghost@contoso.com", raw)).isInstanceOf(RecipientResult.Unknown.class);
        assertThat(tenant.settings().mailbox("ghost@contoso.com")).isEmpty();
        tenant.update(b -> b.catchAll(new dev.o365emulator.server.tenant.CatchAll.CreateMailbox()));
        assertThat(delivery.deliver("ghost@contoso.com", raw)).isInstanceOf(RecipientResult.Delivered.class);
        assertThat(store.open("ghost@contoso.com").inbox().exists()).isEqualTo(1);
    }
}
