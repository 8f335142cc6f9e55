package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.Emulator;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the SMTP dialogue to Office 365's recorded replies with the transcript files in {@code resources/smtp}. */
class SmtpTranscriptIT {

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        // Office 365's dialogue with 465 served: "generic" would serve it too, but also offers AUTH PLAIN.
        emulator = Emulator.builder().scenario(Scenario.none()).start();
        emulator.tokens().register("transcript-token", "adele@contoso.com");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "submission-starttls-auth-login.txt",
        "submission-policy-errors.txt",
        "commands-and-sequence.txt",
        "smtps-xoauth2.txt",
        "mx-inbound.txt"})
    void dialogueMatchesTheTranscript(String transcript) throws IOException {
        SmtpTranscript.play(emulator, transcript);
    }
}
