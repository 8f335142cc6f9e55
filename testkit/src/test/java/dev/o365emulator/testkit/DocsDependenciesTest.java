package dev.o365emulator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.DocSnippets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dependencies and plugins the user pages tell a project to declare ({@code docs/testing.md},
 * {@code docs/oauth.md}) carry the versions this build pins and tests with, so a project written from
 * the page resolves and runs as the examples do.
 */
class DocsDependenciesTest {

    private static final Path ROOT = DocSnippets.root();
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile(
            "<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
    /** A page's artifact whose version the build pins through another (a BOM). */
    private static final Map<String, String> PINNED_AS = Map.of("junit-jupiter", "junit-bom");

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each artifact a page's xml blocks name, with its version there. */
    private static Map<String, String> versionsOn(String page) {
        Map<String, String> versions = new LinkedHashMap<>();
        Matcher block = XML_BLOCK.matcher(read(ROOT.resolve(page)));
        while (block.find()) {
            Matcher artifact = ARTIFACT.matcher(block.group(1));
            while (artifact.find()) {
                versions.put(artifact.group(1), artifact.group(2));
            }
        }
        return versions;
    }

    /** The version the build uses for an artifact: its own for this project's, else the parent POM's pin. */
    private static String pinned(String artifactId) {
        String pom = read(ROOT.resolve("pom.xml"));
        Matcher own = Pattern.compile("<artifactId>o365-emulator-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(own.find()).isTrue();
        if (Files.isDirectory(ROOT.resolve(artifactId))) {
            return own.group(1);
        }
        String name = PINNED_AS.getOrDefault(artifactId, artifactId);
        Matcher m = Pattern.compile("<artifactId>" + Pattern.quote(name) + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the parent POM pins %s", name).isTrue();
        String version = m.group(1);
        if (version.startsWith("${")) {
            String property = version.substring(2, version.length() - 1);
            Matcher p = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</" + Pattern.quote(property) + ">")
                    .matcher(pom);
            assertThat(p.find()).as("the property %s", property).isTrue();
            version = p.group(1);
        }
        return version;
    }

    @Test
    void theTestingPageNamesTheVersionsTheBuildUses() {
        Map<String, String> versions = versionsOn("docs/testing.md");
        assertThat(versions).containsKeys("testkit", "angus-mail", "junit-jupiter", "maven-compiler-plugin",
                "maven-surefire-plugin", "maven-failsafe-plugin");
        versions.forEach((artifact, version) -> assertThat(version).as(artifact).isEqualTo(pinned(artifact)));
    }

    @Test
    void theOAuthPageNamesTheMsalVersionTheExamplesRunWith() {
        Map<String, String> versions = versionsOn("docs/oauth.md");
        assertThat(versions).containsOnlyKeys("msal4j");
        assertThat(versions.get("msal4j")).isEqualTo(pinned("msal4j"));
    }
}
