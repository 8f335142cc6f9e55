package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.Group;
import dev.o365emulator.server.tenant.Mailbox;
import java.util.List;

/** Where mail for one recipient address goes, as the tenant's directory resolves it. */
public sealed interface RecipientDecision {

    /** Whether the address resolves to at least one mailbox of the tenant. */
    default boolean local() {
        return this instanceof Local || this instanceof GroupMembers;
    }

    /** A mailbox of the tenant, through its primary address, an alias or the catch-all. */
    record Local(Mailbox mailbox) implements RecipientDecision {
    }

    /** A distribution group, expanded to its member mailboxes (members that are not mailboxes are dropped). */
    record GroupMembers(Group group, List<Mailbox> members) implements RecipientDecision {
        public GroupMembers {
            members = List.copyOf(members);
        }
    }

    /**
     * An address in an accepted domain that no mailbox owns: rejected at RCPT on the MX endpoint with
     * {@code 550 5.4.1 Recipient address rejected: Access denied}, and a non-delivery report
     * ({@code 550 5.1.10 RESOLVER.ADR.RecipientNotFound}) after submission.
     */
    record UnknownInAcceptedDomain(String address) implements RecipientDecision {
    }

    /** An address outside the accepted domains: relayed after submission, refused on the MX ({@code 5.7.64}). */
    record External(String address) implements RecipientDecision {
    }
}
