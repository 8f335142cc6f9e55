package dev.o365emulator.server;

import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.tls.ServerTls;
import java.time.Clock;

/** What a protocol session needs from the running emulator: its endpoint, identity, clock, journal and TLS. */
public record EndpointContext(Endpoint endpoint, HostIdentity identity, Clock clock, SessionJournal journal,
        ServerTls tls) {}
