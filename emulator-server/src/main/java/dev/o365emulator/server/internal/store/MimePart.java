package dev.o365emulator.server.internal.store;

import java.util.List;
import java.util.Map;

/**
 * One MIME entity of a stored message, with what IMAP's BODYSTRUCTURE needs and the byte offsets of
 * its header and body in the raw message, so {@code BODY[section]} is served as a slice.
 *
 * <p>Offsets: {@code [headerStart, bodyStart)} is the header including its terminating blank line
 * ({@code BODY[n.MIME]}, or {@code BODY[HEADER]} for the top-level message); {@code [bodyStart, bodyEnd)}
 * is the body ({@code BODY[n]}, {@code BODY[TEXT]}).
 *
 * @param type lower-case primary type, e.g. {@code text}; {@code text/plain} when absent or invalid
 * @param parameters Content-Type parameters, names lower case, in header order ({@code charset=us-ascii}
 *     added when there is no Content-Type at all)
 * @param encoding Content-Transfer-Encoding as written, {@code 7BIT} when absent
 * @param lineCount text lines of the body, for text/* and message/rfc822
 * @param md5 always {@code null} (Content-MD5 is not reported, as Exchange)
 * @param children the parts of a multipart, empty otherwise
 * @param envelope for message/rfc822, the embedded message's envelope; {@code null} otherwise
 * @param message for message/rfc822, the embedded message's top entity; {@code null} otherwise
 */
public record MimePart(
        String type,
        String subtype,
        Map<String, String> parameters,
        String contentId,
        String description,
        String encoding,
        String md5,
        String disposition,
        Map<String, String> dispositionParameters,
        String language,
        String location,
        int headerStart,
        int bodyStart,
        int bodyEnd,
        int lineCount,
        List<MimePart> children,
        Envelope envelope,
        MimePart message) {

    public MimePart {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        dispositionParameters = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(dispositionParameters));
        children = List.copyOf(children);
    }

    public boolean isMultipart() {
        return "multipart".equals(type) && !children.isEmpty();
    }

    public boolean isMessage() {
        return message != null;
    }

    /** The body's size in octets, as encoded. */
    public int bodySize() {
        return bodyEnd - bodyStart;
    }
}
