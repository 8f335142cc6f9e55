package dev.o365emulator.scenarios.tenant;

/** {@code tenant.limits}: each absent key keeps Office 365's default (500, 30, 10000, 3, 20). */
public record LimitsSpec(Integer maxRecipientsPerMessage, Integer messagesPerMinute, Integer recipientsPerDay,
        Integer concurrentSubmissions, Integer imapConnectionsPerMailbox) {
}
