package dev.o365emulator.scenarios.tenant;

/**
 * {@code tenant.limits}: each absent key keeps Office 365's default (500, 30, 10000, 3, 20, 50 GB, and
 * 100000 recipients a day for a High Volume Email account), and
 * each takes {@code unlimited} to lift it. {@code mailboxQuota} is every mailbox's
 * ProhibitSendReceiveQuota, a size such as {@code 2 GB} or a number of bytes.
 *
 * <pre>{@code
 * limits: {messagesPerMinute: unlimited, concurrentSubmissions: unlimited, mailboxQuota: unlimited}
 * }</pre>
 */
public record LimitsSpec(Limit maxRecipientsPerMessage, Limit messagesPerMinute, Limit recipientsPerDay,
        Limit concurrentSubmissions, Limit imapConnectionsPerMailbox, ByteSize mailboxQuota,
        Limit hveRecipientsPerDay) {

    /** The limits without HVE's daily recipients (the form before it existed). */
    public LimitsSpec(Limit maxRecipientsPerMessage, Limit messagesPerMinute, Limit recipientsPerDay,
            Limit concurrentSubmissions, Limit imapConnectionsPerMailbox, ByteSize mailboxQuota) {
        this(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, mailboxQuota, null);
    }

    /** The limits without a mailbox quota (the form before it existed). */
    public LimitsSpec(Limit maxRecipientsPerMessage, Limit messagesPerMinute, Limit recipientsPerDay,
            Limit concurrentSubmissions, Limit imapConnectionsPerMailbox) {
        this(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, null);
    }
}
