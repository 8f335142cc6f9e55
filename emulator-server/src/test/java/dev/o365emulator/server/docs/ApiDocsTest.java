package dev.o365emulator.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.DocSnippets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/api.md} shows exactly the examples {@link ApiExamplesIT} runs, one per interface. */
class ApiDocsTest {

    @Test
    void everyCodeBlockOfTheApiPageIsAnExampleThatRuns() {
        Path root = DocSnippets.root();
        List<String> blocks = DocSnippets.javaBlocks(root.resolve("docs/api.md"));
        Map<String, String> examples = DocSnippets.regions(
                root.resolve("emulator-server/src/test/java/dev/o365emulator/server/docs/ApiExamplesIT.java"));
        assertThat(examples.keySet()).contains("emulator", "trust", "mail", "sessions", "scenario", "tenant",
                "tokens");
        assertThat(blocks).containsExactlyInAnyOrderElementsOf(examples.values());
    }
}
