package dev.o365emulator.server.internal.store;

import java.util.Optional;

/**
 * The parsed MIME structure of a stored message: the top-level envelope and entity tree.
 *
 * <p>{@link #part(int...)} follows RFC 3501 section numbering: in a non-multipart message part
 * {@code 1} is the body itself; a message/rfc822 part's sub-parts number into the embedded message.
 */
public record MessageStructure(Envelope envelope, MimePart root) {

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
}
