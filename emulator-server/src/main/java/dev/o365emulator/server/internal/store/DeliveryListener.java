package dev.o365emulator.server.internal.store;

/**
 * Told about each copy {@link MailDelivery} stores (a recipient's Inbox, a sender's Sent Items), after
 * it is stored, on the delivering thread: it must be quick and must not block.
 */
@FunctionalInterface
public interface DeliveryListener {

    /** {@code message} is now in {@code folder} of {@code mailbox} under {@code uid}, with {@code flags}. */
    void delivered(String mailbox, String folder, long uid, Flags flags, StoredMessage message);
}
