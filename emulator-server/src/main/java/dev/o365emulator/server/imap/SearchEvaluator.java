package dev.o365emulator.server.imap;

import dev.o365emulator.codec.imap.SearchKey;
import dev.o365emulator.server.store.Flags;
import dev.o365emulator.server.store.MessageHandle;

/**
 * Evaluates SEARCH keys against stored messages.
 *
 * <p>A deliberately small stand-in (ALL, SEEN, UNSEEN, DELETED, UNDELETED, UID sets, sequence sets, AND,
 * OR, NOT) so the session compiles and runs; the full evaluator replaces it.
 */
public final class SearchEvaluator {

    private SearchEvaluator() {
    }

    /** Whether the message matches; maxSequence/maxUid resolve '*'. */
    public static boolean matches(SearchKey key, long sequence, MessageHandle message, long maxSequence, long maxUid) {
        if (key instanceof SearchKey.And and) {
            for (SearchKey k : and.keys()) {
                if (!matches(k, sequence, message, maxSequence, maxUid)) {
                    return false;
                }
            }
            return true;
        }
        if (key instanceof SearchKey.Or or) {
            return matches(or.left(), sequence, message, maxSequence, maxUid)
                    || matches(or.right(), sequence, message, maxSequence, maxUid);
        }
        if (key instanceof SearchKey.Not not) {
            return !matches(not.key(), sequence, message, maxSequence, maxUid);
        }
        if (key instanceof SearchKey.Uid uid) {
            return uid.set().contains(message.uid(), maxUid);
        }
        if (key instanceof SearchKey.Sequence seq) {
            return seq.set().contains(sequence, maxSequence);
        }
        if (key instanceof SearchKey.Simple simple) {
            boolean seen = message.flags().contains(Flags.SystemFlag.SEEN);
            boolean deleted = message.flags().contains(Flags.SystemFlag.DELETED);
            return switch (simple) {
                case ALL -> true;
                case SEEN -> seen;
                case UNSEEN -> !seen;
                case DELETED -> deleted;
                case UNDELETED -> !deleted;
                default -> throw new IllegalArgumentException("not evaluated by this SearchEvaluator: " + simple);
            };
        }
        throw new IllegalArgumentException("not evaluated by this SearchEvaluator: " + key);
    }
}
