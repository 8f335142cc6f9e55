package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.Mailbox;

/** Whether a logged-in mailbox may use an address as sender ({@code MAIL FROM} / {@code From:}), and by which right. */
public sealed interface SendDecision {

    /** Whether the message may be submitted. */
    default boolean allowed() {
        return !(this instanceof Denied);
    }

    /** The address is the login's own primary address or one of its aliases. */
    record Self(Mailbox mailbox) implements SendDecision {
    }

    /**
     * A SendAs grant on the owner (mailbox or group) lets the login send as it; the message looks as if
     * the owner sent it.
     *
     * @param owner address of the mailbox or group sent as
     */
    record SendAs(String owner) implements SendDecision {
    }

    /**
     * A SendOnBehalf grant: the caller must add (or keep) a {@code Sender:} header naming the login, as
     * Exchange shows "login on behalf of owner".
     */
    record SendOnBehalf(String owner, Mailbox sender) implements SendDecision {
    }

    /**
     * No right to send as this address: {@code 550 5.7.60} at MAIL FROM, or {@code 554 5.2.252 SendAsDenied}
     * after DATA.
     */
    record Denied(String address) implements SendDecision {
    }
}
