package dev.o365emulator.server;

/**
 * Connections open now and refused so far, against the emulator's limits
 * ({@link Emulator.Builder#maxConnections}, {@link Emulator.Builder#maxConnectionsPerAddress}).
 *
 * @param open connections held open now, every endpoint and the identity endpoint together
 * @param refused connections refused over a limit since the start
 * @param maxConnections the most held open at once
 * @param maxPerAddress the most held open at once from one client IP address
 */
public record ConnectionStats(int open, long refused, int maxConnections, int maxPerAddress) {
}
