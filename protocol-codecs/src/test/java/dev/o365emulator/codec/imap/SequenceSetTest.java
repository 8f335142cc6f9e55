package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SequenceSetTest {

    @Test
    void parsesAllMessagesRange() {
        SequenceSet set = SequenceSet.parse("1:*");

        assertThat(set.contains(1, 10)).isTrue();
        assertThat(set.contains(10, 10)).isTrue();
        assertThat(set.contains(11, 10)).isFalse();
        assertThat(set).hasToString("1:*");
    }

    @Test
    void parsesListsOfNumbersAndRanges() {
        SequenceSet set = SequenceSet.parse("2,4:7,9");

        assertThat(set.contains(1, 100)).isFalse();
        assertThat(set.contains(2, 100)).isTrue();
        assertThat(set.contains(3, 100)).isFalse();
        assertThat(set.contains(5, 100)).isTrue();
        assertThat(set.contains(7, 100)).isTrue();
        assertThat(set.contains(8, 100)).isFalse();
        assertThat(set.contains(9, 100)).isTrue();
    }

    @Test
    void starMeansTheHighestNumberInUse() {
        assertThat(SequenceSet.parse("*").contains(42, 42)).isTrue();
        assertThat(SequenceSet.parse("*").contains(41, 42)).isFalse();
    }

    @Test
    void normalisesReversedRanges() {
        assertThat(SequenceSet.parse("*:5")).hasToString("5:*");
        assertThat(SequenceSet.parse("7:4")).hasToString("4:7");
        assertThat(SequenceSet.parse("7:4").contains(5, 10)).isTrue();
    }

    @Test
    void rangeToStarIncludesStarWhenTheMailboxIsSmaller() {
        // RFC 3501: with 3 messages, "5:*" is "3:5", so it contains message 3.
        assertThat(SequenceSet.parse("5:*").contains(3, 3)).isTrue();
        assertThat(SequenceSet.parse("5:*").contains(2, 3)).isFalse();
    }

    @Test
    void acceptsTheLargest32BitNumber() {
        assertThat(SequenceSet.parse("4294967295").contains(4294967295L, 1)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0:5", "1:0", "", "1,", ",1", "1::2", "a", "01", "-1", "4294967296", "1:*:2", "$"})
    void rejectsInvalidSets(String text) {
        assertThatThrownBy(() -> SequenceSet.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsRangesUpToTheBoundAndRejectsOneMore() {
        assertThat(SequenceSet.parse("1,2,3", 3).ranges()).hasSize(3);
        assertThatThrownBy(() -> SequenceSet.parse("1,2,3,4", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 3");
    }
}
