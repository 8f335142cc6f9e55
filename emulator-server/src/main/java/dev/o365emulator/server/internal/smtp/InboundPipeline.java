package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.MailDelivery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Mail arriving on the tenant's MX once its body is complete: a {@code Received:} field in the MX's
 * name, delivery to each recipient's Inbox (each counted once, whatever its spelling), and EOP's
 * acceptance naming the bytes and the rate, unless no recipient could take the message. Returns the
 * catalogue reply the session renders; what happened is told to {@code journal}. No network, no channel.
 */
final class InboundPipeline {

    private static final AtomicLong INTERNAL_IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(100_000L, 900_000L));

    private final MailDelivery delivery;
    private final HostIdentity identity;
    private final Clock clock;
    private final Consumer<String> journal;

    private final long sessionId;

    InboundPipeline(MailDelivery delivery, HostIdentity identity, Clock clock, Consumer<String> journal) {
        this(delivery, identity, clock, journal, 0);
    }

    /** A pipeline whose stored messages name journal session {@code sessionId} as the one that received them (0: none). */
    InboundPipeline(MailDelivery delivery, HostIdentity identity, Clock clock, Consumer<String> journal,
            long sessionId) {
        this.sessionId = sessionId;
        this.delivery = Objects.requireNonNull(delivery);
        this.identity = Objects.requireNonNull(identity);
        this.clock = Objects.requireNonNull(clock);
        this.journal = Objects.requireNonNull(journal);
    }

    /**
     * Delivers the message.
     *
     * @param client the message as the client sent it
     * @param elapsed since the content began, for the rate the acceptance reports
     */
    Office365Reply receive(List<String> recipients, byte[] client, MessageHeaders headers, TraceHeaders.Origin origin,
            Duration elapsed) {
        byte[] raw = SubmissionPipeline.concat(TraceHeaders.received(origin, identity.mxFqdn(), clock.instant())
                .getBytes(StandardCharsets.UTF_8), client);
        String mailboxServer = identity.mailboxServerFqdn();
        List<MailDelivery.RecipientResult> results;
        try {
            results = delivery.deliverInbound(distinctLowerCase(recipients), raw,
                    sessionId);
        } catch (FolderException storeFull) {
            // The store's budget is the emulator's own resource, not the recipients': try again later.
            journal.accept("inbound message refused: " + storeFull.getMessage());
            return storeFull instanceof StorageException ? SmtpCatalogue.INSUFFICIENT_STORAGE
                    : SmtpCatalogue.INSUFFICIENT_RESOURCES;
        }
        int delivered = 0;
        boolean mailboxFull = false;
        for (MailDelivery.RecipientResult result : results) {
            if (result instanceof MailDelivery.RecipientResult.Delivered) {
                delivered++;
            } else {
                mailboxFull |= result instanceof MailDelivery.RecipientResult.MailboxFull;
                journal.accept("inbound message not delivered to " + result.recipient() + ": " + result);
            }
        }
        if (delivered == 0) {
            // Every recipient refused it (full, or over their MaxReceiveSize): the sender hears it now.
            return mailboxFull ? SmtpCatalogue.INBOUND_MAILBOX_FULL.with(ReplyArgs.of("mailboxServer", mailboxServer))
                    : SmtpCatalogue.SIZE_EXCEEDED;
        }
        String messageId = MessageIds.echoable(headers);
        if (messageId == null) {
            messageId = MessageIds.generate(mailboxServer);
        }
        double seconds = Math.max(0.001, elapsed.toNanos() / 1e9);
        return SmtpCatalogue.MX_QUEUED.with(ReplyArgs.of("messageId", messageId,
                "internalId", Long.toString(INTERNAL_IDS.incrementAndGet()), "mailboxServer", mailboxServer,
                "octets", Integer.toString(raw.length), "seconds", threeDecimals(seconds),
                "rate", threeDecimals(raw.length / 1024.0 / seconds)));
    }

    /**
     * {@code String.format(Locale.ROOT, "%.3f", value)} for a non-negative finite value, without a
     * {@code Formatter}: both round the shortest decimal form of the double half-up, and the formatter's
     * locale lookups were a sixth of the CPU of receiving a small message. The rounding is done on the
     * digits of {@link Double#toString} (a {@code BigDecimal} only for its exponent form, below 0.001 or
     * from 10^7), which is what {@code BigDecimal}'s {@code HALF_UP} does to them.
     */
    static String threeDecimals(double value) {
        String shortest = Double.toString(value);
        int point = shortest.indexOf('.');
        if (point < 0 || shortest.indexOf('E') >= 0) {
            return new BigDecimal(shortest).setScale(3, RoundingMode.HALF_UP).toPlainString();
        }
        long thousandths = Long.parseLong(shortest, 0, point, 10) * 1000;
        int digits = shortest.length() - point - 1;
        for (int i = 1; i <= 3; i++) {
            thousandths += (i <= digits ? shortest.charAt(point + i) - '0' : 0) * (i == 1 ? 100 : i == 2 ? 10 : 1);
        }
        if (digits > 3 && shortest.charAt(point + 4) >= '5') {
            thousandths++;
        }
        long fraction = thousandths % 1000;
        return (thousandths / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /** The recipients in lower case, each once, in the order given; the one recipient of most mail without a set. */
    private static List<String> distinctLowerCase(List<String> addresses) {
        if (addresses.size() == 1) {
            return List.of(addresses.get(0).toLowerCase(Locale.ROOT));
        }
        return List.copyOf(new LinkedHashSet<>(lowerCase(addresses)));
    }

    private static List<String> lowerCase(List<String> addresses) {
        return addresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }
}
