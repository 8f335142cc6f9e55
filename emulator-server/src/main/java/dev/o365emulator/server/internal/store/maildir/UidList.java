package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder's {@value #FILE}: its UIDVALIDITY, the next UID, and each message's UID by file base, in
 * Dovecot's version 3 format, so Dovecot reads the same UIDs:
 *
 * <pre>
 * 3 V1764755400 N0000000043 G3085f01b7f11094c501100008c4a11c1
 * 41 :1764755455.M123456P4242Q17.o365-emulator,S=2232
 * 42 :1764755460.M000017P4242Q18.o365-emulator,S=918
 * </pre>
 *
 * <p>A new message appends its line and then writes the next UID into the header in place (its ten
 * digits are fixed-width for that), both forced to disk before the message is acknowledged, so a UID
 * is never given twice, even after the message with the highest UID was expunged and the process
 * killed. Lines of messages that are gone stay until the file is rewritten at the folder's next load.
 * Not thread-safe: its folder calls it under its lock.
 */
final class UidList {
    static final String FILE = "dovecot-uidlist";

    private static final Logger LOG = LoggerFactory.getLogger(UidList.class);
    private static final String NEXT_FORMAT = "%010d";

    private final long uidValidity;
    private final String guid;
    private long uidNext;
    /** Base → UID, as read; the folder keeps its own index once loaded. */
    private final Map<String, Long> records;
    private final boolean rewriteNeeded;

    private UidList(long uidValidity, String guid, long uidNext, Map<String, Long> records, boolean rewriteNeeded) {
        this.uidValidity = uidValidity;
        this.guid = guid;
        this.uidNext = uidNext;
        this.records = records;
        this.rewriteNeeded = rewriteNeeded;
    }

    /** A new folder's list, not yet written. */
    static UidList fresh(long uidValidity) {
        return new UidList(uidValidity, newGuid(), 1, new LinkedHashMap<>(), true);
    }

    /**
     * Reads the list of {@code directory}; empty when it is missing or its header is damaged (then the
     * folder starts over with a new UIDVALIDITY, as Dovecot does, and clients fetch it anew).
     */
    static java.util.Optional<UidList> read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return java.util.Optional.empty();
        }
        String text = new String(content, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        String header = eol < 0 ? text : text.substring(0, eol);
        String[] fields = header.split(" ");
        long validity = -1;
        long next = 1;
        String guid = null;
        if (fields.length == 0 || !fields[0].equals("3")) {
            LOG.warn("{}: not a version 3 UID list, its folder's UIDs start anew", file);
            return java.util.Optional.empty();
        }
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            if (f.isEmpty()) {
                continue;
            }
            try {
                switch (f.charAt(0)) {
                    case 'V' -> validity = Long.parseLong(f.substring(1));
                    case 'N' -> next = Long.parseLong(f.substring(1));
                    case 'G' -> guid = f.substring(1);
                    default -> {
                    }
                }
            } catch (NumberFormatException damaged) {
                validity = -1;
            }
        }
        if (validity <= 0 || validity > 0xFFFF_FFFFL) {
            LOG.warn("{}: damaged header, its folder's UIDs start anew", file);
            return java.util.Optional.empty();
        }
        Map<String, Long> records = new LinkedHashMap<>();
        int damaged = 0;
        int pos = eol < 0 ? text.length() : eol + 1;
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                // A line without its end: a write cut short by a crash, never acknowledged.
                damaged++;
                break;
            }
            String line = text.substring(pos, end);
            pos = end + 1;
            int space = line.indexOf(' ');
            int colon = line.indexOf(" :");
            try {
                long uid = Long.parseLong(line.substring(0, space));
                String base = line.substring(colon + 2);
                if (uid <= 0 || uid > 0xFFFF_FFFFL || base.isEmpty()) {
                    throw new NumberFormatException();
                }
                records.put(base, uid);
                next = Math.max(next, uid + 1);
            } catch (NumberFormatException | StringIndexOutOfBoundsException bad) {
                damaged++;
            }
        }
        if (damaged > 0) {
            LOG.warn("{}: {} damaged line(s) skipped", file, damaged);
        }
        String ours = String.format(Locale.ROOT, "3 V%d N" + NEXT_FORMAT + " G", validity, next);
        boolean rewrite = damaged > 0 || guid == null || !header.startsWith(ours);
        return java.util.Optional.of(new UidList(validity, guid != null ? guid : newGuid(), next, records, rewrite));
    }

    long uidValidity() {
        return uidValidity;
    }

    long uidNext() {
        return uidNext;
    }

    /** Base → UID as read. */
    Map<String, Long> records() {
        return records;
    }

    /** Whether the file should be written anew (not in this form, damaged, or new). */
    boolean rewriteNeeded() {
        return rewriteNeeded;
    }

    private String header() {
        return String.format(Locale.ROOT, "3 V%d N" + NEXT_FORMAT + " G%s\n", uidValidity, uidNext, guid);
    }

    /** Writes the whole list anew from {@code uids} (base → UID, in UID order), replacing the file atomically. */
    void rewrite(Path directory, Map<String, Long> uids, long next, MaildirFiles files, boolean fsync)
            throws IOException {
        uidNext = Math.max(uidNext, next);
        StringBuilder out = new StringBuilder(header());
        uids.forEach((base, uid) -> out.append(uid).append(" :").append(base).append('\n'));
        Durable.replace(directory.resolve(FILE), out.toString().getBytes(StandardCharsets.UTF_8), files, fsync);
    }

    /**
     * Appends one message's line and moves the header's next UID past it; forcing is the caller's. Neither
     * is formatted with {@link String#format}: at one delivery each, that was a sixth of a store writer's
     * CPU.
     */
    void append(Path directory, long uid, String base, MaildirFiles files) throws IOException {
        byte[] line = (uid + " :" + base + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] next = null;
        if (uid + 1 > uidNext) {
            next = tenDigits(uid + 1);
        }
        files.appendAndPatch(directory.resolve(FILE), line, nextAt(), next);
        if (next != null) {
            uidNext = uid + 1;
        }
    }

    /** Where the header's ten digits of the next UID begin: after {@code "3 V<validity> N"}. */
    private int nextAt() {
        return 5 + Long.toString(uidValidity).length();
    }

    /** {@code String.format("%010d", value)} for 0 ≤ value < 10^10, in ASCII. */
    static byte[] tenDigits(long value) {
        byte[] out = new byte[10];
        long v = value;
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return out;
    }

    private static String newGuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format(Locale.ROOT, "%016x%016x", r.nextLong(), r.nextLong());
    }
}
