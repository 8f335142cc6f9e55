package dev.o365emulator.server.tenant;

/**
 * What happens to mail for an unknown address in an accepted domain.
 *
 * <p>Office 365 rejects such recipients; a catch-all exists only because a configuration asks for it.
 */
public sealed interface CatchAll {
    /** Office 365's behaviour: unknown recipients are rejected (the default). */
    CatchAll NONE = new None();

    /** Unknown recipients are rejected. */
    record None() implements CatchAll {
    }

    /** Unknown recipients in an accepted domain get a mailbox (without password) created at first delivery. */
    record CreateMailbox() implements CatchAll {
    }

    /** Unknown recipients in an accepted domain are delivered to one existing mailbox. */
    record RouteTo(String address) implements CatchAll {
        public RouteTo {
            address = Addresses.normalize(address);
        }
    }
}
