package dev.o365emulator.server.internal.net;

/**
 * The emulator's connections against its limits, at one moment.
 *
 * @param open connections held open now, on every endpoint (the identity endpoint included)
 * @param refused connections refused since the start because a limit was reached
 * @param maxConnections the most connections held open at once
 * @param maxPerAddress the most connections held open at once from one client IP address
 */
public record ConnectionCounts(int open, long refused, int maxConnections, int maxPerAddress) {
}
