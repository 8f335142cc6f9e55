package dev.o365emulator.testkit;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.Trust;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A running emulator as a test sees it: ports, trust material, Jakarta Mail sessions, the tenant,
 * what arrived in each mailbox, and the journal of every connection.
 *
 * <p>One type for both ways a test meets the emulator: the {@link O365EmulatorExtension} field
 * <em>is</em> an {@code O365Emulator}, and an {@code O365Emulator} parameter is injected where JUnit
 * resolves parameters. Everything here is written once, over {@link #server()}, the emulator's own
 * API.
 */
public interface O365Emulator {

    /**
     * The running emulator's own API ({@link Emulator#mail()}, {@link Emulator#scenario()},
     * {@link Emulator#listeners()}…), for everything this interface does not wrap.
     *
     * @throws IllegalStateException outside a test or lifecycle method, before the emulator started
     */
    Emulator server();

    /** The address clients connect to: {@code 127.0.0.1}. */
    default String host() {
        return server().bindAddress().getHostAddress();
    }

    /** The (ephemeral) port of an endpoint. */
    default int port(Endpoint endpoint) {
        return server().port(endpoint);
    }

    /** The CA and truststore clients must trust: an {@code SSLContext}, a truststore or the CA's PEM file. */
    default Trust trust() {
        return server().trust();
    }

    /** Jakarta Mail properties and sessions for each endpoint. */
    default JakartaMail mail() {
        return new JakartaMail(this);
    }

    /** The tenant: change knobs with {@code tenant().update(...)} / {@code updateMailbox(...)}. */
    default TenantControl tenant() {
        return server().tenant();
    }

    /** What one mailbox holds now. */
    default MailboxContents mailbox(String address) {
        return new MailboxContents(server().mail(), address);
    }

    /** Every connection so far, with transcripts: {@code sessions().all()}, {@code sessions().get(id)}… */
    default Sessions sessions() {
        return server().sessions();
    }

    /** The offline identity platform: its authority, and tokens issued directly (expired ones too). */
    default Tokens tokens() {
        return server().tokens();
    }

    /**
     * A delegated access token for {@code user}, as the emulator's identity platform issues it (a
     * signed JWT with {@code IMAP.AccessAsUser.All}, {@code POP.AccessAsUser.All} and
     * {@code SMTP.Send}), for SASL XOAUTH2 logins: pass it as the password with
     * {@link JakartaMail#oauthSession}. {@link #tokens()} issues expired or narrower ones; obtain
     * tokens with MSAL from {@code tokens().authority()} to test the whole OAuth flow instead.
     */
    default String accessToken(String user) {
        return tokens().delegated(user);
    }

    /**
     * Switches the active scenario while running (a built-in name, class-path resource or file).
     * Under {@link Reset#BEFORE_EACH} the next test starts with the class's scenario again.
     */
    default void useScenario(String nameOrResource) {
        server().scenario().use(Scenarios.resolve(nameOrResource, null));
    }

    /**
     * Waits until a mailbox's Inbox holds at least {@code count} messages and returns them; fails
     * with what did arrive if the time runs out.
     */
    default List<ReceivedMessage> awaitMessages(String address, int count, Duration timeout) {
        return awaitMessages(address, MailboxContents.INBOX, count, timeout);
    }

    /** Like {@link #awaitMessages(String, int, Duration)} for any folder. */
    default List<ReceivedMessage> awaitMessages(String address, String folder, int count, Duration timeout) {
        MailboxContents mailbox = mailbox(address);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (mailbox.count(folder) < count) {
            if (System.nanoTime() - deadline > 0) {
                List<ReceivedMessage> arrived = mailbox.messages(folder);
                throw new AssertionError(String.format(
                        "Expected at least %d message(s) in %s/%s within %s, but %d arrived: %s%nRecent sessions:%n%s",
                        count, address, folder, timeout, arrived.size(), arrived,
                        Transcripts.recent(sessions(), 3)));
            }
            // Polling the store: delivery happens on the emulator's event loops, which must not wait for us.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return mailbox.messages(folder);
    }

    /**
     * Back to the start state: mail, tenant knobs, tokens and journal (see {@link Emulator#reset()}).
     * The extension's reset before each test also restores the scenario the emulator started with.
     */
    default void reset() {
        server().reset();
    }
}
