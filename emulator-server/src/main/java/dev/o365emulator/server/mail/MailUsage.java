package dev.o365emulator.server.mail;

/**
 * How much of its memory budgets the mail store uses now.
 *
 * @param storedBytes what the stored messages cost the store's budget (each copy's size plus bookkeeping)
 * @param storeBudget the most the store may hold ({@link Long#MAX_VALUE} for no limit)
 * @param inFlightBytes message content SMTP sessions are receiving and have not stored yet
 * @param inFlightBudget the most SMTP sessions together may hold of it ({@link Long#MAX_VALUE} for no limit)
 */
public record MailUsage(long storedBytes, long storeBudget, long inFlightBytes, long inFlightBudget) {
}
