package dev.o365emulator.server.internal.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills the store from {@code .eml} files laid out as {@code <root>/<address>/<folder>/*.eml}.
 *
 * <p>Folder directories use the IMAP names ({@code Inbox} or {@code INBOX}, {@code Sent Items} …);
 * sub-directories are sub-folders ({@code Inbox/Projects/a.eml} goes to {@code INBOX/Projects}),
 * created if missing. Files are appended in filename order, so UIDs follow filenames. The internal
 * date is the message's {@code Date:} header when it parses as RFC 5322, else the file's modification
 * time. Messages get no flags, except in Sent Items and Drafts where they are {@code \Seen} (and
 * {@code \Draft}), as a client would have left them.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>when exceeded</th></tr>
 *   <tr><td>message size</td><td>150 MB</td><td>file skipped and reported</td></tr>
 *   <tr><td>files in total</td><td>{@value #DEFAULT_MAX_FILES}</td><td>loading stops, reported</td></tr>
 *   <tr><td>folder depth</td><td>{@value MailboxStore#MAX_DEPTH}</td><td>deeper directories ignored</td></tr>
 * </table>
 */
public final class EmlPreloader {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 150L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 1_000_000;

    private final MailStore store;
    private final long maxMessageSize;
    private final int maxFiles;

    public EmlPreloader(MailStore store) {
        this(store, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_FILES);
    }

    public EmlPreloader(MailStore store, long maxMessageSize, int maxFiles) {
        this.store = store;
        this.maxMessageSize = maxMessageSize;
        this.maxFiles = maxFiles;
    }

    /**
     * What was loaded.
     *
     * @param messagesPerMailbox messages appended, by mailbox address
     * @param skipped files or directories not loaded, each with why
     */
    public record Result(Map<String, Integer> messagesPerMailbox, List<String> skipped) {
        public Result {
            messagesPerMailbox = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(messagesPerMailbox));
            skipped = List.copyOf(skipped);
        }

        public int messages() {
            return messagesPerMailbox.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Loads every mailbox directory under {@code root}. */
    public Result load(Path root) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int[] files = {0};
        for (Path mailboxDir : sorted(root)) {
            if (!Files.isDirectory(mailboxDir)) {
                continue;
            }
            String address = mailboxDir.getFileName().toString();
            MailboxStore mailbox;
            try {
                mailbox = store.open(address);
            } catch (IllegalArgumentException notAnAddress) {
                skipped.add(mailboxDir + ": not a mailbox address");
                continue;
            }
            for (Path folderDir : sorted(mailboxDir)) {
                if (Files.isDirectory(folderDir)) {
                    loadFolder(mailbox, folderDir, folderDir.getFileName().toString(), 1, counts, skipped, files);
                }
            }
        }
        return new Result(counts, skipped);
    }

    private void loadFolder(MailboxStore mailbox, Path dir, String folderName, int depth, Map<String, Integer> counts,
            List<String> skipped, int[] files) throws IOException {
        if (depth > MailboxStore.MAX_DEPTH) {
            skipped.add(dir + ": nested too deep");
            return;
        }
        MailFolder folder;
        try {
            folder = mailbox.createIfAbsent(folderName);
        } catch (FolderException invalid) {
            skipped.add(dir + ": " + invalid.getMessage());
            return;
        }
        SpecialUse use = folder.specialUse().orElse(null);
        Flags flags = use == SpecialUse.SENT ? Flags.SEEN
                : use == SpecialUse.DRAFTS ? Flags.of("\\Seen", "\\Draft") : Flags.NONE;
        List<Path> subdirs = new ArrayList<>();
        for (Path p : sorted(dir)) {
            if (Files.isDirectory(p)) {
                subdirs.add(p);
                continue;
            }
            if (!p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".eml")) {
                continue;
            }
            if (files[0] >= maxFiles) {
                skipped.add(p + ": more than " + maxFiles + " files");
                return;
            }
            long size = Files.size(p);
            if (size > maxMessageSize) {
                skipped.add(p + ": larger than " + maxMessageSize + " bytes");
                continue;
            }
            files[0]++;
            byte[] raw = Files.readAllBytes(p);
            StoredMessage parsed = new StoredMessage(raw, Files.getLastModifiedTime(p).toInstant());
            Instant date = headerDate(parsed.structure().envelope().date());
            StoredMessage message = date == null ? parsed : new StoredMessage(raw, date);
            try {
                folder.append(message, flags);
            } catch (FolderException noRoom) {
                // Over the mailbox's quota or the store's budget: reported like any file that cannot be loaded.
                skipped.add(p + ": " + noRoom.getMessage());
                continue;
            }
            counts.merge(mailbox.address(), 1, Integer::sum);
        }
        for (Path sub : subdirs) {
            loadFolder(mailbox, sub, folder.name() + MailboxStore.DELIMITER + sub.getFileName(), depth + 1, counts,
                    skipped, files);
        }
    }

    private static List<Path> sorted(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p);
            }
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** Parses an RFC 5322 date, ignoring a trailing comment such as {@code (UTC)}; null when it does not parse. */
    static Instant headerDate(String value) {
        if (value == null) {
            return null;
        }
        String v = value.replaceAll("\\([^)]*\\)", "").replaceAll("\\s+", " ").trim();
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException unparseable) {
            return null;
        }
    }
}
