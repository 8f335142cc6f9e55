package dev.o365emulator.scenarios;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whose counters and state a rule keeps: the whole server (default), each connection, or each user. */
public enum Scope {
    @JsonProperty("server") SERVER,
    @JsonProperty("session") SESSION,
    @JsonProperty("user") USER
}
