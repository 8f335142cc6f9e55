package dev.o365emulator.server.internal.store;

import static dev.o365emulator.server.tenant.DefaultTenant.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.store.MailDelivery.RecipientResult;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delivery checks every quota and the store's budget before it stores anything, so refusals are whole. */
abstract class MailDeliveryQuotaContract extends StoreContract {
    private static final int SIZE = 1000;

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final byte[] raw = bytes(SIZE);

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private MailStore store(MemoryBudget budget) {
        return newStore(clock, a -> tenant.settings().limits().mailboxQuota(), budget);
    }

    private Mailbox mailbox(String address) {
        return tenant.settings().mailbox(address).orElseThrow();
    }

    private void quota(long bytes) {
        tenant.update(b -> b.limits(tenant.settings().limits().withMailboxQuota(bytes)));
    }

    @Test
    void aSubmissionFromAFullMailboxIsRefusedAndNobodyGetsIt() {
        MailStore store = store(MemoryBudget.unlimited());
        MailDelivery delivery = new MailDelivery(tenant, store);
        quota(SIZE);
        delivery.deliverSubmission(mailbox(ADELE), List.of(ALEX), raw);

        assertThatThrownBy(() -> delivery.deliverSubmission(mailbox(ADELE), List.of(MEGAN), bytes(1)))
                .isInstanceOfSatisfying(FolderException.class,
                        e -> assertThat(e.reason()).isEqualTo(FolderException.Reason.QUOTA_EXCEEDED));
        assertThat(store.open(MEGAN).inbox().exists()).isZero();
        assertThat(store.open(ADELE).size()).isEqualTo(SIZE);
        assertThat(store.budget().used()).isEqualTo(cost(2L * SIZE, 2));
    }

    @Test
    void aFullRecipientIsReportedAndTheOthersGetTheMessage() {
        MailStore store = store(MemoryBudget.unlimited());
        MailDelivery delivery = new MailDelivery(tenant, store);
        quota(2 * SIZE);
        store.open(ALEX).inbox().append(store.newMessage(raw), Flags.NONE);

        // Alex's mailbox at its quota exactly takes one of SIZE; one of SIZE + 1 would pass it.
        assertThat(delivery.deliver("alex.wilber@contoso.com", raw)).isInstanceOf(RecipientResult.Delivered.class);
        MailDelivery.SubmissionResult r = delivery.deliverSubmission(mailbox(ADELE), List.of(ALEX, MEGAN), bytes(1));
        assertThat(r.recipients()).containsExactly(new RecipientResult.MailboxFull(ALEX, 2 * SIZE),
                new RecipientResult.Delivered(MEGAN, List.of(MEGAN)));
        assertThat(store.open(ALEX).size()).isEqualTo(2 * SIZE);
        assertThat(store.open(MEGAN).inbox().exists()).isEqualTo(1);
    }

    @Test
    void aGroupMemberWithAFullMailboxIsReportedUnderItsOwnAddress() {
        MailStore store = store(MemoryBudget.unlimited());
        MailDelivery delivery = new MailDelivery(tenant, store);
        quota(SIZE);
        store.open(ALEX).inbox().append(store.newMessage(bytes(SIZE)), Flags.NONE);

        List<RecipientResult> results = delivery.deliverInbound(List.of(TEAM), bytes(1));
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(RecipientResult.Delivered.class,
                d -> assertThat(d.mailboxes()).containsExactlyInAnyOrder(ADELE, MEGAN));
        assertThat(results.get(1)).isEqualTo(new RecipientResult.MailboxFull(ALEX, SIZE));
    }

    @Test
    void aMessageTheStoreHasNoRoomForIsRefusedWholeAndItsReservationGivenBack() {
        // Room for exactly two copies: a submission to one recipient (Inbox + Sent Items) fits ...
        MemoryBudget budget = new MemoryBudget(cost(2L * SIZE, 2));
        MailStore store = store(budget);
        MailDelivery delivery = new MailDelivery(tenant, store);
        delivery.deliverSubmission(mailbox(ADELE), List.of(ALEX), raw);
        assertThat(budget.available()).isZero();
        store.open(ALEX).inbox().storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.of("\\Deleted"));
        store.open(ALEX).inbox().expunge();

        // ... and with one copy's room left, a submission (two copies) is refused, even a smaller one.
        assertThatThrownBy(() -> delivery.deliverSubmission(mailbox(ADELE), List.of(MEGAN), bytes(SIZE - 1)))
                .isInstanceOfSatisfying(FolderException.class,
                        e -> assertThat(e.reason()).isEqualTo(FolderException.Reason.STORE_FULL));
        assertThat(store.open(MEGAN).inbox().exists()).isZero();
        assertThat(store.open(ADELE).folder(SpecialUse.SENT).exists()).isEqualTo(1);
        assertThat(budget.used()).isEqualTo(cost(SIZE, 1));

        if (kind() == StoreKind.MAILDIR) {
            // The bytes are on disk: only the count of copies matters to the budget.
            assertThat(delivery.deliver(MEGAN, bytes(SIZE + 1))).isInstanceOf(RecipientResult.Delivered.class);
            assertThat(budget.available()).isZero();
            return;
        }
        // An inbound message of exactly one copy's room fits; one byte more does not.
        assertThatThrownBy(() -> delivery.deliver(MEGAN, bytes(SIZE + 1)))
                .isInstanceOfSatisfying(FolderException.class,
                        e -> assertThat(e.reason()).isEqualTo(FolderException.Reason.STORE_FULL));
        assertThat(delivery.deliver(MEGAN, raw)).isInstanceOf(RecipientResult.Delivered.class);
        assertThat(budget.available()).isZero();
    }

    @Test
    void aRecipientRefusedForItsQuotaLeavesNoReservationBehind() {
        MemoryBudget budget = MemoryBudget.unlimited();
        MailStore store = store(budget);
        MailDelivery delivery = new MailDelivery(tenant, store);
        quota(SIZE - 1);
        assertThat(delivery.deliver(ALEX, raw)).isEqualTo(new RecipientResult.MailboxFull(ALEX, SIZE - 1));
        assertThat(budget.used()).isZero();
    }
}
