/**
 * Temporary sessions that let every endpoint exercise its greeting, capabilities and TLS upgrade
 * until the real protocol session lands; each is replaced, not kept, by its protocol's issue.
 */
package dev.o365emulator.server.scaffold;
