package dev.o365emulator.server.internal.reply;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Office 365 host names and instance marker a running emulator presents, derived from a seed so
 * that transcripts are stable across runs.
 *
 * <p>Office 365's front ends are named like {@code LO4P302CA0005} and appear as
 * {@code LO4P302CA0005.outlook.office365.com} in SMTP banners, and as
 * {@code MN2PR05CA0004.namprd05.prod.outlook.com} in error trailers and in the IMAP/POP greeting's
 * base64 blob. The bracketed 16-hex value is .NET {@code DateTime} ticks a few hours before the
 * event: most plausibly the start time of the serving process, so it is computed from the
 * emulator's start instant minus a seeded number of hours (the 220 greetings quoted in
 * email-oauth2-proxy issue 297 on GitHub decode to 4 to 20 hours before the reply).
 */
public final class HostIdentity {

    /** The seed used when none is given: transcripts are identical from run to run. */
    public static final long DEFAULT_SEED = 0x0365_0365L;

    private static final long DOTNET_EPOCH_TICKS = 621_355_968_000_000_000L;

    // Real front-end prefixes with the region token Office 365 uses after them in trailers.
    private static final String[][] FRONT_ENDS = {
        {"MN2PR05CA", "namprd05"},
        {"BN9PR03CA", "namprd03"},
        {"PH0PR07CA", "namprd07"},
        {"SN2PR00CA", "namprd00"},
        {"AM5PR07CA", "eurprd07"},
        {"DB5PR02CA", "eurprd02"},
        {"SG2PR02CA", "apcprd02"},
        {"LO4P302CA", "GBRP302"},
    };
    private static final String[][] MX_FRONT_ENDS = {
        {"AM5EUR03FT", "EUR03"},
        {"DB5EUR01FT", "EUR01"},
        {"BL2NAM06FT", "NAM06"},
        {"CH3NAM04FT", "NAM04"},
    };

    /**
     * The formatters, built on the first reply that needs one rather than when an emulator starts:
     * {@link DateTimeFormatter}'s own initialisation and the locale data behind it cost a start some
     * 10–20 ms before its first connection.
     */
    private static final class Formats {
        static final DateTimeFormatter BANNER_DATE =
                DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
        static final DateTimeFormatter TRAILER_TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    private final String frontEnd;
    private final String region;
    private final String mailboxServer;
    private final String mxFrontEnd;
    private final String mxRegion;
    private final String instanceTicksHex;

    private HostIdentity(long seed, Instant startedAt) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] fe = FRONT_ENDS[random.nextInt(FRONT_ENDS.length)];
        this.frontEnd = fe[0] + zeroPadded(Long.toString(random.nextInt(1, 1000)), 4);
        this.region = fe[1];
        String regionPrefix = fe[0].substring(0, fe[0].length() - 2);
        this.mailboxServer = regionPrefix + "MB" + zeroPadded(Long.toString(random.nextInt(1000, 10000)), 4);
        String[] mx = MX_FRONT_ENDS[random.nextInt(MX_FRONT_ENDS.length)];
        this.mxFrontEnd = mx[0] + zeroPadded(Long.toString(random.nextInt(1, 100)), 3);
        this.mxRegion = mx[1];
        long hoursBefore = random.nextInt(4, 21);
        Instant instanceStart = startedAt.minusSeconds(hoursBefore * 3600 + random.nextInt(3600));
        long ticks = DOTNET_EPOCH_TICKS + instanceStart.getEpochSecond() * 10_000_000L + instanceStart.getNano() / 100;
        this.instanceTicksHex = zeroPadded(Long.toHexString(ticks).toUpperCase(Locale.ROOT), 16);
    }

    /**
     * {@code digits} left-padded with zeros to {@code width}, as {@code %0Nd} or {@code %0NX} of a
     * non-negative number formats it; without {@link String#format}, whose first use loads the JDK's
     * locale data (some 10 ms of a start).
     */
    static String zeroPadded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** The identity for a seed and the instant the emulator started. */
    public static HostIdentity of(long seed, Instant startedAt) {
        return new HostIdentity(seed, startedAt);
    }

    /** The front-end id alone, e.g. {@code MN2PR05CA0004}. */
    public String frontEnd() {
        return frontEnd;
    }

    /** The name in SMTP banners and EHLO: {@code MN2PR05CA0004.outlook.office365.com}. */
    public String bannerHost() {
        return frontEnd + ".outlook.office365.com";
    }

    /** The fully qualified front-end name used in error trailers: {@code MN2PR05CA0004.namprd05.prod.outlook.com}. */
    public String fqdn() {
        return frontEnd + "." + region + ".prod.outlook.com";
    }

    /** The back-end mailbox server named in {@code [Hostname=…]} after a submission. */
    public String mailboxServerFqdn() {
        return mailboxServer + "." + region + ".prod.outlook.com";
    }

    /** The MX (Exchange Online Protection) front end named in the port-25 banner. */
    public String mxBannerHost() {
        return mxFrontEnd + ".mail.protection.outlook.com";
    }

    /** The MX front end as it appears in error trailers. */
    public String mxFqdn() {
        return mxFrontEnd + ".eop-" + mxRegion + ".prod.protection.outlook.com";
    }

    /** The 16-hex-digit instance marker that ends banners and error trailers, e.g. {@code 08DCE8B62813AB2B}. */
    public String instanceMarker() {
        return instanceTicksHex;
    }

    /** The IMAP/POP3 greeting blob: base64 of the UTF-16LE front-end FQDN. */
    public String greetingBlob() {
        return Base64.getEncoder().encodeToString(fqdn().getBytes(StandardCharsets.UTF_16LE));
    }

    /** A banner date as Office 365 writes it: {@code Thu, 10 Oct 2024 22:49:55 +0000}. */
    public static String bannerDate(Instant instant) {
        return Formats.BANNER_DATE.format(instant);
    }

    /** The current-form error trailer: {@code [HOST 2025-01-26T18:54:30.055Z 08DD3DD7D75D7743]}. */
    public String trailer(Instant now) {
        return "[" + fqdn() + " " + Formats.TRAILER_TIME.format(now) + " " + instanceTicksHex + "]";
    }

    /** The same trailer with the MX front end, for replies of the port-25 MX endpoint. */
    public String mxTrailer(Instant now) {
        return "[" + mxFqdn() + " " + Formats.TRAILER_TIME.format(now) + " " + instanceTicksHex + "]";
    }
}
