package dev.o365emulator.server.mail;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One address of a header: {@code "Adele Vance" <adele@contoso.com>}.
 *
 * @param name the display name, decoded, or the empty string
 * @param address the address as written ({@code local@domain})
 */
public record MailAddress(String name, String address) {

    public MailAddress {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }

    /** Just the addresses of a list, in order. */
    public static List<String> addresses(Collection<MailAddress> list) {
        return list.stream().map(MailAddress::address).toList();
    }

    @Override
    public String toString() {
        return name.isEmpty() ? address : name + " <" + address + ">";
    }
}
