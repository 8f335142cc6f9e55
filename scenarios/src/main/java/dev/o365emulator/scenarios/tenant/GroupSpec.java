package dev.o365emulator.scenarios.tenant;

import java.util.List;

/** A distribution group in a scenario's {@code tenant.groups}: {@code {address, members, sendAs, sendOnBehalf}}. */
public record GroupSpec(String address, String displayName, List<String> members, List<String> sendAs,
        List<String> sendOnBehalf) {

    public GroupSpec {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a group needs an address");
        }
        members = members == null ? List.of() : List.copyOf(members);
        sendAs = sendAs == null ? List.of() : List.copyOf(sendAs);
        sendOnBehalf = sendOnBehalf == null ? List.of() : List.copyOf(sendOnBehalf);
    }
}
