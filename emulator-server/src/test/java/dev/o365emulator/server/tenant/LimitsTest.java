package dev.o365emulator.server.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Each limit at its largest value, one past it (refused), and lifted. */
class LimitsTest {

    private static final long GB = 1024L * 1024 * 1024;

    private record Case(String name, int max, IntFunction<Limits> with) {
    }

    private static final List<Case> COUNTS = List.of(
            new Case("maxRecipientsPerMessage", 1000, n -> new Limits(n, 30, 10_000, 3, 20)),
            new Case("messagesPerMinute", 10_000, n -> new Limits(500, n, 10_000, 3, 20)),
            new Case("recipientsPerDay", 1_000_000, n -> new Limits(500, 30, n, 3, 20)),
            new Case("concurrentSubmissions", 100, n -> new Limits(500, 30, 10_000, n, 20)),
            new Case("imapConnectionsPerMailbox", 1000, n -> new Limits(500, 30, 10_000, 3, n)));

    @Test
    void eachCountTakesItsLargestValueAndUnlimitedButNotOnePastOrZero() {
        for (Case c : COUNTS) {
            assertThat(c.with().apply(c.max())).as(c.name()).isNotNull();
            assertThat(c.with().apply(Limits.UNLIMITED)).as(c.name()).isNotNull();
            assertThatThrownBy(() -> c.with().apply(c.max() + 1)).as(c.name())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(c.name() + " must be within 1.." + c.max() + " or unlimited, was " + (c.max() + 1));
            assertThatThrownBy(() -> c.with().apply(0)).as(c.name()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theQuotaTakesOneHundredGigabytesAndUnlimitedButNotOneBytePast() {
        assertThat(Limits.DEFAULTS.withMailboxQuota(100 * GB).mailboxQuota()).isEqualTo(Limits.MAX_MAILBOX_QUOTA);
        assertThat(Limits.DEFAULTS.withMailboxQuota(Limits.UNLIMITED_QUOTA).mailboxQuota()).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Limits.DEFAULTS.withMailboxQuota(100 * GB + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("or unlimited");
    }

    @Test
    void noneLiftsEveryLimit() {
        Limits none = Limits.NONE;
        assertThat(List.of(none.maxRecipientsPerMessage(), none.messagesPerMinute(), none.recipientsPerDay(),
                none.concurrentSubmissions(), none.imapConnectionsPerMailbox())).allMatch(Limits::isUnlimited);
        assertThat(none.mailboxQuota()).isEqualTo(Limits.UNLIMITED_QUOTA);
        assertThat(Limits.isUnlimited(Limits.DEFAULTS.messagesPerMinute())).isFalse();
    }

    @Test
    void messageSizesTakeOneHundredFiftyMegabytesAndUnlimitedButNotOneBytePast() {
        assertThat(Mailbox.builder("ops@contoso.com").maxSendSize(Mailbox.MAX_MESSAGE_SIZE_LIMIT).build().maxSendSize())
                .isEqualTo(150L * 1024 * 1024);
        assertThat(Mailbox.builder("ops@contoso.com").maxReceiveSize(Mailbox.UNLIMITED_SIZE).build().maxReceiveSize())
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Mailbox.builder("ops@contoso.com").maxSendSize(Mailbox.MAX_MESSAGE_SIZE_LIMIT + 1)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("or unlimited");
    }
}
