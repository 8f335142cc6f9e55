package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * Every Java block of {@code docs/testing.md}, {@code docs/oauth.md}, {@code docs/scenarios.md} and of
 * the README is code that compiles and runs in this module: a whole source file of the {@code example} package (imports included, since it is not
 * the testkit's package), or a region of one between {@code // docs:begin} and {@code // docs:end}.
 * The {@code import} lines a block shows above its code must be imports of the file that runs it.
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

    /** Code that runs, and the imports of the file it is in. */
    private record Example(String code, List<String> imports) {}

    private static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        for (Path file : exampleFiles()) {
            List<String> imports = DocSnippets.imports(file);
            examples.add(new Example(DocSnippets.file(file), imports));
            DocSnippets.regions(file).values().forEach(code -> examples.add(new Example(code, imports)));
        }
        return examples;
    }

    /** A block runs: its code is an example's, and the imports it shows are that example's file's. */
    private static void assertRuns(String block) {
        String code = DocSnippets.codeOf(block);
        List<String> imports = DocSnippets.importsOf(block);
        List<Example> matching = examples().stream().filter(e -> e.code().equals(code)).toList();
        assertThat(matching).as("an example (a file or a docs region) whose code is%n%s", code).isNotEmpty();
        assertThat(matching).as("an example that runs with the imports%n%s", imports)
                .anySatisfy(e -> assertThat(e.imports()).containsAll(imports));
    }

    @Test
    void everyJavaBlockOfTheOAuthPageRunsWithTheImportsItShows() {
        List<String> blocks = DocSnippets.javaBlocks(ROOT.resolve("docs/oauth.md"));
        assertThat(blocks).hasSize(5);
        for (String block : blocks) {
            assertThat(block).as("a block that names its imports").startsWith("import ");
            assertRuns(block);
        }
    }

    @Test
    void theScenarioPagesInProcessExampleRunsAndItsSessionAuthorsExampleIsTheSessionsOwnCode() {
        List<String> blocks = DocSnippets.javaBlocks(ROOT.resolve("docs/scenarios.md"));
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0)).startsWith("import ");
        assertRuns(blocks.get(0));
        Path mailHandler = ROOT.resolve(
                "emulator-server/src/main/java/dev/o365emulator/server/internal/smtp/MailHandler.java");
        assertThat(DocSnippets.regions(mailHandler)).containsEntry("stage", blocks.get(1));
    }

    @Test
    void aBlockWhoseCodeOrImportsDifferFromItsExampleDoesNotRun() {
        String block = DocSnippets.javaBlocks(ROOT.resolve("docs/oauth.md")).get(0);
        assertRuns(block);
        assertThatThrownBy(() -> assertRuns(block.replace("Duration.ofHours(1)", "Duration.ofHours(2)")))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertRuns("import java.util.Vector;\n" + block))
                .isInstanceOf(AssertionError.class);
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
    void everyJavaBlockOfTheReadmeRuns() {
        List<String> blocks = DocSnippets.javaBlocks(ROOT.resolve("README.md"));
        assertThat(blocks).hasSize(3);
        blocks.forEach(DocsSnippetsTest::assertRuns);
    }
}
