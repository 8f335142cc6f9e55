package dev.o365emulator.server.internal.tenant;

import java.time.Duration;

/** Whether a submission fits the sender's rate and recipient limits, and how long it must wait. */
public sealed interface SubmissionDecision {

    /**
     * Accepted; Office 365 delays (does not reject) messages beyond 30 per minute.
     *
     * @param delay how long the message waits before delivery; zero when under the rate
     */
    record Admitted(Duration delay) implements SubmissionDecision {
    }

    /** Refused, and which limit refused it. */
    record Refused(Limit limit) implements SubmissionDecision {
    }

    /** The limit that refused a submission. */
    enum Limit {
        /** More recipients than {@link Limits#maxRecipientsPerMessage()} (500); Office 365 has no known text for it. */
        RECIPIENTS_PER_MESSAGE,
        /**
         * Over {@link Limits#recipientsPerDay()} (10 000) in a sliding 24 h window:
         * {@code 554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException}, NDR {@code 550 5.1.90}.
         */
        RECIPIENTS_PER_DAY
    }
}
