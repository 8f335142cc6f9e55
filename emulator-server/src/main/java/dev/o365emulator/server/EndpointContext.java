package dev.o365emulator.server;

import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.oauth.TokenValidator;
import dev.o365emulator.server.store.MailDelivery;
import dev.o365emulator.server.store.MailStore;
import dev.o365emulator.server.tenant.Tenant;
import dev.o365emulator.server.tls.ServerTls;
import java.time.Clock;

/**
 * What a protocol session needs from the running emulator: its endpoint, identity, clock,
 * journal, TLS, and the tenant and mail store every protocol shares.
 */
public record EndpointContext(Endpoint endpoint, HostIdentity identity, Clock clock, SessionJournal journal,
        ServerTls tls, Tenant tenant, MailStore store, MailDelivery delivery, TokenValidator tokens) {}
