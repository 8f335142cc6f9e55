package dev.o365emulator.server.internal.store.maildir;

import static dev.o365emulator.server.tenant.DefaultTenant.ADELE;
import static dev.o365emulator.server.tenant.DefaultTenant.ALEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission's Sent Items copy and its recipient's copy (a link to the Sent Items file) are committed
 * together: both entries are made before either folder is forced, one force of each folder's directory and
 * UID list covers them, one message file is forced, and neither copy is visible until both are durable. A
 * force that fails refuses the submission with no copy visible anywhere.
 */
class MaildirSubmissionCommitTest {
    private static final byte[] RAW = "From: adele@contoso.com\r\nSubject: hi\r\n\r\nhello\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final RecordingDisk disk = new RecordingDisk();
    private MailStore store;
    private MailDelivery delivery;

    @BeforeEach
    void open() {
        store = new MailStore(clock, a -> Long.MAX_VALUE, MemoryBudget.unlimited(),
                MaildirStorage.open(root, MaildirOptions.defaults().withFiles(disk)));
        delivery = new MailDelivery(tenant, store);
        // A first submission forces the new folders' own directories; only the next one is looked at.
        submit();
        disk.recording = true;
    }

    @AfterEach
    void close() {
        disk.gate.countDown();
        store.close();
    }

    @Test
    void bothCopiesAreMadeBeforeEitherFolderIsForcedAndOneForceOfEachCoversThem() {
        submit();

        assertThat(disk.forced).as("each folder's directory and UID list forced once, the message file once")
                .containsExactlyInAnyOrder("adele sent cur", "adele sent " + UidList.FILE, "alex inbox new",
                        "alex inbox " + UidList.FILE, "message file");
        assertThat(disk.recipientCopiesAtFirstFolderForce.get())
                .as("the recipient's copy is linked before the first folder's entries are forced").isEqualTo(2);
    }

    @Test
    void neitherCopyIsVisibleUntilBothAreDurable() throws Exception {
        disk.holdNextFolderForce();
        CompletableFuture<MailDelivery.SubmissionResult> held = CompletableFuture.supplyAsync(this::submit);
        Await.until("the submission's first folder force is held", Duration.ofSeconds(20),
                () -> disk.held.getCount() == 0);

        assertThat(recipientCopies()).as("the recipient's link is made").isEqualTo(2);
        assertThat(sentItems().exists()).isEqualTo(1);
        assertThat(inbox().exists()).isEqualTo(1);

        disk.gate.countDown();
        held.get(20, TimeUnit.SECONDS);
        assertThat(sentItems().exists()).isEqualTo(2);
        assertThat(inbox().exists()).isEqualTo(2);
        Path sentFile = onlyNewest(sentItems());
        Path inboxFile = onlyNewest(inbox());
        assertThat(Files.isSameFile(sentFile, inboxFile)).as("the recipient's copy is the Sent Items file").isTrue();
    }

    @Test
    void aFailedForceOfTheRecipientsFolderLeavesNeitherCopy() {
        disk.failInboxForce = true;

        assertThatThrownBy(this::submit).isInstanceOf(StorageException.class);

        assertThat(sentItems().exists()).as("the Sent Items copy is not kept without the recipient's").isEqualTo(1);
        assertThat(inbox().exists()).isEqualTo(1);
        disk.failInboxForce = false;
        submit();
        assertThat(sentItems().snapshot().messages()).hasSize(2);
        assertThat(inbox().snapshot().messages()).hasSize(2);
    }

    private MailDelivery.SubmissionResult submit() {
        Mailbox adele = tenant.settings().mailbox(ADELE).orElseThrow();
        return delivery.deliverSubmission(adele, List.of(ALEX), RAW);
    }

    private MailFolder sentItems() {
        return store.open(ADELE).folder(SpecialUse.SENT);
    }

    private MailFolder inbox() {
        return store.open(ALEX).inbox();
    }

    private long recipientCopies() {
        try (Stream<Path> files = Files.list(root.resolve(ALEX).resolve("new"))) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path onlyNewest(MailFolder folder) {
        var handles = folder.snapshot().messages();
        return ((MaildirMessage) handles.get(handles.size() - 1).message().source()).path();
    }

    /** Records what is forced (named by mailbox, folder and file), and can hold or fail a folder's force. */
    private final class RecordingDisk implements MaildirFiles {
        volatile boolean recording;
        volatile boolean failInboxForce;
        final List<String> forced = new CopyOnWriteArrayList<>();
        final AtomicInteger recipientCopiesAtFirstFolderForce = new AtomicInteger(-1);
        volatile CountDownLatch held = new CountDownLatch(0);
        final CountDownLatch gate = new CountDownLatch(1);

        void holdNextFolderForce() {
            held = new CountDownLatch(1);
        }

        @Override
        public void force(Path fileOrDirectory) throws IOException {
            if (recording) {
                String name = name(fileOrDirectory);
                if (!name.equals("message file")) {
                    recipientCopiesAtFirstFolderForce.compareAndSet(-1, (int) recipientCopies());
                    if (held.getCount() > 0) {
                        held.countDown();
                        try {
                            gate.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (failInboxForce && name.startsWith("alex")) {
                        throw new IOException(fileOrDirectory + ": Input/output error");
                    }
                }
                forced.add(name);
            }
            MaildirFiles.super.force(fileOrDirectory);
        }

        private String name(Path p) {
            if (p.getParent().getFileName().toString().equals("tmp")) {
                return "message file";
            }
            Path relative = root.relativize(p);
            String mailbox = relative.getName(0).toString().equals(ALEX) ? "alex" : "adele";
            String folder = relative.getNameCount() > 2 ? "sent" : "inbox";
            return mailbox + " " + folder + " " + p.getFileName();
        }
    }
}
