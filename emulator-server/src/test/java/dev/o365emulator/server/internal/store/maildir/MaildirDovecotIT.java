package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.SpecialUse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot, pointed at a mailbox the Maildir store wrote, sees what IMAP clients of the emulator see: the
 * same folders (modified UTF-7 names decoded), UIDVALIDITY, UIDNEXT, UIDs, flags and keywords. Dovecot's
 * own {@code doveadm} reads a copy of the mailbox (Debian's {@code dovecot-core}, which {@code .ci/run}
 * installs); without it the test is skipped.
 */
class MaildirDovecotIT {
    private static final String ADDRESS = "alex@contoso.com";

    @TempDir
    Path dir;

    @Test
    void doveadmReadsTheFoldersUidsFlagsAndKeywordsTheStoreWrote() throws Exception {
        Path doveadm = onPath("doveadm");
        assumeTrue(doveadm != null, "doveadm (Debian's dovecot-core) is not installed");
        MailStore store = new MailStore(Clock.systemUTC(), a -> Long.MAX_VALUE, MemoryBudget.unlimited(),
                MaildirStorage.open(dir.resolve("store"), MaildirOptions.defaults()));
        MailboxStore mailbox = store.open(ADDRESS);
        MailFolder inbox = mailbox.inbox();
        inbox.append(message(store, "first"), Flags.of("\\Deleted"));
        inbox.append(message(store, "unread"), Flags.NONE);
        inbox.append(message(store, "read"), Flags.of("\\Seen", "$MDNSent"));
        inbox.append(message(store, "answered"), Flags.NONE);
        inbox.storeFlags(List.of(4L), MailFolder.FlagOperation.ADD, Flags.of("\\Answered", "\\Flagged", "$Forwarded"));
        inbox.expunge();
        mailbox.folder(SpecialUse.SENT).append(message(store, "sent"), Flags.SEEN);
        mailbox.create("Entwürfe").append(message(store, "draft"), Flags.of("\\Draft"));
        FolderSnapshot expected = inbox.snapshot();
        store.close();

        Path copy = dir.resolve("copy");
        copyTree(dir.resolve("store").resolve(ADDRESS), copy);
        Doveadm dove = new Doveadm(doveadm, copy);

        assertThat(dove.run("mailbox", "list")).contains("INBOX", "Sent Items", "Entwürfe", "Deleted Items");
        assertThat(dove.run("mailbox", "status", "uidvalidity uidnext messages", "INBOX"))
                .containsExactly("INBOX messages=3 uidnext=5 uidvalidity=" + expected.uidValidity());
        List<Map<String, String>> fetched = dove.fetch("INBOX");
        assertThat(fetched).extracting(m -> Long.parseLong(m.get("uid")))
                .containsExactlyElementsOf(expected.messages().stream().map(MessageHandle::uid).toList());
        assertThat(fetched).extracting(m -> m.get("hdr.subject")).containsExactly("unread", "read", "answered");
        assertThat(fetched).extracting(m -> flags(m.get("flags"))).containsExactly(
                new TreeSet<>(), new TreeSet<>(List.of("\\Seen", "$MDNSent")),
                new TreeSet<>(List.of("\\Answered", "\\Flagged", "$Forwarded")));
        assertThat(dove.fetch("Entwürfe")).singleElement()
                .satisfies(m -> assertThat(flags(m.get("flags"))).containsExactly("\\Draft"));
        assertThat(dove.fetch("Sent Items")).singleElement()
                .satisfies(m -> assertThat(m.get("hdr.subject")).isEqualTo("sent"));
    }

    private static TreeSet<String> flags(String value) {
        TreeSet<String> out = new TreeSet<>(Arrays.asList(value.trim().split(" +")));
        out.remove("");
        // Dovecot marks what it finds in new/ as \Recent, a session flag the store does not keep.
        out.remove("\\Recent");
        return out;
    }

    private static dev.o365emulator.server.internal.store.StoredMessage message(MailStore store, String subject) {
        return store.newMessage(("From: adele@contoso.com\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** doveadm with a configuration of its own, reading one Maildir++ mailbox, its index in memory. */
    private final class Doveadm {
        private final Path executable;
        private final Path config;
        private final List<String> overrides = new ArrayList<>();
        private final String user;

        Doveadm(Path executable, Path maildir) throws Exception {
            this.executable = executable;
            this.config = dir.resolve("dovecot.conf");
            Files.writeString(config, """
                    namespace inbox {
                      inbox = yes
                      separator = /
                    }
                    ssl = no
                    log_path = /dev/stderr
                    """);
            long uid = ((Number) Files.getAttribute(dir, "unix:uid")).longValue();
            // Dovecot will not open mail as root: as root, the copy goes to nobody.
            boolean root = uid == 0;
            if (root) {
                exec(List.of("chmod", "-R", "a+rwX", dir.toString()));
            }
            long mailUid = root ? 65534 : uid;
            this.user = root ? "nobody" : System.getProperty("user.name");
            overrides.addAll(List.of("-o", "mail_location=maildir:" + maildir + ":INDEX=MEMORY", "-o",
                    "mail_uid=" + mailUid, "-o", "mail_gid=" + mailUid, "-o", "first_valid_uid=1", "-o",
                    "first_valid_gid=1"));
        }

        List<String> run(String... arguments) throws Exception {
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-c", config.toString()));
            command.addAll(overrides);
            command.addAll(List.of(arguments));
            return exec(command);
        }

        /** {@code doveadm fetch} of every message of a folder, one map of fields per message. */
        List<Map<String, String>> fetch(String folder) throws Exception {
            List<Map<String, String>> out = new ArrayList<>();
            Map<String, String> current = null;
            for (String line : run("fetch", "uid flags hdr.subject", "mailbox", folder, "ALL")) {
                int colon = line.indexOf(": ");
                String key = colon < 0 ? line.replace(":", "") : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 2);
                if (key.equals("uid")) {
                    current = new LinkedHashMap<>();
                    out.add(current);
                }
                if (current != null && !line.isBlank()) {
                    current.put(key, value);
                }
            }
            return out;
        }

        private List<String> exec(List<String> command) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("USER", user == null ? "nobody" : user);
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            byte[] output = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = new String(output, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s: %s", command, text).isZero();
            return text.lines().toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
