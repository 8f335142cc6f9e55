package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes a FETCH puts on the wire, for every fixture and a spread of item lists, against a golden
 * list recorded from the renderer and encoder as they were before any change made for speed: a cached
 * envelope, a differently assembled buffer or a batched flush must not change a byte.
 *
 * <p>Each line of {@code /imap/fetch-golden.txt} is {@code fixture | items | uid | bytes | sha-256}
 * of the encoded response (the literals included). A deliberate change of the output regenerates the
 * file: run this test with {@code -Dfetch.golden.write=<path of the file in src/test/resources>}.
 */
class FetchWireGoldenTest {

    private static final List<String> FIXTURES = List.of("simple.eml", "encoded.eml", "malformed.eml", "nested.eml",
            "utf8-headers.eml");

    private static final List<String[]> ITEMS = List.of(
            new String[] {"FLAGS", "ENVELOPE", "RFC822.SIZE"},
            new String[] {"BODY.PEEK[]"},
            new String[] {"BODY[]"},
            new String[] {"UID", "FLAGS", "RFC822.SIZE", "BODY.PEEK[]"},
            new String[] {"ENVELOPE"},
            new String[] {"BODYSTRUCTURE"},
            new String[] {"BODY"},
            new String[] {"FULL"},
            new String[] {"ALL"},
            new String[] {"INTERNALDATE", "UID"},
            new String[] {"RFC822"},
            new String[] {"RFC822.HEADER"},
            new String[] {"RFC822.TEXT"},
            new String[] {"BODY.PEEK[HEADER]"},
            new String[] {"BODY.PEEK[TEXT]"},
            new String[] {"BODY.PEEK[1]"},
            new String[] {"BODY.PEEK[1.MIME]"},
            new String[] {"BODY.PEEK[2]"},
            new String[] {"BODY.PEEK[HEADER.FIELDS (From To Subject Date Message-ID)]"},
            new String[] {"BODY.PEEK[HEADER.FIELDS.NOT (Received)]"},
            new String[] {"BODY.PEEK[]<0.100>"},
            new String[] {"BODY.PEEK[]<200.50>"},
            new String[] {"BODY.PEEK[]<100000.10>"});

    @Test
    void everyFixtureAndItemListEncodesToTheRecordedBytes() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String fixture : FIXTURES) {
            for (String[] items : ITEMS) {
                for (boolean uid : new boolean[] {false, true}) {
                    byte[] wire = wire(fixture, items, uid);
                    lines.add(fixture + " | " + String.join(" ", items) + " | " + uid + " | " + wire.length + " | "
                            + sha256(wire));
                }
            }
        }
        String written = System.getProperty("fetch.golden.write");
        if (written != null) {
            java.nio.file.Files.write(java.nio.file.Path.of(written), lines, StandardCharsets.UTF_8);
        }
        assertThat(lines).containsExactlyElementsOf(golden());
    }

    @Test
    void theGoldenListCoversEveryCombination() {
        assertThat(golden()).hasSize(FIXTURES.size() * ITEMS.size() * 2);
    }

    /** The same message rendered twice gives the same bytes: nothing cached is consumed by the first. */
    @Test
    void aSecondRenderingOfTheSameStoredMessageIsByteIdentical() {
        for (String fixture : FIXTURES) {
            MessageHandle message = handle(fixture);
            for (String[] items : ITEMS) {
                byte[] first = encode(FetchRenderer.render(7, message, FetchRendererTest.attributes(items), true));
                byte[] second = encode(FetchRenderer.render(7, message, FetchRendererTest.attributes(items), true));
                assertThat(second).as(fixture + " " + String.join(" ", items)).isEqualTo(first);
            }
        }
    }

    private static byte[] wire(String fixture, String[] items, boolean uid) {
        return encode(FetchRenderer.render(7, handle(fixture), FetchRendererTest.attributes(items), uid));
    }

    private static MessageHandle handle(String fixture) {
        return new MessageHandle(7, 4242, Flags.of("\\Seen", "\\Flagged", "$MDNSent"),
                new StoredMessage(FetchRendererTest.fixture(fixture), Instant.parse("2026-03-02T07:05:09Z")));
    }

    private static byte[] encode(ImapUntaggedResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder());
        try {
            channel.writeOutbound(response);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
                try {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    out.writeBytes(bytes);
                } finally {
                    buf.release();
                }
            }
            return out.toByteArray();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> golden() {
        try (InputStream in = FetchWireGoldenTest.class.getResourceAsStream("/imap/fetch-golden.txt")) {
            assertThat(in).as("/imap/fetch-golden.txt").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
