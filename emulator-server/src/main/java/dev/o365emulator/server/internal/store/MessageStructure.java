package dev.o365emulator.server.internal.store;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parsed MIME structure of a stored message: the top-level envelope and entity tree.
 *
 * <p>{@link #part(int...)} follows RFC 3501 section numbering: in a non-multipart message part
 * {@code 1} is the body itself; a message/rfc822 part's sub-parts number into the embedded message.
 */
public final class MessageStructure {

    private final Envelope envelope;
    private final MimePart root;
    /**
     * The ENVELOPE as IMAP writes it, once a FETCH has rendered it: a message never changes, and
     * rendering it again for every FETCH was a third of the event loop's time under a
     * {@code FETCH 1:* (FLAGS ENVELOPE RFC822.SIZE)}. About as large as the envelope's own strings
     * (a few hundred bytes for an ordinary message), and gone with the structure, which the Maildir
     * store keeps in a bounded cache.
     */
    private volatile String imapEnvelope;

    public MessageStructure(Envelope envelope, MimePart root) {
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The top-level message's envelope fields. */
    public Envelope envelope() {
        return envelope;
    }

    /** The top-level entity. */
    public MimePart root() {
        return root;
    }

    /**
     * The envelope as {@code render} writes it, computed on first call and kept; {@code render} may run
     * more than once when sessions ask at the same time (each result is the same text).
     */
    public String imapEnvelope(Function<Envelope, String> render) {
        String text = imapEnvelope;
        if (text == null) {
            text = render.apply(envelope);
            imapEnvelope = text;
        }
        return text;
    }

    /**
     * The entity at a section path such as {@code 1.2} ({@code part(1, 2)}); empty for none. An empty
     * path is the top-level entity.
     */
    public Optional<MimePart> part(int... path) {
        MimePart current = root;
        for (int i = 0; i < path.length; i++) {
            MimePart container = current;
            if (i > 0 && current.isMessage()) {
                container = current.message();
            }
            int n = path[i];
            if (container.isMultipart()) {
                if (n < 1 || n > container.children().size()) {
                    return Optional.empty();
                }
                current = container.children().get(n - 1);
            } else if (n == 1) {
                current = container;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageStructure other && envelope.equals(other.envelope) && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return Objects.hash(envelope, root);
    }

    @Override
    public String toString() {
        return "MessageStructure[envelope=" + envelope + ", root=" + root + "]";
    }
}
