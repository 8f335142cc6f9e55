package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.DocSnippets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of {@code docs/testing.md} and of the README's "In-process use" and "Testing with
 * JUnit 5" sections is code that compiles and runs in this module: a whole source file of the
 * {@code example} package (imports included, since it is not the testkit's package), or a region of
 * one between {@code // docs:begin} and {@code // docs:end}.
 */
class DocsSnippetsTest {

    private static final Path ROOT = DocSnippets.root();
    private static final Path EXAMPLES = ROOT.resolve("testkit/src/test/java/example");

    private static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> runnableCode() {
        List<String> code = new ArrayList<>();
        for (Path file : exampleFiles()) {
            code.add(DocSnippets.file(file));
            code.addAll(DocSnippets.regions(file).values());
        }
        return code;
    }

    @Test
    void everyJavaBlockOfTheTestingPageIsAnExampleThatRuns() {
        List<String> blocks = DocSnippets.javaBlocks(ROOT.resolve("docs/testing.md"));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        assertThat(runnableCode()).containsAll(blocks);
        // The opening example is a whole file: its imports are what a user's test needs.
        assertThat(blocks.get(0)).startsWith("package example;").contains("import dev.o365emulator.server.Endpoint;");
    }

    @Test
    void theReadmesInProcessAndJUnitExamplesRun() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String sections = readme.substring(readme.indexOf("## In-process use"), readme.indexOf("## Connection limits"));
        Path excerpt = Files.createTempFile("readme", ".md");
        try {
            Files.writeString(excerpt, sections);
            List<String> blocks = DocSnippets.javaBlocks(excerpt);
            assertThat(blocks).hasSize(2);
            assertThat(runnableCode()).containsAll(blocks);
        } finally {
            Files.delete(excerpt);
        }
    }
}
