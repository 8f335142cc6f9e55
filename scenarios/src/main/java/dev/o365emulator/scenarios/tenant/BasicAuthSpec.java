package dev.o365emulator.scenarios.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code tenant.basicAuth}: {@code allowed} or {@code blocked} per protocol (authentication policy); absent = allowed. */
public record BasicAuthSpec(Setting smtp, Setting imap, Setting pop3) {

    /** Whether an authentication policy lets basic auth through. */
    public enum Setting {
        @JsonProperty("allowed") ALLOWED,
        @JsonProperty("blocked") BLOCKED
    }
}
