package dev.o365emulator.server.internal.pop3;

import static dev.o365emulator.server.internal.pop3.Pop3State.AUTHORIZATION;
import static dev.o365emulator.server.internal.pop3.Pop3State.TRANSACTION;

import dev.o365emulator.codec.pop3.Pop3Command;
import dev.o365emulator.scenarios.Stage;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The commands Office 365's POP3 service answers, each with the states it is valid in (RFC 1939), the
 * stage the session reports to the fault plan before its handler runs, and its handler.
 *
 * <p>A command sent in another state is answered {@code -ERR Command is not valid in this state.}
 * and reports nothing, as Office 365's front end answers it alone. STLS, PASS and AUTH report their
 * own stages ({@code starttls}, {@code auth}) from their handlers once their own checks pass. APOP
 * is RFC 1939's, but Exchange never implemented it: to Office 365 it is an unknown command, so it
 * has no constant here.
 */
enum Pop3Verb {
    CAPA(Stage.COMMAND, new CapaHandler(), AUTHORIZATION, TRANSACTION),
    STLS(null, new StlsHandler(), AUTHORIZATION),
    /**
     * Handed to its handler in every state, after the {@code command} stage: the handler refuses it
     * outside a login (as in plain text on 110), so a rule on {@code command: USER} sees every USER.
     */
    USER(Stage.COMMAND, new UserHandler(), AUTHORIZATION, TRANSACTION),
    PASS(null, new PassHandler(), AUTHORIZATION),
    AUTH(null, new AuthHandler(), AUTHORIZATION),
    STAT(Stage.COMMAND, new StatHandler(), TRANSACTION),
    LIST(Stage.COMMAND, new ListHandler(), TRANSACTION),
    UIDL(Stage.COMMAND, new UidlHandler(), TRANSACTION),
    RETR(Stage.COMMAND, new RetrHandler(), TRANSACTION),
    TOP(Stage.COMMAND, new TopHandler(), TRANSACTION),
    DELE(Stage.COMMAND, new DeleHandler(), TRANSACTION),
    RSET(Stage.COMMAND, new RsetHandler(), TRANSACTION),
    NOOP(Stage.COMMAND, new NoopHandler(), TRANSACTION),
    /** The {@code logout} stage comes before UPDATE: a reset or close there deletes nothing. */
    QUIT(Stage.LOGOUT, new QuitHandler(), AUTHORIZATION, TRANSACTION);

    private static final Map<Pop3Command, Pop3Verb> BY_COMMAND = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(v -> Pop3Command.of(v.name()), Function.identity()));

    private final Stage stage;
    private final Pop3CommandHandler handler;
    private final Set<Pop3State> validIn;

    Pop3Verb(Stage stage, Pop3CommandHandler handler, Pop3State first, Pop3State... rest) {
        this.stage = stage;
        this.handler = handler;
        this.validIn = EnumSet.of(first, rest);
    }

    /** The verb of a decoded command; empty for one Office 365 does not know. */
    static Optional<Pop3Verb> of(Pop3Command command) {
        return Optional.ofNullable(BY_COMMAND.get(command));
    }

    boolean validIn(Pop3State state) {
        return validIn.contains(state);
    }

    /** The stage reported before the handler runs, or null when the handler reports its own. */
    Stage stage() {
        return stage;
    }

    Pop3CommandHandler handler() {
        return handler;
    }
}
