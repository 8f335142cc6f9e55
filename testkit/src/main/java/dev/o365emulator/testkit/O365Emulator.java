package dev.o365emulator.testkit;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.journal.SessionRecord;
import dev.o365emulator.server.tenant.Tenant;
import java.time.Duration;
import java.util.List;
import dev.o365emulator.server.internal.oauth.ExchangePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A running emulator as a test sees it: ports, trust material, Jakarta Mail sessions, the tenant,
 * what arrived in each mailbox, and the journal of every connection.
 *
 * <p>Injected into test methods, constructors and lifecycle methods by {@link O365EmulatorExtension};
 * the extension object itself offers the same methods.
 */
public final class O365Emulator {

    private final Emulator emulator;
    private final TrustMaterial trust;
    private final JakartaMail mail;

    O365Emulator(Emulator emulator) {
        this.emulator = emulator;
        this.trust = new TrustMaterial(emulator.certificates());
        this.mail = new JakartaMail(this);
    }

    /** The underlying emulator facade, for everything this handle does not wrap. */
    public Emulator emulator() {
        return emulator;
    }

    /** The address clients connect to: {@code 127.0.0.1}. */
    public String host() {
        return emulator.address(emulator.endpoints().iterator().next()).getAddress().getHostAddress();
    }

    /** The (ephemeral) port of an endpoint. */
    public int port(Endpoint endpoint) {
        return emulator.port(endpoint);
    }

    /** Certificates to trust. */
    public TrustMaterial trust() {
        return trust;
    }

    /** Jakarta Mail properties and sessions for each endpoint. */
    public JakartaMail mail() {
        return mail;
    }

    /** The tenant: change knobs with {@code tenant().update(...)} / {@code updateMailbox(...)}. */
    public Tenant tenant() {
        return emulator.tenant();
    }

    /** What one mailbox holds now. */
    public MailboxContents mailbox(String address) {
        return new MailboxContents(emulator.store(), address);
    }

    /** Every connection so far, with transcripts. */
    public SessionJournal journal() {
        return emulator.journal();
    }

    /** The sessions of the journal, oldest first. */
    public List<SessionRecord> sessions() {
        return emulator.journal().sessions();
    }

    /**
     * A delegated access token for {@code user}, as the emulator's identity platform issues it (a
     * signed JWT with {@code IMAP.AccessAsUser.All}, {@code POP.AccessAsUser.All} and
     * {@code SMTP.Send}), for SASL XOAUTH2 logins: pass it as the password with
     * {@link JakartaMail#oauthSession}. Obtain tokens with MSAL from
     * {@code emulator().oauth().authority()} to test the whole OAuth flow instead.
     */
    public String accessToken(String user) {
        return emulator.oauth().issueToken(user, List.of(ExchangePermissions.IMAP_DELEGATED,
                ExchangePermissions.POP_DELEGATED, ExchangePermissions.SMTP_DELEGATED));
    }

    /** Switches the active scenario while running (a built-in name, class-path resource or file). */
    public void useScenario(String nameOrResource) {
        emulator.useScenario(Scenarios.resolve(nameOrResource, null));
    }

    /**
     * Waits until a mailbox's Inbox holds at least {@code count} messages and returns them; fails
     * with what did arrive if the time runs out.
     */
    public List<ReceivedMessage> awaitMessages(String address, int count, Duration timeout) {
        return awaitMessages(address, MailboxContents.INBOX, count, timeout);
    }

    /** Like {@link #awaitMessages(String, int, Duration)} for any folder. */
    public List<ReceivedMessage> awaitMessages(String address, String folder, int count, Duration timeout) {
        MailboxContents mailbox = mailbox(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (mailbox.count(folder) < count) {
            if (System.nanoTime() - deadline > 0) {
                List<ReceivedMessage> arrived = mailbox.messages(folder);
                throw new AssertionError(String.format(
                        "Expected at least %d message(s) in %s/%s within %s, but %d arrived: %s%nRecent sessions:%n%s",
                        count, address, folder, timeout, arrived.size(), arrived, Transcripts.recent(journal(), 3)));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return mailbox.messages(folder);
    }

    /** Back to the start state: mail, tenant knobs, tokens and journal (see {@link Emulator#reset()}). */
    public void reset() {
        emulator.reset();
    }

    @Override
    public String toString() {
        return "O365Emulator" + emulator.endpoints().stream().map(e -> e.id() + "=" + port(e)).toList();
    }
}
