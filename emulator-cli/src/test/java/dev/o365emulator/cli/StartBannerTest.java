package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The banner's hand-made formatting reads exactly as {@code String.format} would print it. */
class StartBannerTest {

    private static final long MB = 1024 * 1024;

    @ParameterizedTest
    @ValueSource(longs = {0, 1, MB / 2 - 1, MB / 2, MB, 3 * MB / 2, 256 * MB, 1023 * MB, 1023 * MB + MB / 2,
            1024 * MB - 1, 1024 * MB, 1536 * MB, 1024 * MB + 51 * MB, 1024 * MB + 52 * MB + MB / 4, 10_000 * MB,
            3_298_534_883_328L, Long.MAX_VALUE - 1})
    void aBudgetIsRoundedAsTheFormatterRoundsIt(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        String expected = mb >= 1024 ? String.format(Locale.ROOT, "%.1f GB", mb / 1024)
                : String.format(Locale.ROOT, "%.0f MB", mb);
        assertThat(StartBanner.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"smtp,127.0.0.1:25,STARTTLS", "ENDPOINT,ADDRESS,TLS", "identity,127.0.0.1:40443,HTTPS",
            "a-name-longer-than-twelve,[0:0:0:0:0:0:0:1]:65535-and-longer,implicit TLS  (refuse by the scenario)"})
    void aTableRowIsPaddedAsTheFormatterPadsIt(String endpoint, String address, String tls) {
        assertThat(StartBanner.row(endpoint, address, tls))
                .isEqualTo(String.format(Locale.ROOT, "%-12s %-22s %s", endpoint, address, tls));
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE})
    void noLimitReadsUnlimited(long bytes) {
        assertThat(StartBanner.size(bytes)).isEqualTo("unlimited");
    }
}
