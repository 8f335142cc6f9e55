package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.Addresses;
import dev.o365emulator.server.tenant.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Office 365's per-mailbox submission limits: concurrent submissions, the 30 messages per minute rate
 * (excess delayed) and the 10 000 recipients per 24 hours quota (excess refused).
 *
 * <p>A lifted limit ({@link Limits#UNLIMITED}) is not counted at all: with {@code messagesPerMinute}
 * lifted nothing is delayed and no send times are kept, with {@code recipientsPerDay} lifted no
 * recipients are kept (and {@link #recipientsInLastDay} counts none), so memory stays bounded however
 * much is sent. Counting starts afresh when a limit is set again.
 *
 * <p>Usage by an SMTP session: {@link #tryAcquireSlot} at {@code MAIL FROM} (empty →
 * {@code 432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded}), {@link #admit} once the
 * recipients are known (after DATA), then close the slot. Times come from the injected clock.
 */
public final class SubmissionLimiter {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofHours(24);

    private final Supplier<Limits> limits;
    private final Clock clock;
    private final SlotLimiter slots;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public SubmissionLimiter(Supplier<Limits> limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.slots = new SlotLimiter(() -> limits.get().concurrentSubmissions());
    }

    /** Takes one of the mailbox's concurrent submission slots (3 by default), or empty when all are taken. */
    public Optional<SlotLimiter.Slot> tryAcquireSlot(String mailbox) {
        return slots.tryAcquire(mailbox);
    }

    /**
     * Counts one message with this many recipients toward the mailbox's limits, if it fits.
     *
     * <p>A refused message counts toward nothing. An admitted one is scheduled at the earliest instant
     * that keeps every 60 s window at or below the per-minute rate, and its recipients count toward
     * the 24 h quota from now.
     */
    public SubmissionDecision admit(String mailbox, int recipients) {
        return admit(mailbox, recipients, false);
    }

    /**
     * As {@link #admit(String, int)}; for a High Volume Email account ({@code hve}) the daily quota is
     * {@link Limits#hveRecipientsPerDay()} instead of {@link Limits#recipientsPerDay()}. The other limits
     * are the tenant's: Microsoft publishes no other rate or recipient count per message for HVE.
     */
    public SubmissionDecision admit(String mailbox, int recipients, boolean hve) {
        if (recipients < 1) {
            throw new IllegalArgumentException("a message has at least one recipient");
        }
        Limits l = limits.get();
        if (recipients > l.maxRecipientsPerMessage()) {
            return new SubmissionDecision.Refused(SubmissionDecision.Limit.RECIPIENTS_PER_MESSAGE);
        }
        Window w = windows.computeIfAbsent(Addresses.normalize(mailbox), k -> new Window());
        return w.admit(clock.instant(), recipients, l, hve ? l.hveRecipientsPerDay() : l.recipientsPerDay());
    }

    /** Recipients counted for the mailbox in the last 24 hours. */
    public int recipientsInLastDay(String mailbox) {
        Window w = windows.get(Addresses.normalize(mailbox));
        return w == null ? 0 : w.recipientsSince(clock.instant());
    }

    /** Forgets every count (not the held slots). */
    public void reset() {
        windows.clear();
    }

    private static final class Window {
        // Scheduled send times of the latest messages: at most messagesPerMinute entries.
        private final ArrayDeque<Instant> scheduled = new ArrayDeque<>();
        // (time, recipients) per admitted message in the last 24 h: at most recipientsPerDay entries.
        private final ArrayDeque<long[]> recipients = new ArrayDeque<>();
        private int recipientTotal;

        synchronized SubmissionDecision admit(Instant now, int count, Limits l, int recipientsPerDay) {
            expire(now);
            if (Limits.isUnlimited(recipientsPerDay)) {
                recipients.clear();
                recipientTotal = 0;
            } else {
                if ((long) recipientTotal + count > recipientsPerDay) {
                    return new SubmissionDecision.Refused(SubmissionDecision.Limit.RECIPIENTS_PER_DAY);
                }
                recipients.addLast(new long[] {now.toEpochMilli(), count});
                recipientTotal += count;
            }
            if (Limits.isUnlimited(l.messagesPerMinute())) {
                scheduled.clear();
                return new SubmissionDecision.Admitted(Duration.ZERO);
            }
            while (scheduled.size() > l.messagesPerMinute()) {
                scheduled.removeFirst();
            }
            Instant at = now;
            if (scheduled.size() == l.messagesPerMinute()) {
                Instant earliest = scheduled.removeFirst().plus(MINUTE);
                if (earliest.isAfter(at)) {
                    at = earliest;
                }
            }
            if (!scheduled.isEmpty() && scheduled.peekLast().isAfter(at)) {
                at = scheduled.peekLast();
            }
            scheduled.addLast(at);
            return new SubmissionDecision.Admitted(Duration.between(now, at));
        }

        synchronized int recipientsSince(Instant now) {
            expire(now);
            return recipientTotal;
        }

        private void expire(Instant now) {
            long horizon = now.minus(DAY).toEpochMilli();
            while (!recipients.isEmpty() && recipients.peekFirst()[0] <= horizon) {
                recipientTotal -= (int) recipients.removeFirst()[1];
            }
        }
    }
}
