package dev.o365emulator.server.tenant;

import java.util.Locale;

/** Address normalisation shared by the tenant and the store: SMTP addresses compare case-insensitively. */
public final class Addresses {
    /** RFC 5321's limit on a forward path, so an address never grows a map key without bound. */
    public static final int MAX_ADDRESS_LENGTH = 256;

    private Addresses() {
    }

    /**
     * Returns the lower-case form of an address, without surrounding angle brackets or blanks.
     *
     * @throws IllegalArgumentException if the address is empty, longer than {@link #MAX_ADDRESS_LENGTH}
     *     or has no {@code @}
     */
    public static String normalize(String address) {
        String a = address.trim();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1).trim();
        }
        if (a.isEmpty() || a.length() > MAX_ADDRESS_LENGTH || a.indexOf('@') <= 0 || a.endsWith("@")) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return a.toLowerCase(Locale.ROOT);
    }

    /** Returns the lower-case domain part of a normalised address. */
    public static String domain(String normalizedAddress) {
        return normalizedAddress.substring(normalizedAddress.lastIndexOf('@') + 1);
    }
}
