package dev.o365emulator.codec.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class Pop3CommandTest {

    @Test
    void returnsTheConstantForKnownVerbsInAnyCase() {
        assertThat(Pop3Command.of("stls")).isSameAs(Pop3Command.STLS);
        assertThat(Pop3Command.of("Uidl")).isSameAs(Pop3Command.UIDL);
    }

    @Test
    void upperCasesIndependentlyOfTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(Pop3Command.of("quit")).isSameAs(Pop3Command.QUIT);
            assertThat(Pop3Command.of("list")).isSameAs(Pop3Command.LIST);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void equalsByNameForUnknownVerbs() {
        assertThat(Pop3Command.of("xtnd")).isEqualTo(Pop3Command.of("XTND"));
        assertThat(Pop3Command.of("XTND").isKnown()).isFalse();
    }
}
