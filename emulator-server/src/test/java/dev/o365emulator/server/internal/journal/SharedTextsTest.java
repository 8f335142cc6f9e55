package dev.o365emulator.server.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedTextsTest {

    @Test
    void handsOutTheStringItKeptForAnEqualText() {
        SharedTexts texts = new SharedTexts();
        String first = texts.share(new String("+ idling"));
        String second = texts.share(new String("+ idling"));
        assertThat(second).isSameAs(first).isEqualTo("+ idling");
    }

    @Test
    void keepsLongTextsAsTheyAre() {
        SharedTexts texts = new SharedTexts();
        String longText = "x".repeat(SharedTexts.MAX_SHARED_CHARS + 1);
        texts.share(longText);
        String again = new String(longText);
        assertThat(texts.share(again)).isSameAs(again);
        String atLimit = "y".repeat(SharedTexts.MAX_SHARED_CHARS);
        assertThat(texts.share(new String(atLimit))).isSameAs(texts.share(atLimit));
    }

    @Test
    void aDifferentTextInTheSameSlotTakesItOverAndEachStaysEqualToWhatWasGiven() {
        SharedTexts texts = new SharedTexts();
        // "Aa" and "BB" have the same hash code, so they meet in one slot.
        String aa = texts.share(new String("Aa"));
        String bb = texts.share(new String("BB"));
        assertThat(aa).isEqualTo("Aa");
        assertThat(bb).isEqualTo("BB");
        assertThat(texts.share(new String("BB"))).isSameAs(bb);
        String aaAgain = new String("Aa");
        assertThat(texts.share(aaAgain)).isSameAs(aaAgain);
    }
}
