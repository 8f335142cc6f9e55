package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Listener;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.ScenarioControl;
import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.Trust;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the console serves: the emulator's public API and nothing else (the console reaches no
 * internal class but its own).
 *
 * @param listeners what stands at each endpoint's port now
 * @param identity the identity platform's address, when it is served
 * @param bindAddress the address every listener binds
 * @param portPlan the plan the ports came from
 */
public record ConsoleBackend(Mail mail, Sessions sessions, ScenarioControl scenario, TenantControl tenant,
        Trust trust, Tokens tokens, Supplier<List<Listener>> listeners, Supplier<Optional<InetSocketAddress>> identity,
        InetAddress bindAddress, PortPlan portPlan) {

    public ConsoleBackend {
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(portPlan, "portPlan");
    }
}
