package dev.o365emulator.codec.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** What a {@link SaslExchange} says next: send a challenge, accept credentials, or fail. */
public sealed interface SaslStep permits SaslStep.Challenge, SaslStep.Success, SaslStep.Failure {

    /** Send these octets (base64-encoded: {@code 334 <b64>} in SMTP, {@code + <b64>} in IMAP/POP3) and wait for a line. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** The challenge as the wire carries it; empty for an empty challenge. */
        public String base64() {
            return SaslBase64.encode(data);
        }

        @Override
        public String toString() {
            return "Challenge[" + new String(data, StandardCharsets.UTF_8) + "]";
        }
    }

    /** The exchange is complete; the session now checks the credentials. */
    record Success(SaslCredentials credentials) implements SaslStep {
        public Success {
            Objects.requireNonNull(credentials, "credentials");
        }
    }

    /** The exchange failed before any credentials could be checked. */
    record Failure(SaslFailure reason, String detail) implements SaslStep {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
