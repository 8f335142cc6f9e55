package dev.o365emulator.server.tenant;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A distribution group: mail to its address goes to each member, and SendAs / SendOnBehalf
 * grants on it let trustees send as the group.
 *
 * @param members addresses of member mailboxes; members that are not mailboxes of the tenant are ignored
 */
public record Group(String address, String displayName, Set<String> members, Set<String> sendAs,
        Set<String> sendOnBehalf) {

    public static final int MAX_MEMBERS = 10_000;

    public Group {
        address = Addresses.normalize(address);
        displayName = displayName == null ? address.substring(0, address.indexOf('@')) : displayName;
        members = normalized(members);
        sendAs = normalized(sendAs);
        sendOnBehalf = normalized(sendOnBehalf);
    }

    /** A group with members and no grants. */
    public static Group of(String address, String... members) {
        return new Group(address, null, Set.of(members), Set.of(), Set.of());
    }

    private static Set<String> normalized(Set<String> values) {
        if (values == null) {
            return Set.of();
        }
        if (values.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("more than " + MAX_MEMBERS + " entries");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : List.copyOf(values)) {
            out.add(Addresses.normalize(v));
        }
        return Set.copyOf(out);
    }
}
