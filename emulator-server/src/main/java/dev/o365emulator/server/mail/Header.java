package dev.o365emulator.server.mail;

import java.util.Objects;

/**
 * One header field of a message.
 *
 * @param name the field name as the message spells it
 * @param value the value, decoded (RFC 2047) and unfolded, without leading and trailing blanks
 */
public record Header(String name, String value) {

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
