package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Mail;
import dev.o365emulator.server.ScenarioControl;
import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.Trust;

/** The public interfaces of one running emulator, each over the runtime's parts. */
public record Api(Trust trust, Mail mail, Sessions sessions, ScenarioControl scenario, TenantControl tenant,
        Tokens tokens) {
}
