package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder's keywords ({@code $MDNSent}, {@code $Forwarded} …) on disk.
 *
 * <p>The first {@value #LETTERS} keywords used in a folder get the letters {@code a}–{@code z} of its file
 * names, listed in {@value #FILE} as Dovecot lists them ({@code 0 $MDNSent}), so other tools see them.
 * A message's keywords beyond those (a folder may use any number, a message up to 64) are kept in
 * {@value #OVERFLOW_FILE}: one line per change, {@code <file base>} TAB the keywords, the last line of a
 * base winning; it is rewritten whole once it holds more than twice the lines it needs. Not thread-safe:
 * its folder calls it under its lock.
 */
final class KeywordTable {
    static final int LETTERS = 26;
    static final String FILE = "dovecot-keywords";
    static final String OVERFLOW_FILE = "o365-emulator-keywords";

    private static final Logger LOG = LoggerFactory.getLogger(KeywordTable.class);

    private final List<String> names = new ArrayList<>();
    private final Map<String, Set<String>> overflow = new HashMap<>();
    private int overflowLines;

    /** Reads the table and the keywords beyond it in {@code directory}; damaged lines are reported and skipped. */
    static KeywordTable load(Path directory) throws IOException {
        KeywordTable t = new KeywordTable();
        for (String line : lines(directory.resolve(FILE))) {
            int space = line.indexOf(' ');
            try {
                int index = Integer.parseInt(line.substring(0, Math.max(0, space)));
                String name = line.substring(space + 1);
                if (index >= 0 && index < LETTERS && !name.isEmpty()) {
                    while (t.names.size() <= index) {
                        t.names.add(null);
                    }
                    t.names.set(index, name);
                    continue;
                }
            } catch (NumberFormatException | StringIndexOutOfBoundsException damaged) {
                // reported below
            }
            LOG.warn("{}: skipping a damaged line", directory.resolve(FILE));
        }
        for (String line : lines(directory.resolve(OVERFLOW_FILE))) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                LOG.warn("{}: skipping a damaged line", directory.resolve(OVERFLOW_FILE));
                continue;
            }
            Set<String> keywords = new TreeSet<>();
            for (String k : line.substring(tab + 1).split(" ")) {
                if (!k.isEmpty()) {
                    keywords.add(k);
                }
            }
            t.overflowLines++;
            if (keywords.isEmpty()) {
                t.overflow.remove(line.substring(0, tab));
            } else {
                t.overflow.put(line.substring(0, tab), keywords);
            }
        }
        return t;
    }

    private static List<String> lines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (java.nio.charset.MalformedInputException garbage) {
            LOG.warn("{}: not text, ignored", file);
            return List.of();
        }
    }

    int indexOf(String keyword) {
        return names.indexOf(keyword);
    }

    Optional<String> name(int index) {
        return index < names.size() ? Optional.ofNullable(names.get(index)) : Optional.empty();
    }

    /** The keywords of a message's file base that have no letter. */
    Set<String> overflowOf(String base) {
        return overflow.getOrDefault(base, Set.of());
    }

    /** Whether any message has keywords without a letter. */
    boolean hasOverflow() {
        return !overflow.isEmpty() || overflowLines > 0;
    }

    /** Forgets the keywords of bases that are gone; returns whether the file on disk can stay as it is. */
    boolean forgetOverflowNotIn(Set<String> bases) {
        int before = overflow.size();
        overflow.keySet().retainAll(bases);
        return before == overflow.size() && overflowLines == overflow.size();
    }

    /**
     * Gives letters to those of {@code keywords} that have none while letters are left, writing the table
     * to disk (durably when {@code fsync}) before any file name uses them.
     */
    void assign(Set<String> keywords, Path directory, MaildirFiles files, boolean fsync) throws IOException {
        boolean grown = false;
        for (String k : keywords) {
            if (names.size() >= LETTERS) {
                break;
            }
            if (!names.contains(k)) {
                names.add(k);
                grown = true;
            }
        }
        if (grown) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i) != null) {
                    out.append(i).append(' ').append(names.get(i)).append('\n');
                }
            }
            Durable.replace(directory.resolve(FILE), out.toString().getBytes(StandardCharsets.UTF_8), files, fsync);
        }
    }

    /** The keywords among {@code keywords} that have no letter. */
    Set<String> withoutLetter(Set<String> keywords) {
        Set<String> out = new TreeSet<>();
        for (String k : keywords) {
            int i = names.indexOf(k);
            if (i < 0 || i >= LETTERS) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * Records the keywords without a letter of one file base (none clears it); returns the file to force
     * to disk, or null when nothing changed.
     */
    Path setOverflow(String base, Set<String> keywords, Path directory, MaildirFiles files, boolean fsync)
            throws IOException {
        Set<String> before = overflow.getOrDefault(base, Set.of());
        if (before.equals(keywords)) {
            return null;
        }
        if (keywords.isEmpty()) {
            overflow.remove(base);
        } else {
            overflow.put(base, Collections.unmodifiableSet(new TreeSet<>(keywords)));
        }
        Path file = directory.resolve(OVERFLOW_FILE);
        if (overflowLines + 1 > 2 * overflow.size() + 1000) {
            rewriteOverflow(directory, files, fsync);
            return null;
        }
        files.append(file, (base + "\t" + String.join(" ", keywords) + "\n").getBytes(StandardCharsets.UTF_8));
        overflowLines++;
        return file;
    }

    /** Writes the keywords without a letter anew, one line per base. */
    void rewriteOverflow(Path directory, MaildirFiles files, boolean fsync) throws IOException {
        StringBuilder out = new StringBuilder();
        overflow.forEach((b, k) -> out.append(b).append('\t').append(String.join(" ", k)).append('\n'));
        Durable.replace(directory.resolve(OVERFLOW_FILE), out.toString().getBytes(StandardCharsets.UTF_8), files,
                fsync);
        overflowLines = overflow.size();
    }
}
