package dev.o365emulator.server.store;

/**
 * One address of an IMAP ENVELOPE: {@code (name adl mailbox host)}.
 *
 * @param name display name as mime4j decodes it, or {@code null}
 * @param route source route (obsolete), or {@code null}
 */
public record EnvelopeAddress(String name, String route, String mailbox, String host) {
}
