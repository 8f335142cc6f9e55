package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Mail;
import dev.o365emulator.server.internal.store.EmlPreloader;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.FolderException;
import dev.o365emulator.server.internal.store.FolderSnapshot;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.maildir.MaildirStorage;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.mail.DeliveryResult;
import dev.o365emulator.server.mail.FolderSummary;
import dev.o365emulator.server.mail.MailListener;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.mail.MailUsage;
import dev.o365emulator.server.mail.MailboxSummary;
import dev.o365emulator.server.mail.PreloadReport;
import dev.o365emulator.server.mail.StoreInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Mail} over the store and delivery: reads snapshots, writes through the same folder operations
 * IMAP uses, so selected sessions see every change.
 */
final class MailFacade implements Mail {

    private static final Logger LOG = LoggerFactory.getLogger(MailFacade.class);

    private final MailStore store;
    private final MailDelivery delivery;
    private final Supplier<Optional<EmlPreloader.Result>> preloaded;
    private final List<MailListener> listeners = new CopyOnWriteArrayList<>();

    MailFacade(MailStore store, MailDelivery delivery, Supplier<Optional<EmlPreloader.Result>> preloaded) {
        this.store = store;
        this.delivery = delivery;
        this.preloaded = preloaded;
        delivery.addListener((mailbox, folder, uid, flags, message) -> {
            if (!listeners.isEmpty()) {
                tell(new StoredMailMessage(mailbox, folder, uid, flags.names(), message));
            }
        });
    }

    @Override
    public List<MailboxSummary> mailboxes() {
        List<MailboxSummary> out = new ArrayList<>();
        for (String address : store.addresses().stream().sorted().toList()) {
            store.mailbox(address).ifPresent(m -> out.add(summary(m)));
        }
        return out;
    }

    @Override
    public Optional<MailboxSummary> mailbox(String address) {
        return existing(address).map(MailFacade::summary);
    }

    private static MailboxSummary summary(MailboxStore mailbox) {
        List<FolderSummary> folders = new ArrayList<>();
        for (MailboxStore.FolderInfo info : mailbox.list()) {
            mailbox.folder(info.name()).ifPresent(f -> {
                FolderSnapshot s = f.snapshot();
                int unseen = 0;
                long size = 0;
                for (MessageHandle h : s.messages()) {
                    unseen += h.flags().contains(Flags.SystemFlag.SEEN) ? 0 : 1;
                    size += h.message().size();
                }
                folders.add(new FolderSummary(f.name(), f.specialUse().map(u -> u.imapAttribute()), s.exists(), unseen,
                        size, s.uidValidity(), s.uidNext()));
            });
        }
        return new MailboxSummary(mailbox.address(), folders);
    }

    @Override
    public List<MailMessage> messages(String address, String folder) {
        Optional<MailboxStore> mailbox = existing(address);
        Optional<MailFolder> f = mailbox.flatMap(m -> m.folder(folder));
        if (f.isEmpty()) {
            return List.of();
        }
        List<MailMessage> out = new ArrayList<>();
        for (MessageHandle h : f.get().snapshot().messages()) {
            out.add(view(mailbox.get().address(), f.get().name(), h));
        }
        return out;
    }

    @Override
    public Optional<MailMessage> message(String address, String folder, long uid) {
        Optional<MailboxStore> mailbox = existing(address);
        return mailbox.flatMap(m -> m.folder(folder)).flatMap(f -> f.snapshot().byUid(uid)
                .map(h -> view(mailbox.get().address(), f.name(), h)));
    }

    private static MailMessage view(String mailbox, String folder, MessageHandle h) {
        return new StoredMailMessage(mailbox, folder, h.uid(), h.flags().names(), h.message());
    }

    @Override
    public MailMessage append(String address, String folder, byte[] raw, Set<String> flags) {
        Flags parsed = Flags.of(List.copyOf(flags));
        MailboxStore mailbox = store.open(address);
        try {
            MailFolder f = mailbox.createIfAbsent(folder);
            StoredMessage message = store.newMessage(raw.clone());
            MailFolder.AppendResult result = f.append(message, parsed);
            MailMessage stored = new StoredMailMessage(mailbox.address(), f.name(), result.uid(), parsed.names(),
                    message);
            tell(stored);
            return stored;
        } catch (FolderException e) {
            throw translate(e);
        }
    }

