package dev.o365emulator.server.internal.session;

import io.netty.channel.Channel;

/**
 * Adds a protocol's codecs and session handler to a freshly accepted connection.
 *
 * <p>The emulator has already put the TLS handler (implicit-TLS endpoints) and the journal's
 * connection recorder at the head of the pipeline; the session finds its journal record with
 * {@code ConnectionRecorder.record(channel)}.
 */
@FunctionalInterface
public interface SessionInitializer {

    void initialize(Channel channel, EndpointContext context);
}
