package dev.o365emulator.server.mail;

import java.util.Objects;

/**
 * An attachment of a message.
 *
 * @param name its file name, or the empty string when only its disposition says it is one
 * @param contentType its MIME type, lower case ({@code application/pdf})
 * @param size its size in bytes after the transfer encoding is undone
 */
public record Attachment(String name, String contentType, long size) {

    public Attachment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
    }
}
