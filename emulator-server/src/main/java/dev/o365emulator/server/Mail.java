package dev.o365emulator.server;

import dev.o365emulator.server.mail.DeliveryResult;
import dev.o365emulator.server.mail.MailListener;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.mail.MailUsage;
import dev.o365emulator.server.mail.MailboxSummary;
import dev.o365emulator.server.mail.PreloadReport;
import dev.o365emulator.server.mail.StoreInfo;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The emulator's mail store: every mailbox, its folders and messages; messages put in as a client
 * or the MX would put them; messages taken out.
 *
 * <pre>{@code
 * Mail mail = emulator.mail();
 * mail.deliver("alex@contoso.com", eml);                                 // as mail from the internet
 * mail.append("adele@contoso.com", "Drafts", eml, Set.of("\\Draft"));      // as an IMAP APPEND
 * List<MailMessage> inbox = mail.messages("alex@contoso.com", Mail.INBOX);
 * mail.mailbox("alex@contoso.com").map(MailboxSummary::messages);          // counts per folder
 * mail.addListener(m -> System.out.println(m.mailbox() + " got " + m.subject()));
 * }</pre>
 *
 * <p>Mailbox addresses compare case-insensitively; a mailbox exists in the store from the first
 * message put into it (the tenant decides who may receive, see {@link #deliver}). Folder names are
 * IMAP names ({@code INBOX} in any case, {@code Sent Items}, {@code Projects/2025}). Every method is
 * thread-safe and may be called while clients are connected: IMAP sessions that have a folder
 * selected see the change as a client would ({@code EXISTS}, {@code EXPUNGE}).
 */
public interface Mail {

    /** The Inbox's IMAP name. */
    String INBOX = "INBOX";
    /** The folder Office 365 keeps a copy of every submitted message in. */
    String SENT_ITEMS = "Sent Items";

    /** Every mailbox the store holds mail for, by address. */
    List<MailboxSummary> mailboxes();

    /** One mailbox's folders and counts; empty when nothing was ever stored for it. */
    Optional<MailboxSummary> mailbox(String address);

    /** The messages of a folder, oldest (lowest UID) first; empty when the folder does not exist. */
    List<MailMessage> messages(String address, String folder);

    /** One message by its UID, if the folder has it. */
    Optional<MailMessage> message(String address, String folder, long uid);

    /**
     * Stores a message in a folder as an IMAP {@code APPEND} would (the folder is created when
     * missing), with these flags; no tenant rule applies and no SMTP trace header is added.
     *
     * @param flags IMAP flag names ({@code \Seen}, a keyword…), possibly none
     * @return where it was stored
     * @throws IllegalArgumentException for a malformed address or folder name, or an unknown {@code \}-flag
     * @throws IllegalStateException when the mailbox is at its quota or the store's budget is used up
     */
    MailMessage append(String address, String folder, byte[] raw, Set<String> flags);

    /**
     * Delivers a message to one recipient as the MX endpoint would, after the SMTP dialogue: the
     * tenant resolves the address (aliases, groups, catch-all; external addresses are relayed out
     * and stored nowhere), each mailbox gets a copy in its Inbox, and no header is added.
     *
     * @return what became of the recipient (a group gives one result, followed by one per member
     *     whose mailbox was full)
     * @throws IllegalStateException when the store's budget has no room for every copy (then nobody gets it)
     */
    default List<DeliveryResult> deliver(String recipient, byte[] raw) {
        return deliver(List.of(recipient), raw);
    }

    /**
     * {@link #deliver(String, byte[])} for several recipients of one message; a mailbox reached
     * twice (by an alias and a group, say) gets one copy.
     *
     * @throws IllegalArgumentException for more than 1,000 recipients, Office 365's limit per message
     */
    List<DeliveryResult> deliver(Collection<String> recipients, byte[] raw);

    /**
     * Removes one message from a folder (an IMAP {@code EXPUNGE} of it).
     *
     * @return whether the folder had it
     */
    boolean delete(String address, String folder, long uid);

    /**
     * Removes every message from a folder; the folder stays.
     *
     * @return how many were removed
     */
    int deleteAll(String address, String folder);

    /**
     * Forgets every mailbox, folder and message; pre-loaded mail is not loaded again (that is
     * {@link Emulator#reset()}). Sessions that have a folder selected keep seeing what they had.
     */
    void deleteAll();

    /** Starts telling {@code listener} about each delivered message. */
    void addListener(MailListener listener);

    /** Stops telling {@code listener}; nothing happens if it was not added. */
    void removeListener(MailListener listener);

    /** How much of its memory budgets the store uses now. */
    MailUsage usage();

    /** What pre-loading {@code .eml} files at start ({@link Emulator.Builder#preloadMail}) loaded, if it was asked to. */
    Optional<PreloadReport> preloaded();

    /** Where mail is kept: in memory, or in a Maildir store on disk ({@code Emulator.Builder.maildir}). */
    StoreInfo store();
}
