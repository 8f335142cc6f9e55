package dev.o365emulator.server.internal.store;

import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * One address of an IMAP ENVELOPE: {@code (name adl mailbox host)}, or a group's start or end marker.
 *
 * @param name display name as mime4j decodes it (encoded words decoded), or {@code null}; use
 *     {@link #imapName()} on the wire
 * @param route source route (obsolete), or {@code null}
 */
public record EnvelopeAddress(String name, String route, String mailbox, String host) {

    /** The end of a group (RFC 3501 §7.4.2): every field NIL. */
    public static final EnvelopeAddress GROUP_END = new EnvelopeAddress(null, null, null, null);

    /** The start of a group (RFC 3501 §7.4.2): the group's name as the mailbox, no host. */
    public static EnvelopeAddress groupStart(String groupName) {
        return new EnvelopeAddress(null, null, groupName, null);
    }

    /** Whether this is a group's start or end marker rather than an address. */
    public boolean groupMarker() {
        return host == null;
    }

    /**
     * The display name for an IMAP ENVELOPE: as is when ASCII, else one RFC 2047 UTF-8 encoded word,
     * since ENVELOPE strings carry header syntax, not decoded text.
     */
    public String imapName() {
        if (name == null || StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            return name;
        }
        return EncoderUtil.encodeEncodedWord(name, EncoderUtil.Usage.TEXT_TOKEN, 0, StandardCharsets.UTF_8,
                EncoderUtil.Encoding.B);
    }
}
