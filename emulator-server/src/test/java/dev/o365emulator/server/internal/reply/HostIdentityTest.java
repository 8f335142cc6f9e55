package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HostIdentityTest {

    private static final Instant START = Instant.parse("2024-10-10T22:49:55Z");

    @Test
    void sameSeedGivesTheSameNames() {
        HostIdentity a = HostIdentity.of(42, START);
        HostIdentity b = HostIdentity.of(42, START);
        assertThat(a.bannerHost()).isEqualTo(b.bannerHost());
        assertThat(a.trailer(START)).isEqualTo(b.trailer(START));
        assertThat(HostIdentity.of(43, START).fqdn()).isNotEqualTo(a.fqdn());
    }

    @Test
    void namesFollowOffice365FrontEndPattern() {
        HostIdentity id = HostIdentity.of(HostIdentity.DEFAULT_SEED, START);
        assertThat(id.frontEnd()).matches("[A-Z]{2}[0-9]P(R[0-9]{2}|[0-9]{3})CA[0-9]{4}");
        assertThat(id.bannerHost()).isEqualTo(id.frontEnd() + ".outlook.office365.com");
        assertThat(id.fqdn()).startsWith(id.frontEnd() + ".").endsWith(".prod.outlook.com");
        assertThat(id.mailboxServerFqdn()).containsPattern("MB[0-9]{4}\\.");
        assertThat(id.mxBannerHost()).matches("[A-Z0-9]+FT[0-9]{3}\\.mail\\.protection\\.outlook\\.com");
    }

    @Test
    void greetingBlobIsTheUtf16LeFqdnInBase64() {
        HostIdentity id = HostIdentity.of(7, START);
        String decoded = new String(Base64.getDecoder().decode(id.greetingBlob()), StandardCharsets.UTF_16LE);
        assertThat(decoded).isEqualTo(id.fqdn());
    }

    @Test
    void instanceMarkerIsDotNetTicksHoursBeforeTheStart() {
        HostIdentity id = HostIdentity.of(7, START);
        long ticks = Long.parseLong(id.instanceMarker(), 16);
        long epochSeconds = (ticks - 621_355_968_000_000_000L) / 10_000_000L;
        long hoursBefore = (START.getEpochSecond() - epochSeconds) / 3600;
        assertThat(id.instanceMarker()).hasSize(16).matches("[0-9A-F]+");
        assertThat(hoursBefore).isBetween(4L, 21L);
    }

    @Test
    void formatsBannerDatesAndTrailersAsOffice365Does() {
        assertThat(HostIdentity.bannerDate(Instant.parse("2022-01-07T00:05:19Z"))).isEqualTo("Fri, 7 Jan 2022 00:05:19 +0000");
        HostIdentity id = HostIdentity.of(7, START);
        assertThat(id.trailer(Instant.parse("2025-01-26T18:54:30.055Z")))
                .isEqualTo("[" + id.fqdn() + " 2025-01-26T18:54:30.055Z " + id.instanceMarker() + "]");
    }

    @Test
    void numbersArePaddedAsStringFormatPadsThem() {
        for (long value : new long[] {0, 7, 42, 999, 1000, 9999, 10_000, 123_456}) {
            assertThat(HostIdentity.zeroPadded(Long.toString(value), 4)).isEqualTo(String.format(Locale.ROOT, "%04d", value));
            assertThat(HostIdentity.zeroPadded(Long.toString(value), 3)).isEqualTo(String.format(Locale.ROOT, "%03d", value));
        }
        for (long ticks : new long[] {0, 0xABCL, 638_641_769_950_000_000L, Long.MAX_VALUE}) {
            assertThat(HostIdentity.zeroPadded(Long.toHexString(ticks).toUpperCase(Locale.ROOT), 16))
                    .isEqualTo(String.format(Locale.ROOT, "%016X", ticks));
        }
    }

    @Test
    void theDefaultSeedNamesTheSameHostsAsBefore() {
        HostIdentity id = HostIdentity.of(HostIdentity.DEFAULT_SEED, START);
        // Transcripts are compared across runs and versions: the seed's names must not drift.
        assertThat(id.bannerHost() + " " + id.mailboxServerFqdn() + " " + id.mxBannerHost() + " " + id.instanceMarker())
                .isEqualTo(PINNED);
    }

    private static final String PINNED = "SN2PR00CA0058.outlook.office365.com SN2PR00MB2034.namprd00.prod.outlook.com"
            + " BL2NAM06FT045.mail.protection.outlook.com 08DCE8D16B8D5080";
}
