package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Finding;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.SessionRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue of findings: unique ids, documented in docs/findings.md, recorded once per session and bounded. */
class FindingKindsTest {

    @Test
    void everyKindHasAUniqueIdAndIsDocumentedWithItsSeverityAndAdvice() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "findings.md")).replaceAll("\\s+", " ");
        Set<String> ids = new HashSet<>();
        for (FindingKind kind : FindingKinds.all()) {
            assertThat(ids.add(kind.id())).as(kind.id()).isTrue();
            assertThat(kind.id()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(doc).as(kind.id()).contains("## " + kind.id() + " ")
                    .contains("| [`" + kind.id() + "`](#" + kind.id() + ") | " + kind.severity().name().toLowerCase()
                            + " |")
                    .contains("Advice: " + kind.advice());
        }
        assertThat(doc.split("## ", -1)).as("one section per kind, and the preamble").hasSize(FindingKinds.all().size() + 1);
    }

    @Test
    void aSessionRecordsEachIdOncePointingAtTheLineAndForgetsThemWithItsRecord() {
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        SessionRecord record = journal.open(Endpoint.SUBMISSION, new InetSocketAddress("127.0.0.1", 587),
                new InetSocketAddress("127.0.0.1", 50_000));
        record.server("220 ready");
        record.client("AUTH LOGIN");
        FindingKinds.AUTH_BEFORE_STARTTLS.report(record);
        FindingKinds.AUTH_BEFORE_STARTTLS.report(record);
        FindingKinds.PLAIN_MECHANISM.reportNext(record);
        assertThat(record.findings()).extracting(Finding::id).containsExactly("auth-before-starttls", "plain-mechanism");
        assertThat(record.findings()).extracting(Finding::line).containsExactly(1L, 2L);
        for (int i = 0; i < SessionRecord.MAX_FINDINGS + 5; i++) {
            record.finding(new Finding("k" + i, dev.o365emulator.server.journal.Severity.INFO, -1, "a"));
        }
        assertThat(record.findings()).hasSize(SessionRecord.MAX_FINDINGS);
        journal.clear();
        assertThat(record.findings()).isEmpty();
    }
}
