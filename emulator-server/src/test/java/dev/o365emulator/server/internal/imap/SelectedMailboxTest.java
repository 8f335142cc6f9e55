package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.StoredMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A session's view of its folder: what other sessions changed, told in an order that keeps sequence numbers right. */
class SelectedMailboxTest {

    private final MailFolder folder = new MailStore(Clock.systemUTC()).open("adele@contoso.com").inbox();
    private final AtomicInteger wakeUps = new AtomicInteger();

    private void append(int n) {
        for (int i = 0; i < n; i++) {
            folder.append(new StoredMessage(("Subject: " + i + "\r\n\r\n").getBytes(), Instant.EPOCH), Flags.NONE);
        }
    }

    private static List<String> lines(List<SelectedMailbox.Update> updates) {
        return updates.stream().map(SelectedMailbox.Update::line).toList();
    }

    @Test
    void reportsExpungesFirstWithRenumberedSequencesThenFlagsThenExists() {
        append(4);
        SelectedMailbox view = SelectedMailbox.open(folder, false, wakeUps::incrementAndGet);
        folder.storeFlags(List.of(1L, 3L), MailFolder.FlagOperation.ADD, Flags.of("\\Deleted"));
        folder.expunge();
        folder.storeFlags(List.of(4L), MailFolder.FlagOperation.ADD, Flags.SEEN);
        append(1);
        assertThat(wakeUps.get()).isPositive();
        assertThat(lines(view.updates(true))).containsExactly("1 EXPUNGE", "2 EXPUNGE",
                "2 FETCH (FLAGS (\\Seen))", "3 EXISTS");
        assertThat(view.exists()).isEqualTo(3);
        assertThat(view.uid(1)).isEqualTo(2);
        assertThat(view.updates(true)).isEmpty();
        view.close();
    }

    @Test
    void withholdsExpungesUntilTheyAreAllowed() {
        append(2);
        SelectedMailbox view = SelectedMailbox.open(folder, false, wakeUps::incrementAndGet);
        folder.storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.of("\\Deleted"));
        folder.expunge();
        assertThat(lines(view.updates(false))).isEmpty();
        assertThat(view.exists()).isEqualTo(2);
        assertThat(lines(view.updates(true))).containsExactly("1 EXPUNGE", "1 EXISTS");
        view.close();
    }

    @Test
    void doesNotRepeatFlagsTheSessionReportedItself() {
        append(1);
        SelectedMailbox view = SelectedMailbox.open(folder, false, wakeUps::incrementAndGet);
        view.flagsReported(folder.storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.SEEN));
        assertThat(view.updates(true)).isEmpty();
        view.close();
        folder.storeFlags(List.of(1L), MailFolder.FlagOperation.REMOVE, Flags.SEEN);
        int before = wakeUps.get();
        folder.storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.SEEN);
        assertThat(wakeUps.get()).as("no events after close").isEqualTo(before);
    }
}
