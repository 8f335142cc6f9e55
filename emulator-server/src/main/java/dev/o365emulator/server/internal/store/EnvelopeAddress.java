package dev.o365emulator.server.internal.store;

import java.nio.charset.StandardCharsets;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * One address of an IMAP ENVELOPE: {@code (name adl mailbox host)}.
 *
 * @param name display name as mime4j decodes it (encoded words decoded), or {@code null}; use
 *     {@link #imapName()} on the wire
 * @param route source route (obsolete), or {@code null}
 */
public record EnvelopeAddress(String name, String route, String mailbox, String host) {

    /**
     * The display name for an IMAP ENVELOPE: as is when ASCII, else one RFC 2047 UTF-8 encoded word,
     * since ENVELOPE strings carry header syntax, not decoded text.
     */
    public String imapName() {
        if (name == null || ascii(name)) {
            return name;
        }
        return EncoderUtil.encodeEncodedWord(name, EncoderUtil.Usage.TEXT_TOKEN, 0, StandardCharsets.UTF_8,
                EncoderUtil.Encoding.B);
    }

    /** Whether every char is US-ASCII; a loop, since a charset encoder per address is most of a FETCH ENVELOPE. */
    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
