package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Maildir store keeps on disk, how it reads it back, and what it does with what others left there. */
class MaildirStoreTest {
    private static final String ADELE = "adele@contoso.com";

    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final List<MailStore> open = new ArrayList<>();

    private MailStore start() {
        return start(MaildirOptions.defaults());
    }

    private MailStore start(MaildirOptions options) {
        MailStore s = new MailStore(clock, a -> Long.MAX_VALUE, MemoryBudget.unlimited(),
                MaildirStorage.open(root, options));
        open.add(s);
        return s;
    }

    private MailStore restart(MailStore s) {
        s.close();
        return start();
    }

    @AfterEach
    void closeStores() {
        open.forEach(MailStore::close);
    }

    private StoredMessage msg(MailStore s, String subject) {
        return s.newMessage(("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(MessageHandle h) {
        return StandardCharsets.US_ASCII.decode(h.message().raw()).toString();
    }

    /** A CREATE is acknowledged once the new folders are on disk, not when the first message comes. */
    @Test
    void createdFoldersAreForcedBeforeCreateReturns() {
        List<Path> forced = new java.util.concurrent.CopyOnWriteArrayList<>();
        MailStore s = start(MaildirOptions.defaults().withFiles(new MaildirFiles() {
            @Override
            public void force(Path fileOrDirectory) throws java.io.IOException {
                forced.add(fileOrDirectory);
                MaildirFiles.super.force(fileOrDirectory);
            }
        }));
        var mailbox = s.open(ADELE);
        forced.clear();

        mailbox.create("Projects/2026");

        Path projects = root.resolve(ADELE).resolve(".Projects");
        Path year = root.resolve(ADELE).resolve(".Projects.2026");
        assertThat(forced).as("each new folder, its UID list and the directory that names it")
                .contains(projects, year, projects.resolve(UidList.FILE), year.resolve(UidList.FILE),
                        root.resolve(ADELE));
    }

    /**
     * A submission's recipients get the Sent Items copy's file as a second name, not a file of their own
     * written and forced again: one data write and one fsync a message fewer.
     */
    @Test
    void aSubmissionsInboxCopyIsALinkToItsSentItemsFile() throws IOException {
        MailStore s = start();
        Tenant tenant = Tenant.withDefaults(clock);
        MailDelivery delivery = new MailDelivery(tenant, s);
        String alex = dev.o365emulator.server.tenant.DefaultTenant.ALEX;
        byte[] raw = "From: adele@contoso.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

        delivery.deliverSubmission(tenant.settings().mailbox(ADELE).orElseThrow(), List.of(alex), raw);

        Path sent = root.resolve(ADELE).resolve(".Sent Items").resolve("cur");
        Path inbox = root.resolve(alex).resolve("new");
        assertThat(names(sent)).hasSize(1);
        assertThat(names(inbox)).hasSize(1);
        assertThat(Files.isSameFile(sent.resolve(names(sent).get(0)), inbox.resolve(names(inbox).get(0)))).isTrue();
        assertThat(text(s.open(alex).inbox().snapshot().bySequence(1).orElseThrow())).isEqualTo(new String(raw,
                StandardCharsets.US_ASCII));
        MailStore again = restart(s);
        assertThat(again.open(alex).inbox().snapshot().bySequence(1).orElseThrow().flags()).isEqualTo(Flags.NONE);
        assertThat(again.open(ADELE).folder(SpecialUse.SENT).snapshot().bySequence(1).orElseThrow().flags())
                .isEqualTo(Flags.SEEN);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void messagesFlagsUidsAndUidValidityComeBackAfterARestart() {
        MailStore s = start();
        MailboxStore adele = s.open(ADELE);
        MailFolder inbox = adele.inbox();
        inbox.append(msg(s, "one"), Flags.NONE);
        inbox.append(msg(s, "two"), Flags.of("\\Seen", "$MDNSent"));
        inbox.append(msg(s, "three"), Flags.of("\\Deleted"));
        inbox.expunge();
        adele.create("Projects/2026").append(msg(s, "four"), Flags.of("\\Flagged"));
        FolderSnapshot before = inbox.snapshot();
        long projectsValidity = adele.folder("Projects/2026").orElseThrow().uidValidity();

        MailStore again = restart(s);
        MailboxStore reopened = again.open(ADELE);
        FolderSnapshot after = reopened.inbox().snapshot();
        assertThat(after.uidValidity()).isEqualTo(before.uidValidity());
        assertThat(after.uidNext()).isEqualTo(4);
        assertThat(after.messages()).extracting(MessageHandle::uid).containsExactly(1L, 2L);
        assertThat(after.messages()).extracting(MessageHandle::flags)
                .containsExactly(Flags.NONE, Flags.of("\\Seen", "$MDNSent"));
        assertThat(text(after.messages().get(1))).contains("Subject: two");
        assertThat(after.messages().get(0).message().internalDate()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        MailFolder projects = reopened.folder("Projects/2026").orElseThrow();
        assertThat(projects.uidValidity()).isEqualTo(projectsValidity);
        assertThat(projects.snapshot().messages()).extracting(MessageHandle::flags).containsExactly(Flags.of("\\Flagged"));
        assertThat(reopened.size()).isEqualTo(before.messages().stream().mapToLong(h -> h.message().size()).sum()
                + projects.snapshot().messages().get(0).message().size());
        // The highest UID was expunged before the restart: it is still never given again.
        assertThat(reopened.inbox().append(msg(again, "five"), Flags.NONE).uid()).isEqualTo(4);
    }

    @Test
    void theLayoutIsMaildirPlusPlusWithDovecotsUidListAndKeywords() throws IOException {
        MailStore s = start();
        MailboxStore adele = s.open(ADELE);
        adele.inbox().append(msg(s, "unread"), Flags.NONE);
        adele.inbox().append(msg(s, "read"), Flags.of("\\Seen", "\\Answered", "$Forwarded"));
        adele.create("Entwürfe/v1.2");
        Path mailbox = root.resolve(ADELE);

        List<String> fresh = names(mailbox.resolve("new"));
        assertThat(fresh).singleElement().asString().matches("\\d+\\.M\\d{6}P\\d+Q\\d+\\.o365-emulator,S=\\d+");
        assertThat(names(mailbox.resolve("cur"))).singleElement().asString().endsWith(":2,RSa");
        assertThat(Files.readString(mailbox.resolve("dovecot-keywords"))).isEqualTo("0 $Forwarded\n");
        List<String> uidList = Files.readAllLines(mailbox.resolve("dovecot-uidlist"));
        assertThat(uidList.get(0)).matches("3 V\\d+ N0000000003 G[0-9a-f]{32}");
        assertThat(uidList.get(1)).isEqualTo("1 :" + fresh.get(0));
        assertThat(names(mailbox)).contains(".Sent Items", ".Deleted Items", ".Entw&APw-rfe", ".Entw&APw-rfe.v1&AC4-2",
                "subscriptions", "cur", "new", "tmp");
        assertThat(mailbox.resolve(".Sent Items/maildirfolder")).exists();
        assertThat(Files.readAllLines(mailbox.resolve("subscriptions"))).contains("INBOX", "Sent Items");
        assertThat(Files.readAllBytes(mailbox.resolve("new").resolve(fresh.get(0))))
                .isEqualTo("Subject: unread\r\n\r\nbody of unread\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aCopyIsAHardLinkToTheSameFile() throws IOException {
        MailStore s = start();
        MailboxStore adele = s.open(ADELE);
        adele.inbox().append(msg(s, "shared"), Flags.NONE);
        adele.inbox().copyTo(List.of(1L), adele.folder(SpecialUse.ARCHIVE));
        Path original = root.resolve(ADELE).resolve("new").resolve(names(root.resolve(ADELE + "/new")).get(0));
        Path copy = root.resolve(ADELE + "/.Archive/new").resolve(names(root.resolve(ADELE + "/.Archive/new")).get(0));
        assertThat(Files.getAttribute(copy, "unix:ino")).isEqualTo(Files.getAttribute(original, "unix:ino"));
        assertThat(Files.getAttribute(original, "unix:nlink")).isEqualTo(2);
    }

    @Test
    void anExpungedMessageStaysReadableForWhoeverHoldsIt() {
        MailStore s = start();
        MailFolder inbox = s.open(ADELE).inbox();
        inbox.append(msg(s, "going"), Flags.of("\\Deleted"));
        FolderSnapshot held = inbox.snapshot();
        inbox.expunge();
        assertThat(inbox.exists()).isZero();
        assertThat(text(held.messages().get(0))).contains("Subject: going");
    }

    @Test
    void filesOtherToolsPutInNewOrCurGetNewUidsAndStrayTmpFilesGo() throws IOException {
        MailStore s = start();
        MailFolder inbox = s.open(ADELE).inbox();
        inbox.append(msg(s, "ours"), Flags.NONE);
        s.close();
        Path mailbox = root.resolve(ADELE);
        Files.writeString(mailbox.resolve("new/1700000000.other-tool.host"), "Subject: dropped in\r\n\r\nx\r\n");
        Files.writeString(mailbox.resolve("cur/1700000001.other-tool.host:2,FS"), "Subject: flagged\r\n\r\ny\r\n");
        Path stray = mailbox.resolve("tmp/1700000002.cut-short");
        Files.writeString(stray, "Subject: half");
        Files.setLastModifiedTime(stray, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        FolderSnapshot after = start().open(ADELE).inbox().snapshot();
        assertThat(after.messages()).extracting(MessageHandle::uid).containsExactly(1L, 2L, 3L);
        // In the order of their names, which Maildir makes the order of their arrival.
        assertThat(text(after.messages().get(1))).contains("dropped in");
        assertThat(after.messages().get(1).message().size()).isEqualTo(26);
        assertThat(text(after.messages().get(2))).contains("flagged");
        assertThat(after.messages().get(2).flags()).isEqualTo(Flags.of("\\Flagged", "\\Seen"));
        assertThat(stray).doesNotExist();
        assertThat(after.uidNext()).isEqualTo(4);
    }

    @Test
    void aDamagedUidListStartsTheFolderOverWithANewUidValidityAndKeepsItsMessages() throws IOException {
        MailStore s = start();
        MailFolder inbox = s.open(ADELE).inbox();
        inbox.append(msg(s, "kept"), Flags.of("\\Seen"));
        long validity = inbox.uidValidity();
        s.close();
        Files.writeString(root.resolve(ADELE).resolve("dovecot-uidlist"), "\u0000garbage\n");

        MailFolder reread = start().open(ADELE).inbox();
        assertThat(reread.uidValidity()).isNotEqualTo(validity);
        assertThat(reread.snapshot().messages()).singleElement().satisfies(h -> {
            assertThat(h.flags()).isEqualTo(Flags.SEEN);
            assertThat(text(h)).contains("kept");
        });
    }

    @Test
    void aFolderDeletedAndCreatedAgainAfterARestartGetsANewUidValidity() {
        MailStore s = start();
        long first = s.open(ADELE).create("Projects").uidValidity();
        s.open(ADELE).delete("Projects");
        MailStore again = restart(s);
        assertThat(again.open(ADELE).folder("Projects")).isEmpty();
        assertThat(again.open(ADELE).create("Projects").uidValidity()).isGreaterThan(first);
    }

    @Test
    void aRenamedFolderKeepsItsUidsAcrossARestart() {
        MailStore s = start();
        MailFolder projects = s.open(ADELE).create("Projects/Old");
        projects.append(msg(s, "a"), Flags.NONE);
        projects.append(msg(s, "b"), Flags.of("\\Seen"));
        projects.storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.of("\\Flagged"));
        s.open(ADELE).rename("Projects", "Archive 2026");
        // Readers of the renamed folder follow its files.
        assertThat(text(projects.snapshot().messages().get(0))).contains("Subject: a");
        MailFolder renamed = restart(s).open(ADELE).folder("Archive 2026/Old").orElseThrow();
        assertThat(renamed.uidValidity()).isEqualTo(projects.uidValidity());
        assertThat(renamed.snapshot().messages()).extracting(MessageHandle::uid, MessageHandle::flags)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Flags.of("\\Flagged")),
                        org.assertj.core.groups.Tuple.tuple(2L, Flags.SEEN));
    }

    @Test
    void keywordsBeyondTheTwentySixLettersAreKeptToo() {
        MailStore s = start();
        MailFolder inbox = s.open(ADELE).inbox();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add("k" + i);
        }
        inbox.append(msg(s, "tagged"), Flags.of(many));
        inbox.append(msg(s, "later"), Flags.NONE);
        inbox.storeFlags(List.of(2L), MailFolder.FlagOperation.ADD, Flags.of("k39", "late"));
        List<MessageHandle> after = restart(s).open(ADELE).inbox().snapshot().messages();
        assertThat(after.get(0).flags()).isEqualTo(Flags.of(many));
        assertThat(after.get(1).flags()).isEqualTo(Flags.of("k39", "late"));
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        MailStore s = start();
        assertThatThrownBy(() -> MaildirStorage.open(root, MaildirOptions.defaults()))
                .isInstanceOf(StoreInUseException.class).hasMessageContaining("in use by another emulator")
                .hasMessageContaining("pid " + ProcessHandle.current().pid());
        s.close();
        start().close();
    }

    @Test
    void aFullDiskRefusesTheMessageAndLeavesNothingBehind() throws IOException {
        FailingFiles disk = new FailingFiles();
        MailStore s = start(MaildirOptions.defaults().withFiles(disk));
        MailFolder inbox = s.open(ADELE).inbox();
        inbox.append(msg(s, "fits"), Flags.NONE);
        StoredMessage doesNotFit = msg(s, "does not fit");
        // The message's file fits, its UID line does not: the append fails after its UID was taken.
        disk.failAfter(doesNotFit.size() + 10);
        assertThatThrownBy(() -> inbox.append(doesNotFit, Flags.NONE))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.reason()).isEqualTo(FolderException.Reason.STORAGE_FULL));
        assertThat(inbox.exists()).isEqualTo(1);
        assertThat(s.open(ADELE).size()).isEqualTo(inbox.snapshot().messages().get(0).message().size());
        assertThat(names(root.resolve(ADELE + "/tmp"))).isEmpty();
        assertThat(names(root.resolve(ADELE + "/new"))).hasSize(1);

        // The UID list was not left with half a line: the next message and a restart see it whole.
        disk.failAfter(-1);
        assertThat(inbox.append(msg(s, "later"), Flags.NONE).uid()).isEqualTo(3);
        assertThat(restart(s).open(ADELE).inbox().snapshot().messages()).extracting(MessageHandle::uid)
                .containsExactly(1L, 3L);
    }

