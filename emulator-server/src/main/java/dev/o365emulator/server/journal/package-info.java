/**
 * Values of the emulator's session journal ({@link dev.o365emulator.server.Sessions}): read-only
 * views of connections, their transcript lines, TLS details, fired scenario rules, and listeners.
 */
package dev.o365emulator.server.journal;
