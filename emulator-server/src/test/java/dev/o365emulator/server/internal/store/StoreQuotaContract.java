package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.tenant.MutableClock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each mailbox's quota and the store's budget: checked before a message is added, given back exactly. */
abstract class StoreQuotaContract extends StoreContract {
    private static final int SIZE = 1000;

    private final AtomicLong quota = new AtomicLong(2 * SIZE);
    private final MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE);
    private final MailStore store = newStore(MutableClock.at("2026-03-01T10:00:00Z"), a -> quota.get(), budget);
    private final MailboxStore adele = store.open("adele@contoso.com");

    private StoredMessage message(int size) {
        byte[] raw = new byte[size];
        Arrays.fill(raw, (byte) 'x');
        return store.newMessage(raw);
    }

    private static FolderException.Reason reason(Throwable e) {
        return ((FolderException) e).reason();
    }

    @Test
    void aMailboxExactlyAtItsQuotaIsWithinItAndOneBytePastItIsRefused() {
        adele.inbox().append(message(SIZE), Flags.NONE);
        adele.folder(SpecialUse.SENT).append(message(SIZE), Flags.SEEN);
        assertThat(adele.size()).isEqualTo(2 * SIZE);

        assertThatThrownBy(() -> adele.inbox().append(message(1), Flags.NONE)).isInstanceOf(FolderException.class)
                .satisfies(e -> assertThat(reason(e)).isEqualTo(FolderException.Reason.QUOTA_EXCEEDED));
        assertThat(adele.inbox().exists()).isEqualTo(1);
        assertThat(adele.size()).isEqualTo(2 * SIZE);
    }

    @Test
    void expungeGivesTheSpaceBackExactly() {
        adele.inbox().append(message(SIZE), Flags.of("\\Deleted"));
        adele.inbox().append(message(SIZE), Flags.NONE);
        assertThat(adele.inbox().expunge()).hasSize(1);
        assertThat(adele.size()).isEqualTo(SIZE);

        assertThatThrownBy(() -> adele.inbox().append(message(SIZE + 1), Flags.NONE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(FolderException.Reason.QUOTA_EXCEEDED));
        adele.inbox().append(message(SIZE), Flags.NONE);
        assertThat(adele.size()).isEqualTo(2 * SIZE);
    }

    @Test
    void deletingAFolderGivesItsMessagesSpaceBack() {
        MailFolder projects = adele.create("Projects/2026");
        projects.append(message(SIZE), Flags.NONE);
        adele.folder("Projects").orElseThrow().append(message(SIZE), Flags.NONE);
        assertThat(adele.size()).isEqualTo(2 * SIZE);

        adele.delete("Projects");
        assertThat(adele.size()).isZero();
        assertThat(budget.used()).isZero();
    }

    @Test
    void aCopyCountsAgainAndOneThatDoesNotFitAddsNothing() {
        quota.set(3 * SIZE);
        MailFolder archive = adele.folder("Archive").orElseThrow();
        adele.inbox().append(message(SIZE), Flags.NONE);
        adele.inbox().append(message(SIZE), Flags.NONE);

        assertThatThrownBy(() -> adele.inbox().copyTo(List.of(1L, 2L), archive))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(FolderException.Reason.QUOTA_EXCEEDED));
        assertThat(archive.exists()).as("nothing of the refused copy").isZero();

        adele.inbox().copyTo(List.of(1L), archive);
        assertThat(adele.size()).isEqualTo(3 * SIZE);
    }

    @Test
    void aMoveWithinAFullMailboxIsNeverRefused() {
        adele.inbox().append(message(SIZE), Flags.NONE);
        adele.inbox().append(message(SIZE), Flags.NONE);
        MailFolder archive = adele.folder("Archive").orElseThrow();

        adele.inbox().moveTo(List.of(1L, 2L), archive);
        assertThat(archive.exists()).isEqualTo(2);
        assertThat(adele.size()).isEqualTo(2 * SIZE);
        adele.rename("INBOX", "Old Inbox");
        assertThat(adele.size()).isEqualTo(2 * SIZE);
    }

    @Test
    void aMoveToAnotherMailboxIsRefused() {
        adele.inbox().append(message(SIZE), Flags.NONE);
        MailFolder alexInbox = store.open("alex@contoso.com").inbox();
        assertThatThrownBy(() -> adele.inbox().moveTo(List.of(1L), alexInbox))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(adele.inbox().exists()).isEqualTo(1);
    }

    @Test
    void aLoweredQuotaAppliesToTheNextAppend() {
        adele.inbox().append(message(SIZE), Flags.NONE);
        quota.set(SIZE);
        assertThatThrownBy(() -> adele.inbox().append(message(1), Flags.NONE))
                .satisfies(e -> assertThat(reason(e)).isEqualTo(FolderException.Reason.QUOTA_EXCEEDED));
        assertThat(adele.quota()).isEqualTo(SIZE);
    }

    @Test
    void theStoreBudgetCountsEveryCopyWithItsOverheadUpToTheLimitExactly() {
        MemoryBudget small = new MemoryBudget(2 * cost(SIZE, 1));
        MailStore bounded = newStore(MutableClock.at("2026-03-01T10:00:00Z"), a -> Long.MAX_VALUE, small);
        StoredMessage m = bounded.newMessage(new byte[SIZE]);
        bounded.open("adele@contoso.com").inbox().append(m, Flags.NONE);
        bounded.open("alex@contoso.com").inbox().append(m, Flags.NONE);
        assertThat(small.used()).isEqualTo(small.limit());

        assertThatThrownBy(() -> bounded.open("megan@contoso.com").inbox().append(bounded.newMessage(new byte[0]),
                Flags.NONE)).satisfies(e -> assertThat(reason(e)).isEqualTo(FolderException.Reason.STORE_FULL));
        assertThat(bounded.open("megan@contoso.com").size()).as("nothing charged to the refused mailbox").isZero();

        bounded.open("alex@contoso.com").inbox().storeFlags(List.of(1L), MailFolder.FlagOperation.ADD,
                Flags.of("\\Deleted"));
        bounded.open("alex@contoso.com").inbox().expunge();
        assertThat(small.used()).isEqualTo(cost(SIZE, 1));
        bounded.open("megan@contoso.com").inbox().append(bounded.newMessage(new byte[SIZE]), Flags.NONE);
        assertThat(small.available()).isZero();
    }

    @Test
    void clearGivesEverythingBackAndAForgottenFolderNoLongerCounts() {
        adele.inbox().append(message(SIZE), Flags.of("\\Deleted"));
        store.open("alex@contoso.com").inbox().append(message(SIZE), Flags.NONE);
        MailFolder forgotten = adele.inbox();
        assertThat(budget.used()).isEqualTo(cost(2 * SIZE, 2));

        store.clear();
        assertThat(budget.used()).isZero();
        // A session may still hold the forgotten folder: what it does there no longer touches the budget.
        forgotten.expunge();
        try {
            forgotten.append(message(SIZE), Flags.NONE);
        } catch (StorageException deletedOnDisk) {
            // The Maildir store deleted the forgotten folder's directory: writing there fails, and says so.
            assertThat(kind()).isEqualTo(StoreKind.MAILDIR);
        }
        assertThat(budget.used()).isZero();
        assertThat(store.open("adele@contoso.com").size()).isZero();
    }

    @Test
    void budgetsRefuseAtTheLimitPlusOneAndNeverGoBelowZero() {
        MemoryBudget b = new MemoryBudget(10);
        assertThat(b.tryReserve(10)).isTrue();
        assertThat(b.tryReserve(1)).isFalse();
        b.release(10);
        assertThat(b.tryReserve(11)).isFalse();
        assertThatThrownBy(() -> b.release(1)).isInstanceOf(IllegalStateException.class);
        assertThat(b.used()).isZero();
        assertThat(MemoryBudget.unlimited().tryReserve(Long.MAX_VALUE)).isTrue();
    }
}
