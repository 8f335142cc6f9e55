package dev.o365emulator.server.internal.smtp;

import static dev.o365emulator.server.internal.smtp.SmtpState.CONNECTED;
import static dev.o365emulator.server.internal.smtp.SmtpState.CONTENT;
import static dev.o365emulator.server.internal.smtp.SmtpState.GREETED;

import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The commands the SMTP session knows, each with its handler, the states it is valid in, the reply
 * to it out of sequence, and whether it reports the {@code command} stage before anything else.
 *
 * <p>Named apart from the codec's {@link SmtpCommand} (the verb on the wire, unknown ones included):
 * this is what the server does with it. EXPN, HELP and every unknown verb are {@link #UNRECOGNISED}.
 */
enum SmtpVerb {
    EHLO(new EhloHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    HELO(new EhloHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    STARTTLS(new StartTlsHandler(), false, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    AUTH(new AuthHandler(), false, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    MAIL(new MailHandler(), false, GREETED),
    // Not between BDAT chunks: the content so far belongs to the envelope it was sent under.
    RCPT(new RcptHandler(), false, SmtpState.MAIL, SmtpState.RCPT),
    DATA(new DataHandler(), true, SmtpState.RCPT),
    BDAT(new BdatHandler(), true, SmtpState.RCPT, CONTENT),
    RSET(new RsetHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    NOOP(new NoopHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    VRFY(new VrfyHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    QUIT(new QuitHandler(), false, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT),
    /** EXPN, HELP (Exchange implements neither) and any verb nobody defined. */
    UNRECOGNISED(new UnrecognisedHandler(), true, CONNECTED, GREETED, SmtpState.MAIL, SmtpState.RCPT, CONTENT);

    private static final Map<String, SmtpVerb> BY_NAME = Arrays.stream(values()).filter(v -> v != UNRECOGNISED)
            .collect(Collectors.toUnmodifiableMap(SmtpVerb::name, Function.identity()));

    private final SmtpCommandHandler handler;
    private final boolean commandStage;
    private final Set<SmtpState> validIn;

    SmtpVerb(SmtpCommandHandler handler, boolean commandStage, SmtpState first, SmtpState... rest) {
        this.handler = handler;
        this.commandStage = commandStage;
        this.validIn = EnumSet.of(first, rest);
    }

    /** The verb of a decoded command. */
    static SmtpVerb of(SmtpCommand command) {
        return BY_NAME.getOrDefault(command.name(), UNRECOGNISED);
    }

    SmtpCommandHandler handler() {
        return handler;
    }

    /**
     * Whether the session asks the scenario about the {@code command} stage as soon as the command
     * arrives, before its state and syntax are checked; the others report a stage of their own
     * once their checks pass.
     */
    boolean reportsCommandStage() {
        return commandStage;
    }

    boolean validIn(SmtpState state) {
        return validIn.contains(state);
    }

    /** What Exchange answers this command in a state it is not valid in. */
    Office365Reply outOfSequence(SmtpState state) {
        return switch (this) {
            case STARTTLS, AUTH -> SmtpCatalogue.SEND_HELLO_FIRST;
            case MAIL -> state == CONNECTED ? SmtpCatalogue.SEND_HELLO_FIRST : SmtpCatalogue.SENDER_ALREADY_SPECIFIED;
            case RCPT -> state == CONTENT ? SmtpCatalogue.BAD_SEQUENCE : SmtpCatalogue.NEED_MAIL;
            case DATA, BDAT -> state == SmtpState.MAIL ? SmtpCatalogue.NEED_RCPT
                    : state == CONTENT ? SmtpCatalogue.BAD_SEQUENCE : SmtpCatalogue.NEED_MAIL;
            // Never reached: valid in every state in which a command line is read at all.
            default -> SmtpCatalogue.BAD_SEQUENCE;
        };
    }
}