    @Test
    void theFirstOpenOfAMailboxReadsItAndTheStartReadsNothing() throws IOException {
        MailStore s = start();
        s.open(ADELE).inbox().append(msg(s, "x"), Flags.NONE);
        s.close();
        MailStore again = start();
        assertThat(again.addresses()).containsExactly(ADELE);
        assertThat(again.mailbox(ADELE)).isPresent();
        assertThat(again.mailbox("nobody@contoso.com")).isEmpty();
    }

    @Test
    void clearDeletesEveryMailboxOnDiskAndAFolderStillHeldCannotWriteIntoItsSuccessor() throws IOException {
        MailStore s = start();
        MailFolder forgotten = s.open(ADELE).inbox();
        forgotten.append(msg(s, "x"), Flags.NONE);
        s.clear();
        assertThat(names(root)).doesNotContain(ADELE);
        MailFolder successor = s.open(ADELE).inbox();
        assertThat(successor.exists()).isZero();
        assertThatThrownBy(() -> forgotten.append(msg(s, "late"), Flags.NONE)).isInstanceOf(StorageException.class);
        successor.append(msg(s, "new"), Flags.NONE);
        assertThat(restart(s).open(ADELE).inbox().snapshot().messages()).singleElement()
                .satisfies(h -> assertThat(text(h)).contains("Subject: new"));
    }
}
