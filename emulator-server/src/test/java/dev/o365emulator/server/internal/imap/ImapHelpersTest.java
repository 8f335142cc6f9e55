package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pure pieces of the session: LIST patterns, modified UTF-7 names, COPYUID sets, command states. */
class ImapHelpersTest {

    @Test
    void matchesListPatternsCaseInsensitivelyWithPercentStoppingAtTheDelimiter() {
        assertThat(ListPattern.of("", "*").matches("Projects/2026")).isTrue();
        assertThat(ListPattern.of("", "%").matches("Projects/2026")).isFalse();
        assertThat(ListPattern.of("", "%").matches("Sent Items")).isTrue();
        assertThat(ListPattern.of("Projects/", "%").matches("Projects/2026")).isTrue();
        assertThat(ListPattern.of("", "inbox").matches("INBOX")).isTrue();
        assertThat(ListPattern.of("", "In%x").matches("INBOX")).isTrue();
        assertThat(ListPattern.of("", "a.b").matches("aXb")).isFalse();
    }

    @Test
    void matchesAHostilePatternInLinearTime() {
        String pattern = "*a".repeat(500) + "b";
        long start = System.nanoTime();
        assertThat(ListPattern.of("", pattern).matches("a".repeat(1000))).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void encodesAndDecodesModifiedUtf7Names() {
        assertThat(ModifiedUtf7.encode("Entwürfe")).isEqualTo("Entw&APw-rfe");
        assertThat(ModifiedUtf7.encode("R&D")).isEqualTo("R&-D");
        assertThat(ModifiedUtf7.encode("日本語")).isEqualTo("&ZeVnLIqe-");
        assertThat(ModifiedUtf7.decode("&ZeVnLIqe-")).isEqualTo("日本語");
        assertThat(ModifiedUtf7.decode("R&-D")).isEqualTo("R&D");
        assertThat(ModifiedUtf7.decode("Sent Items")).isEqualTo("Sent Items");
        assertThatThrownBy(() -> ModifiedUtf7.decode("bad&AAA")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesCopyUidSetsAsRanges() {
        assertThat(UidSets.compact(List.of(3L, 4L, 5L, 9L))).isEqualTo("3:5,9");
        assertThat(UidSets.compact(List.of(7L))).isEqualTo("7");
    }

    @Test
    void allowsEachCommandOnlyInItsStates() {
        assertThat(ImapCommand.LOGIN.validIn(ImapState.AUTHENTICATED)).isFalse();
        assertThat(ImapCommand.FETCH.validIn(ImapState.AUTHENTICATED)).isFalse();
        assertThat(ImapCommand.FETCH.validIn(ImapState.SELECTED)).isTrue();
        assertThat(ImapCommand.IDLE.validIn(ImapState.AUTHENTICATED)).isTrue();
        assertThat(ImapCommand.named("uid")).contains(ImapCommand.UID);
        assertThat(ImapCommand.named("XLIST")).isEmpty();
    }
}
