package dev.o365emulator.scenarios.tenant;

/**
 * {@code tenant.limits}: each absent key keeps Office 365's default (500, 30, 10000, 3, 20, 50 GB).
 * {@code mailboxQuota} is every mailbox's ProhibitSendReceiveQuota, a size such as {@code 2 GB} or a
 * number of bytes.
 */
public record LimitsSpec(Integer maxRecipientsPerMessage, Integer messagesPerMinute, Integer recipientsPerDay,
        Integer concurrentSubmissions, Integer imapConnectionsPerMailbox, ByteSize mailboxQuota) {

    /** The limits without a mailbox quota (the form before it existed). */
    public LimitsSpec(Integer maxRecipientsPerMessage, Integer messagesPerMinute, Integer recipientsPerDay,
            Integer concurrentSubmissions, Integer imapConnectionsPerMailbox) {
        this(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, null);
    }
}
