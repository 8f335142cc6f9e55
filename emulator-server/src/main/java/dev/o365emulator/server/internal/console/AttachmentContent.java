package dev.o365emulator.server.internal.console;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The decoded bytes of a message's n-th attachment, counted as the mail API counts them (parts with
 * a file name or an {@code attachment} disposition, in document order), read from the stored bytes
 * because the API's parsed view carries each attachment's name, type and size but not its content.
 */
final class AttachmentContent {

    /** One attachment's file name, content type and decoded bytes. */
    record Part(String name, String contentType, byte[] content) {
    }

    private AttachmentContent() {
    }

    /** The attachment at {@code index}, or empty when the message has fewer. */
    static Optional<Part> of(byte[] raw, int index) {
        Message message;
        try {
            // The stored message was accepted whole, so it is read whole: no line or header limits apply.
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            message = builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            List<Entity> parts = new ArrayList<>();
            collect(message, parts, 0);
            if (index < 0 || index >= parts.size()) {
                return Optional.empty();
            }
            Entity part = parts.get(index);
            return Optional.of(new Part(part.getFilename() == null ? "" : part.getFilename(),
                    part.getMimeType(), content(part.getBody())));
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            message.dispose();
        }
    }

    /** Depth-first, as the parts appear; nesting is bounded so a crafted message cannot recurse deeply. */
    private static void collect(Entity entity, List<Entity> out, int depth) {
        if (depth > 32) {
            return;
        }
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            for (Entity child : multipart.getBodyParts()) {
                collect(child, out, depth + 1);
            }
            return;
        }
        boolean attachment = entity.getFilename() != null || "attachment".equalsIgnoreCase(entity.getDispositionType());
        if (attachment) {
            out.add(entity);
        } else if (body instanceof Message nested) {
            collect(nested, out, depth + 1);
        }
    }

    private static byte[] content(Body body) throws IOException {
        if (body instanceof SingleBody single) {
            try (InputStream in = single.getInputStream()) {
                return in.readAllBytes();
            }
        }
        if (body instanceof Message nested) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            new org.apache.james.mime4j.message.DefaultMessageWriter().writeMessage(nested, out);
            return out.toByteArray();
        }
        return new byte[0];
    }

    /**
     * A file name safe in a {@code Content-Disposition} header and on any file system: path
     * separators, quotes, control and non-ASCII characters become {@code _}; never empty.
     */
    static String safeFileName(String name, String fallback) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder out = new StringBuilder();
        for (char c : base.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == ';' ? '_' : c);
        }
        String s = out.toString().strip();
        if (s.isEmpty() || s.chars().allMatch(c -> c == '.')) {
            return fallback;
        }
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
