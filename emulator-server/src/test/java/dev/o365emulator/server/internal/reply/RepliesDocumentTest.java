package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.reply.Office365Reply.Imap;
import dev.o365emulator.server.internal.reply.Office365Reply.Pop3;
import dev.o365emulator.server.internal.reply.Office365Reply.Smtp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/office365-replies.md} lists every entry of the reply catalogue with its condition, its
 * words per protocol and its evidence. The page is rendered from {@link Office365Replies#all()}; this test
 * fails when the page and the catalogue part, and rewrites the page when run with
 * {@code -Do365emulator.writeDocs=true}:
 *
 * <pre>mvn -pl emulator-server -am test -Dtest=RepliesDocumentTest -Do365emulator.writeDocs=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class RepliesDocumentTest {

    private static final Path PAGE = Path.of("..", "docs", "office365-replies.md");

    @Test
    void theRepliesPageListsTheWholeCatalogue() throws IOException {
        String rendered = render();
        if (Boolean.getBoolean("o365emulator.writeDocs")) {
            Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("docs/office365-replies.md is out of date: rerun this test with -Do365emulator.writeDocs=true")
                .isEqualTo(rendered);
    }

    @Test
    void everyEntryOfTheCatalogueHasARowOfItsOwn() {
        List<Office365Reply> all = Office365Replies.all();
        String rendered = render();
        assertThat(all).isNotEmpty();
        for (Office365Reply reply : all) {
            assertThat(rendered).contains("| `" + reply.id() + "` |");
        }
        assertThat(rendered.lines().filter(line -> line.startsWith("| `"))).hasSize(all.size());
    }

    @Test
    void theSectionsHoldTheIndexExactly() {
        assertThat(sections().values().stream().flatMap(List::stream))
                .containsExactlyInAnyOrderElementsOf(Office365Replies.all());
    }

    /** The parts of the catalogue, each a section of the page. */
    private static Map<String, List<Office365Reply>> sections() {
        Map<String, List<Office365Reply>> sections = new LinkedHashMap<>();
        sections.put("Logins and tokens", AuthRefusals.all());
        sections.put("Replies scenario rules name with preset:", PresetReplies.all());
        sections.put("SMTP", SmtpCatalogue.all());
        sections.put("IMAP", ImapCatalogue.all());
        sections.put("POP3", Pop3Catalogue.all());
        return sections;
    }

    static String render() {
        StringBuilder page = new StringBuilder();
        page.append("# Office 365's replies\n\n")
                .append("Every reply the emulator gives in Office 365's words, by the condition that produces it, with its\n")
                .append("SMTP, IMAP and POP3 forms and how sure the words are. Scenario rules name many of them with\n")
                .append("`preset:` (the names are in [scenarios.md](scenarios.md#presets)); transcripts show them as written here.\n\n")
                .append("Placeholders in braces are filled per session: `{host}`, `{clientIp}`, `{user}`, `{sender}`,\n")
                .append("`{mailboxServer}`, `{command}` and the others an entry's condition names. An SMTP form marked\n")
                .append("*+ trailer* is followed by the `[HOST time ticks]` bracket Office 365 appends to its error replies.\n\n")
                .append("Evidence, strongest first: **captured** (verbatim from a real session with Microsoft's hosts),\n")
                .append("**documented** (verbatim from Microsoft's documentation), **community** (verbatim, but from a\n")
                .append("paraphrase, an on-premises Exchange or an unresolved source), **inferred** (not seen: the most\n")
                .append("plausible reply, with the reasoning).\n\n")
                .append("This page is rendered from the catalogue in the code and checked against it by a test\n")
                .append("(`RepliesDocumentTest`), so it cannot drift from what the emulator sends.\n");
        Map<String, List<Office365Reply>> sections = sections();
        sections.forEach((title, entries) -> {
            page.append("\n## ").append(title).append("\n\n")
                    .append("| id | when | SMTP | IMAP | POP3 | evidence |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Office365Reply reply : entries) {
                page.append("| `").append(reply.id()).append("` | ").append(cell(reply.condition()))
                        .append(" | ").append(smtp(reply.smtp()))
                        .append(" | ").append(imap(reply.imap()))
                        .append(" | ").append(pop3(reply.pop3()))
                        .append(" | ").append(evidence(reply.provenance())).append(" |\n");
            }
        });
        return page.toString();
    }

    private static String smtp(Smtp smtp) {
        if (smtp == null) {
            return "–";
        }
        String words = smtp.code() + (smtp.enhanced() == null ? "" : " " + smtp.enhanced()) + " " + smtp.text();
        return code(words) + (smtp.trailer() ? " *+ trailer*" : "");
    }

    private static String imap(Imap imap) {
        if (imap == null) {
            return "–";
        }
        String words = imap.kind() == Office365Reply.ImapKind.BYE ? "* BYE " + imap.text()
                : imap.kind().name() + " " + imap.text();
        return code(words) + (imap.byeAfter() == null ? "" : ", then " + code("* BYE " + imap.byeAfter()));
    }

    private static String pop3(Pop3 pop3) {
        return pop3 == null ? "–" : code((pop3.ok() ? "+OK " : "-ERR ") + pop3.text());
    }

    private static String evidence(Provenance provenance) {
        String kind = provenance.evidence().name().toLowerCase(Locale.ROOT);
        StringBuilder cell = new StringBuilder("**").append(kind).append("**");
        if (provenance.evidence() != Provenance.Evidence.INFERRED) {
            cell.append(": ").append(cell(provenance.source()));
        }
        if (provenance.note() != null) {
            cell.append(provenance.evidence() == Provenance.Evidence.INFERRED ? ": " : "; ").append(cell(provenance.note()));
        }
        return cell.toString();
    }

    /** Inline code that survives a table cell: pipes escaped, backticks doubled around text that has one. */
    private static String code(String text) {
        String escaped = text.replace("|", "\\|");
        return escaped.contains("`") ? "`` " + escaped + " ``" : "`" + escaped + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
