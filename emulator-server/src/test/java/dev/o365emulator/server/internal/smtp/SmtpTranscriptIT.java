package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.o365emulator.scenarios.Scenario;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the SMTP dialogue to Office 365's recorded replies with the transcript files in {@code resources/smtp}. */
class SmtpTranscriptIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.scenario(Scenario.none()));

    @BeforeEach
    void registerToken() {
        // Office 365's dialogue with 465 served: "generic" would serve it too, but also offers AUTH PLAIN.
        emulator.tokens().register("transcript-token", "adele@contoso.com");
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
