package dev.o365emulator.server.tenant;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server settings one user's mail client is given: what Outlook on the web's "POP and IMAP
 * settings" page shows, and what Thunderbird's autoconfig and Outlook's Autodiscover answer, with the
 * emulator's host and ports in place of Office 365's.
 *
 * <p>Office 365 publishes three servers ({@link #PUBLISHED}): POP3 and IMAP over TLS from the first
 * byte ({@code outlook.office365.com} 995 and 993) and SMTP submission with STARTTLS
 * ({@code smtp.office365.com} 587). The emulator's optional 143, 110, 25 and 465 are never offered.
 *
 * <p>Who gets settings: the tenant's mailboxes, asked for by primary address or alias in an accepted
 * domain; a group or an unknown address gets none. The per-mailbox switches do not change the answer
 * (a mailbox with IMAP disabled is still told the IMAP server): Office 365 publishes its settings per
 * service, Outlook on the web shows them to every user, and a client set up from them then meets the
 * mailbox's own refusal at login, which is what a test of that client wants to see.
 *
 * @param requested the address the client asked about, lower case (an alias stays an alias)
 * @param mailbox the mailbox owning it
 * @param servers the published servers this emulator serves, POP3, IMAP, then SMTP (the settings page's order)
 */
public record ClientSettings(String requested, Mailbox mailbox, List<Server> servers) {

    /** The endpoints Office 365's settings name, in the order Outlook on the web lists them. */
    public static final List<Endpoint> PUBLISHED = List.of(Endpoint.POP3S, Endpoint.IMAPS, Endpoint.SUBMISSION);

    public ClientSettings {
        Objects.requireNonNull(requested);
        Objects.requireNonNull(mailbox);
        servers = List.copyOf(servers);
    }

    /**
     * The settings for {@code address}, with the published endpoints found in {@code ports} on
     * {@code host}; empty when the address is no mailbox of the tenant (or no address at all).
     */
    public static Optional<ClientSettings> lookup(TenantSettings tenant, String address, String host,
            Map<Endpoint, Integer> ports) {
        String normalized;
        try {
            normalized = Addresses.normalize(address);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
        if (!tenant.isAcceptedDomain(Addresses.domain(normalized))) {
            return Optional.empty();
        }
        Optional<Mailbox> mailbox = tenant.mailboxByAddressOrAlias(normalized);
        if (mailbox.isEmpty()) {
            return Optional.empty();
        }
        List<Server> servers = new ArrayList<>();
        for (Endpoint endpoint : PUBLISHED) {
            Integer port = ports.get(endpoint);
            if (port != null && port > 0) {
                servers.add(new Server(endpoint, host, port));
            }
        }
        return Optional.of(new ClientSettings(normalized, mailbox.get(), servers));
    }

    /**
     * The name to sign in with: the user principal name (the primary address), since Office 365's
     * sign-in takes no alias.
     */
    public String loginName() {
        return mailbox.address();
    }

    /** Whether the client asked with the address it signs in with (not with an alias). */
    public boolean askedForLoginName() {
        return requested.equals(mailbox.address());
    }

    /** The published server of this protocol, if this emulator serves it. */
    public Optional<Server> server(Protocol protocol) {
        return servers.stream().filter(s -> s.protocol() == protocol).findFirst();
    }

    /** One server a client is told to use. */
    public record Server(Endpoint endpoint, String host, int port) {

        public Protocol protocol() {
            return endpoint.protocol();
        }

        /** TLS from the first byte (993, 995) rather than STARTTLS (587). */
        public boolean implicitTls() {
            return endpoint.tlsMode() == TlsMode.IMPLICIT;
        }

        /** The Office 365 host this server stands for. */
        public String office365Host() {
            return endpoint.protocol() == Protocol.SMTP ? "smtp.office365.com" : "outlook.office365.com";
        }
    }
}
