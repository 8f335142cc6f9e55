package dev.o365emulator.server.internal.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.journal.Direction;
import dev.o365emulator.server.journal.TranscriptLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptLinesTest {

    private static final Instant START = Instant.parse("2026-12-03T18:00:00.123456789Z");

    @Test
    void keepsEachLineInOrderWithItsExactTimeAndDirection() {
        TranscriptLines lines = new TranscriptLines(START);
        Instant later = START.plusSeconds(90_000).plusNanos(1);
        Instant earlier = START.minusSeconds(3).minusNanos(999_999_999); // a test's clock may move back
        lines.add(START, Direction.SERVER, "* OK ready");
        lines.add(later, Direction.CLIENT, "a1 NOOP");
        lines.add(earlier, Direction.EVENT, "TLS established");
        assertThat(lines.toList()).containsExactly(new TranscriptLine(START, Direction.SERVER, "* OK ready"),
                new TranscriptLine(later, Direction.CLIENT, "a1 NOOP"),
                new TranscriptLine(earlier, Direction.EVENT, "TLS established"));
    }

    @Test
    void dropsTheOldestAndWrapsAroundAsItGrows() {
        TranscriptLines lines = new TranscriptLines(START);
        List<String> expected = new ArrayList<>();
        int next = 0;
        // Adds three, drops two, over and over: the ring wraps many times and grows now and then.
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 3; i++) {
                String text = "line " + next;
                lines.add(START.plusMillis(next++), Direction.SERVER, text);
                expected.add(text);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(lines.removeFirst()).isEqualTo(expected.remove(0));
            }
            assertThat(lines.toList()).extracting(TranscriptLine::text).containsExactlyElementsOf(expected);
        }
        assertThat(lines.size()).isEqualTo(200);
        assertThat(lines.toList().get(199).time()).isEqualTo(START.plusMillis(next - 1));
    }

    @Test
    void clearForgetsEverythingAndStartsAgain() {
        TranscriptLines lines = new TranscriptLines(START);
        for (int i = 0; i < 20; i++) {
            lines.add(START, Direction.CLIENT, "NOOP");
        }
        lines.clear();
        assertThat(lines.isEmpty()).isTrue();
        assertThat(lines.toList()).isEmpty();
        lines.add(START, Direction.CLIENT, "QUIT");
        assertThat(lines.toList()).extracting(TranscriptLine::toString).containsExactly("C: QUIT");
    }
}