    @Override
    public List<DeliveryResult> deliver(Collection<String> recipients, byte[] raw) {
        List<MailDelivery.RecipientResult> results;
        try {
            results = delivery.deliverInbound(List.copyOf(recipients), raw.clone());
        } catch (FolderException e) {
            throw translate(e);
        }
        return results.stream().map(MailFacade::result).toList();
    }

    private static DeliveryResult result(MailDelivery.RecipientResult r) {
        if (r instanceof MailDelivery.RecipientResult.Delivered d) {
            return new DeliveryResult(d.recipient(), DeliveryResult.Status.DELIVERED, d.mailboxes());
        }
        DeliveryResult.Status status = r instanceof MailDelivery.RecipientResult.External
                ? DeliveryResult.Status.EXTERNAL
                : r instanceof MailDelivery.RecipientResult.TooLarge ? DeliveryResult.Status.TOO_LARGE
                : r instanceof MailDelivery.RecipientResult.MailboxFull ? DeliveryResult.Status.MAILBOX_FULL
                : DeliveryResult.Status.UNKNOWN_RECIPIENT;
        return new DeliveryResult(r.recipient(), status, List.of());
    }

    @Override
    public boolean delete(String address, String folder, long uid) {
        return remove(address, folder, List.of(uid)) > 0;
    }

    @Override
    public int deleteAll(String address, String folder) {
        Optional<MailFolder> f = existing(address).flatMap(m -> m.folder(folder));
        return f.isEmpty() ? 0 : remove(address, folder,
                f.get().snapshot().messages().stream().map(MessageHandle::uid).toList());
    }

    /** Flags the messages {@code \Deleted} and expunges them, as a client would. */
    private int remove(String address, String folder, List<Long> uids) {
        Optional<MailFolder> f = existing(address).flatMap(m -> m.folder(folder));
        if (f.isEmpty() || uids.isEmpty()) {
            return 0;
        }
        try {
            f.get().storeFlags(uids, MailFolder.FlagOperation.ADD, Flags.of("\\Deleted"));
            return f.get().expunge(uids).size();
        } catch (FolderException e) {
            if (e.reason() == FolderException.Reason.DELETED) {
                return 0; // deleted meanwhile: nothing left to remove
            }
            throw translate(e);
        }
    }

    @Override
    public void deleteAll() {
        store.clear();
    }

    @Override
    public void addListener(MailListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeListener(MailListener listener) {
        listeners.remove(listener);
    }

    private void tell(MailMessage message) {
        for (MailListener listener : listeners) {
            try {
                listener.delivered(message);
            } catch (RuntimeException e) {
                LOG.warn("A mail listener failed; the message is stored all the same", e);
            }
        }
    }

    @Override
    public MailUsage usage() {
        return new MailUsage(store.budget().used(), store.budget().limit(), delivery.inFlight().used(),
                delivery.inFlight().limit());
    }

    @Override
    public Optional<PreloadReport> preloaded() {
        return preloaded.get().map(r -> new PreloadReport(r.messagesPerMailbox(), r.skipped()));
    }

    /** The mailbox if the store holds one for this address; a malformed address holds none. */
    private Optional<MailboxStore> existing(String address) {
        try {
            return store.mailbox(address);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    /** The store's refusals as the API's exceptions: the caller's mistake, or no room. */
    private static RuntimeException translate(FolderException e) {
        return switch (e.reason()) {
            case INVALID_NAME, NOT_FOUND, ALREADY_EXISTS, DEFAULT_FOLDER, TOO_MANY_KEYWORDS ->
                    new IllegalArgumentException(e.getMessage(), e);
            case FOLDER_FULL, DELETED, QUOTA_EXCEEDED, STORE_FULL, STORAGE_FULL, STORAGE_FAILED ->
                    new IllegalStateException(e.getMessage(), e);
        };
    }

    @Override
    public StoreInfo store() {
        return store.storage() instanceof MaildirStorage maildir
                ? new StoreInfo(StoreInfo.Kind.MAILDIR, Optional.of(maildir.root()), maildir.options().fsync())
                : StoreInfo.memory();
    }
}
