package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.tenant.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmlPreloaderTest {
    private final MailStore store = new MailStore(MutableClock.at("2026-03-01T10:00:00Z"));

    private static String subject(MessageHandle h) {
        return h.message().structure().envelope().subject();
    }

    @Test
    void loadsMailboxesFoldersAndSubFoldersInFilenameOrder() throws Exception {
        Path root = Path.of(getClass().getResource("/store/preload").toURI());
        EmlPreloader.Result result = new EmlPreloader(store).load(root);

        assertThat(result.messagesPerMailbox()).containsEntry("adele@contoso.com", 4).containsEntry("alex@contoso.com", 1);
        assertThat(result.messages()).isEqualTo(5);
        assertThat(result.skipped()).singleElement().asString().contains("not-an-address");

        MailboxStore adele = store.mailbox("adele@contoso.com").orElseThrow();
        FolderSnapshot inbox = adele.inbox().snapshot();
        assertThat(inbox.messages()).extracting(EmlPreloaderTest::subject).containsExactly("first", "second");
        assertThat(inbox.messages()).extracting(MessageHandle::uid).containsExactly(1L, 2L);
        assertThat(inbox.bySequence(1).orElseThrow().message().internalDate())
                .isEqualTo(Instant.parse("2026-02-02T08:00:00Z"));
        assertThat(inbox.bySequence(2).orElseThrow().message().internalDate())
                .isEqualTo(Instant.parse("2026-02-03T08:30:00Z"));
        assertThat(adele.folder("INBOX/Projects").orElseThrow().snapshot().messages())
                .extracting(EmlPreloaderTest::subject).containsExactly("plan");
        MessageHandle sent = adele.folder(SpecialUse.SENT).snapshot().bySequence(1).orElseThrow();
        assertThat(sent.flags()).isEqualTo(Flags.SEEN);
        assertThat(store.mailbox("alex@contoso.com").orElseThrow().inbox().exists()).isEqualTo(1);
    }

    @Test
    void internalDateFallsBackToTheFileTimeWithoutADateHeader(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("megan@contoso.com").resolve("Junk Email"));
        Path file = Files.writeString(dir.resolve("spam.eml"), "Subject: win\r\nDate: someday\r\n\r\n$$$\r\n",
                StandardCharsets.US_ASCII);
        Instant mtime = Instant.parse("2025-12-24T18:00:00Z");
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        new EmlPreloader(store).load(root);
        MessageHandle h = store.mailbox("megan@contoso.com").orElseThrow().folder(SpecialUse.JUNK).snapshot()
                .bySequence(1).orElseThrow();
        assertThat(h.message().internalDate()).isEqualTo(mtime);
        assertThat(h.flags()).isEqualTo(Flags.NONE);
    }

    @Test
    void oversizedFilesAreSkippedAndReported(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("megan@contoso.com").resolve("Inbox"));
        Files.writeString(dir.resolve("big.eml"), "Subject: big\r\n\r\n" + "x".repeat(100), StandardCharsets.US_ASCII);
        EmlPreloader.Result r = new EmlPreloader(store, 50, 10).load(root);
        assertThat(r.messages()).isZero();
        assertThat(r.skipped()).singleElement().asString().contains("big.eml");
    }
}
