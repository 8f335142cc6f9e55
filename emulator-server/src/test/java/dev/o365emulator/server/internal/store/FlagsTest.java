package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FlagsTest {

    @Test
    void joinsEveryCombinationOfSystemFlagsAsTheirNames() {
        for (int bits = 0; bits < 1 << Flags.SystemFlag.values().length; bits++) {
            Flags flags = new Flags(bits, Set.of());
            assertThat(flags.joined()).isEqualTo(String.join(" ", flags.names()));
        }
        assertThat(Flags.of("\\Seen", "\\Draft").joined()).isEqualTo("\\Seen \\Draft");
        assertThat(Flags.NONE.joined()).isEmpty();
    }

    @Test
    void joinsKeywordsAfterTheSystemFlags() {
        assertThat(Flags.of("$MDNSent", "\\Flagged", "Junk").joined()).isEqualTo("\\Flagged $MDNSent Junk");
    }
}
