package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.internal.store.StoredMessage;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.mail.ParsedMessage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** {@link MailMessage} over a stored message as one folder holds it; parsed on first use. */
final class StoredMailMessage implements MailMessage {

    private final String mailbox;
    private final String folder;
    private final long uid;
    private final Set<String> flags;
    private final StoredMessage message;
    // Racy single-check caching: parsing is deterministic, so two threads computing it is harmless.
    private ParsedMessage parsed;

    StoredMailMessage(String mailbox, String folder, long uid, List<String> flags, StoredMessage message) {
        this.mailbox = mailbox;
        this.folder = folder;
        this.uid = uid;
        this.flags = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        this.message = message;
    }

    @Override
    public String mailbox() {
        return mailbox;
    }

    @Override
    public String folder() {
        return folder;
    }

    @Override
    public long uid() {
        return uid;
    }

    @Override
    public Set<String> flags() {
        return flags;
    }

    @Override
    public Instant received() {
        return message.internalDate();
    }

    @Override
    public int size() {
        return message.size();
    }

    @Override
    public OptionalLong submittedBy() {
        long session = message.submittedBy();
        return session == StoredMessage.NO_SESSION ? OptionalLong.empty() : OptionalLong.of(session);
    }

    @Override
    public byte[] raw() {
        ByteBuffer bytes = message.raw();
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        return copy;
    }

    @Override
    public ParsedMessage parsed() {
        ParsedMessage p = parsed;
        if (p == null) {
            p = MessageParsing.parse(message.openStream());
            parsed = p;
        }
        return p;
    }

    /** A short description for assertion messages: where, From and Subject. */
    @Override
    public String toString() {
        String subject;
        List<String> from;
        try {
            subject = subject();
            from = from();
        } catch (RuntimeException e) {
            subject = "?";
            from = List.of();
        }
        return mailbox + "/" + folder + " uid " + uid + " from " + from + " subject \"" + subject + "\"";
    }
}
