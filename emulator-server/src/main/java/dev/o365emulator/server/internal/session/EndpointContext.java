package dev.o365emulator.server.internal.session;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.oauth.TokenValidator;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tls.ServerTls;
import java.time.Clock;

/**
 * What a protocol session needs from the running emulator: its endpoint, identity, clock,
 * journal, TLS, the tenant and mail store every protocol shares, and the fault plan it reports
 * its stages to.
 */
public record EndpointContext(Endpoint endpoint, HostIdentity identity, Clock clock, SessionJournal journal,
        ServerTls tls, Tenant tenant, MailStore store, MailDelivery delivery, TokenValidator tokens,
        FaultPlan faults) {

    /** A context without fault rules (every stage proceeds), for sessions tested on their own. */
    public EndpointContext(Endpoint endpoint, HostIdentity identity, Clock clock, SessionJournal journal,
            ServerTls tls, Tenant tenant, MailStore store, MailDelivery delivery, TokenValidator tokens) {
        this(endpoint, identity, clock, journal, tls, tenant, store, delivery, tokens, FaultPlan.none(identity, clock));
    }
}
