package dev.o365emulator.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code blocks of a markdown page and the marked regions of a test source, so a test can check that
 * the page shows exactly the code that runs.
 */
public final class DocSnippets {

    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("// docs:begin (\\S+)\\n(.*?)\\n[ \\t]*// docs:end",
            Pattern.DOTALL);

    private DocSnippets() {}

    /** The repository's root, found from the working directory (a module's directory when Maven runs tests). */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("emulator-server"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root above " + dir);
    }

    /** The {@code java} code blocks of a markdown file, each without its fences and trailing blanks. */
    public static List<String> javaBlocks(Path markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(read(markdown));
        while (m.find()) {
            blocks.add(normalise(m.group(1)));
        }
        return blocks;
    }

    /**
     * The regions between {@code // docs:begin NAME} and {@code // docs:end} of a source file, dedented, by
     * name. Lines from {@code // docs:hide} to {@code // docs:show} are left out: the test's own work in the
     * middle of an example (a client it drives where the page says {@code // … log in …}).
     */
    public static Map<String, String> regions(Path source) {
        Map<String, String> regions = new LinkedHashMap<>();
        Matcher m = REGION.matcher(read(source));
        while (m.find()) {
            regions.put(m.group(1), normalise(dedent(withoutHidden(m.group(2)))));
        }
        return regions;
    }

    /** The {@code import} lines of a source file, as written. */
    public static List<String> imports(Path source) {
        return read(source).lines().map(String::strip).filter(l -> l.startsWith("import ")).toList();
    }

    /** The leading {@code import} lines of a code block (a page shows them above the code they serve). */
    public static List<String> importsOf(String block) {
        return block.lines().takeWhile(l -> l.isBlank() || l.startsWith("import "))
                .filter(l -> !l.isBlank()).toList();
    }

    /** A code block without its leading {@code import} lines. */
    public static String codeOf(String block) {
        List<String> lines = block.lines().toList();
        int first = 0;
        while (first < lines.size() && (lines.get(first).isBlank() || lines.get(first).startsWith("import "))) {
            first++;
        }
        return normalise(String.join("\n", lines.subList(first, lines.size())));
    }

    private static String withoutHidden(String text) {
        StringBuilder out = new StringBuilder();
        boolean hidden = false;
        for (String line : text.split("\n", -1)) {
            String marker = line.strip();
            if (marker.equals("// docs:hide")) {
                hidden = true;
            } else if (marker.equals("// docs:show")) {
                hidden = false;
            } else if (!hidden) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** A whole source file as a page shows it. */
    public static String file(Path source) {
        return normalise(read(source));
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    private static String normalise(String text) {
        StringBuilder out = new StringBuilder();
        text.lines().forEach(l -> out.append(l.stripTrailing()).append('\n'));
        return out.toString().strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
