package dev.o365emulator.server.tenant;

/**
 * Tenant-wide sending limits, with Office 365's defaults (o365-reference.md §5).
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>allowed</th></tr>
 *   <tr><td>{@code maxRecipientsPerMessage}</td><td>500</td><td>1–1000</td></tr>
 *   <tr><td>{@code messagesPerMinute}</td><td>30 (excess delayed, not rejected)</td><td>1–10 000</td></tr>
 *   <tr><td>{@code recipientsPerDay}</td><td>10 000 in a sliding 24 h window</td><td>1–1 000 000</td></tr>
 *   <tr><td>{@code concurrentSubmissions}</td><td>3 per mailbox (a fourth gets {@code 432 4.3.2})</td><td>1–100</td></tr>
 *   <tr><td>{@code imapConnectionsPerMailbox}</td><td>20</td><td>1–1000</td></tr>
 * </table>
 *
 * <p>Message sizes are per mailbox: see {@link Mailbox#maxSendSize()} and {@link Mailbox#maxReceiveSize()}.
 */
public record Limits(
        int maxRecipientsPerMessage,
        int messagesPerMinute,
        int recipientsPerDay,
        int concurrentSubmissions,
        int imapConnectionsPerMailbox) {

    public static final int DEFAULT_MAX_RECIPIENTS_PER_MESSAGE = 500;
    public static final int DEFAULT_MESSAGES_PER_MINUTE = 30;
    public static final int DEFAULT_RECIPIENTS_PER_DAY = 10_000;
    public static final int DEFAULT_CONCURRENT_SUBMISSIONS = 3;
    public static final int DEFAULT_IMAP_CONNECTIONS_PER_MAILBOX = 20;

    /** Office 365's defaults. */
    public static final Limits DEFAULTS = new Limits(DEFAULT_MAX_RECIPIENTS_PER_MESSAGE, DEFAULT_MESSAGES_PER_MINUTE,
            DEFAULT_RECIPIENTS_PER_DAY, DEFAULT_CONCURRENT_SUBMISSIONS, DEFAULT_IMAP_CONNECTIONS_PER_MAILBOX);

    public Limits {
        check("maxRecipientsPerMessage", maxRecipientsPerMessage, 1000);
        check("messagesPerMinute", messagesPerMinute, 10_000);
        check("recipientsPerDay", recipientsPerDay, 1_000_000);
        check("concurrentSubmissions", concurrentSubmissions, 100);
        check("imapConnectionsPerMailbox", imapConnectionsPerMailbox, 1000);
    }

    private static void check(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be within 1.." + max + ", was " + value);
        }
    }
}
