package dev.o365emulator.server.tenant;

/**
 * Tenant-wide sending and storage limits, with Office 365's defaults: 30 messages a minute, 10,000
 * recipients a day and 3 concurrent submissions per mailbox (Microsoft Learn, "SMTP submission
 * improvements"), 500 recipients per message (Microsoft's "Exchange Online limits").
 *
 * <p>Each limit may also be lifted: {@link #UNLIMITED} for a count, {@link #UNLIMITED_QUOTA} for the
 * quota ({@code unlimited} in a scenario file), and {@link #NONE} lifts them all, for a plain test mail
 * server or a benchmark. Office 365 itself has no such setting; the emulator's own budgets (memory,
 * connections) still apply.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>allowed</th></tr>
 *   <tr><td>{@code maxRecipientsPerMessage}</td><td>500</td><td>1–1000</td></tr>
 *   <tr><td>{@code messagesPerMinute}</td><td>30 (excess delayed, not rejected)</td><td>1–10 000</td></tr>
 *   <tr><td>{@code recipientsPerDay}</td><td>10 000 in a sliding 24 h window</td><td>1–1 000 000</td></tr>
 *   <tr><td>{@code concurrentSubmissions}</td><td>3 per mailbox (a fourth gets {@code 432 4.3.2})</td><td>1–100</td></tr>
 *   <tr><td>{@code imapConnectionsPerMailbox}</td><td>20</td><td>1–1000</td></tr>
 *   <tr><td>{@code mailboxQuota}</td><td>50 GB per mailbox</td><td>1 byte – 100 GB</td></tr>
 *   <tr><td>{@code hveRecipientsPerDay}</td><td>100 000 per High Volume Email account in a sliding 24 h window</td><td>1–1 000 000</td></tr>
 * </table>
 *
 * <p>{@code hveRecipientsPerDay} takes the place of {@code recipientsPerDay} for a
 * {@linkplain HveAccount High Volume Email account}: Microsoft gives HVE 100,000 recipients a day (its
 * preview figure) where a mailbox has 10,000.
 *
 * <p>Message sizes are per mailbox: see {@link Mailbox#maxSendSize()} and {@link Mailbox#maxReceiveSize()}.
 *
 * <p>{@code mailboxQuota} is Exchange Online's ProhibitSendReceiveQuota, applied to every mailbox of the
 * tenant: the size of all of a mailbox's messages (Sent Items counted) past which it neither receives nor
 * sends. Office 365's default for a business mailbox is 50 GB (100 GB with E3/E5), and so is the
 * emulator's: what bounds the emulator's memory is its store budget, a setting of the server, not of the
 * tenant, and a smaller default quota would refuse mail Office 365 accepts. Set a small quota to test how
 * a client meets a full mailbox. Exchange counts in binary units (50 GB = 50 × 2<sup>30</sup> bytes).
 */
public record Limits(
        int maxRecipientsPerMessage,
        int messagesPerMinute,
        int recipientsPerDay,
        int concurrentSubmissions,
        int imapConnectionsPerMailbox,
        long mailboxQuota,
        int hveRecipientsPerDay) {

    public static final int DEFAULT_MAX_RECIPIENTS_PER_MESSAGE = 500;
    public static final int DEFAULT_MESSAGES_PER_MINUTE = 30;
    public static final int DEFAULT_RECIPIENTS_PER_DAY = 10_000;
    public static final int DEFAULT_CONCURRENT_SUBMISSIONS = 3;
    public static final int DEFAULT_IMAP_CONNECTIONS_PER_MAILBOX = 20;
    /** High Volume Email's recipients a day per account (Microsoft's preview figure). */
    public static final int DEFAULT_HVE_RECIPIENTS_PER_DAY = 100_000;
    private static final long GB = 1024L * 1024L * 1024L;
    /** Office 365's ProhibitSendReceiveQuota for a business mailbox. */
    public static final long DEFAULT_MAILBOX_QUOTA = 50 * GB;
    /** The largest primary mailbox Office 365 offers (E3/E5). */
    public static final long MAX_MAILBOX_QUOTA = 100 * GB;

    /** A count limit that is lifted: no limit at all. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** A mailbox quota that is lifted. */
    public static final long UNLIMITED_QUOTA = Long.MAX_VALUE;

    /** Office 365's defaults. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_RECIPIENTS_PER_MESSAGE, DEFAULT_MESSAGES_PER_MINUTE,
            DEFAULT_RECIPIENTS_PER_DAY, DEFAULT_CONCURRENT_SUBMISSIONS, DEFAULT_IMAP_CONNECTIONS_PER_MAILBOX,
            DEFAULT_MAILBOX_QUOTA, DEFAULT_HVE_RECIPIENTS_PER_DAY);

    /** Every limit lifted. */
    public static final Limits NONE = new Limits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED,
            UNLIMITED_QUOTA, UNLIMITED);

    public Limits {
        check("maxRecipientsPerMessage", maxRecipientsPerMessage, 1000);
        check("messagesPerMinute", messagesPerMinute, 10_000);
        check("recipientsPerDay", recipientsPerDay, 1_000_000);
        check("concurrentSubmissions", concurrentSubmissions, 100);
        check("imapConnectionsPerMailbox", imapConnectionsPerMailbox, 1000);
        check("hveRecipientsPerDay", hveRecipientsPerDay, 1_000_000);
        if ((mailboxQuota < 1 || mailboxQuota > MAX_MAILBOX_QUOTA) && mailboxQuota != UNLIMITED_QUOTA) {
            throw new IllegalArgumentException("mailboxQuota must be within 1.." + MAX_MAILBOX_QUOTA
                    + " bytes or unlimited, was " + mailboxQuota);
        }
    }

    /** The limits with High Volume Email's default recipients a day (the form before it existed). */
    public Limits(int maxRecipientsPerMessage, int messagesPerMinute, int recipientsPerDay, int concurrentSubmissions,
            int imapConnectionsPerMailbox, long mailboxQuota) {
        this(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, mailboxQuota, DEFAULT_HVE_RECIPIENTS_PER_DAY);
    }

    /** The sending limits, with Office 365's default mailbox quota. */
    public Limits(int maxRecipientsPerMessage, int messagesPerMinute, int recipientsPerDay, int concurrentSubmissions,
            int imapConnectionsPerMailbox) {
        this(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, DEFAULT_MAILBOX_QUOTA);
    }

    /** These limits with another mailbox quota, in bytes. */
    public Limits withMailboxQuota(long bytes) {
        return new Limits(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, bytes, hveRecipientsPerDay);
    }

    /** These limits with another daily recipient limit for High Volume Email accounts. */
    public Limits withHveRecipientsPerDay(int recipients) {
        return new Limits(maxRecipientsPerMessage, messagesPerMinute, recipientsPerDay, concurrentSubmissions,
                imapConnectionsPerMailbox, mailboxQuota, recipients);
    }

    /** Whether a count limit is lifted. */
    public static boolean isUnlimited(int limit) {
        return limit == UNLIMITED;
    }

    private static void check(String name, int value, int max) {
        if ((value < 1 || value > max) && value != UNLIMITED) {
            throw new IllegalArgumentException(name + " must be within 1.." + max + " or unlimited, was " + value);
        }
    }
}
