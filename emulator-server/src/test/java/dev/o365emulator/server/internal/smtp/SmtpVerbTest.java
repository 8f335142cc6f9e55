package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.smtp.SmtpCommand;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The table of commands: which verb is which, where each is valid, what it gets out of sequence. */
class SmtpVerbTest {

    @Test
    void knownVerbsMapToThemselvesAndEverythingElseIsUnrecognised() {
        for (SmtpVerb verb : SmtpVerb.values()) {
            if (verb != SmtpVerb.UNRECOGNISED) {
                assertThat(SmtpVerb.of(SmtpCommand.valueOf(verb.name().toLowerCase()))).isSameAs(verb);
            }
        }
        assertThat(SmtpVerb.of(SmtpCommand.EXPN)).isSameAs(SmtpVerb.UNRECOGNISED);
        assertThat(SmtpVerb.of(SmtpCommand.HELP)).isSameAs(SmtpVerb.UNRECOGNISED);
        assertThat(SmtpVerb.of(SmtpCommand.valueOf("XYZZY"))).isSameAs(SmtpVerb.UNRECOGNISED);
    }

    @Test
    void noCommandIsValidWhileASaslAnswerIsAwaitedOrTheSessionCloses() {
        assertThat(Arrays.stream(SmtpVerb.values()).filter(v -> v.validIn(SmtpState.AUTH) || v.validIn(SmtpState.CLOSING)))
                .isEmpty();
    }

    @Test
    void theTransactionCommandsAreValidOnlyInTheirPlaceOfTheDialogue() {
        assertThat(validStates(SmtpVerb.MAIL)).containsExactly(SmtpState.GREETED);
        assertThat(validStates(SmtpVerb.RCPT)).containsExactly(SmtpState.MAIL, SmtpState.RCPT);
        assertThat(validStates(SmtpVerb.DATA)).containsExactly(SmtpState.RCPT);
        assertThat(validStates(SmtpVerb.BDAT)).containsExactly(SmtpState.RCPT, SmtpState.CONTENT);
        assertThat(validStates(SmtpVerb.STARTTLS)).doesNotContain(SmtpState.CONNECTED);
        assertThat(validStates(SmtpVerb.AUTH)).doesNotContain(SmtpState.CONNECTED);
        assertThat(validStates(SmtpVerb.EHLO)).contains(SmtpState.CONNECTED, SmtpState.CONTENT);
    }

    @Test
    void outOfSequenceEachCommandGetsExchangesReplyForWhatIsMissing() {
        assertThat(SmtpVerb.MAIL.outOfSequence(SmtpState.CONNECTED)).isSameAs(SmtpCatalogue.SEND_HELLO_FIRST);
        assertThat(SmtpVerb.MAIL.outOfSequence(SmtpState.RCPT)).isSameAs(SmtpCatalogue.SENDER_ALREADY_SPECIFIED);
        assertThat(SmtpVerb.STARTTLS.outOfSequence(SmtpState.CONNECTED)).isSameAs(SmtpCatalogue.SEND_HELLO_FIRST);
        assertThat(SmtpVerb.RCPT.outOfSequence(SmtpState.GREETED)).isSameAs(SmtpCatalogue.NEED_MAIL);
        assertThat(SmtpVerb.RCPT.outOfSequence(SmtpState.CONTENT)).isSameAs(SmtpCatalogue.BAD_SEQUENCE);
        assertThat(SmtpVerb.DATA.outOfSequence(SmtpState.GREETED)).isSameAs(SmtpCatalogue.NEED_MAIL);
        assertThat(SmtpVerb.DATA.outOfSequence(SmtpState.MAIL)).isSameAs(SmtpCatalogue.NEED_RCPT);
        assertThat(SmtpVerb.DATA.outOfSequence(SmtpState.CONTENT)).isSameAs(SmtpCatalogue.BAD_SEQUENCE);
        assertThat(SmtpVerb.BDAT.outOfSequence(SmtpState.MAIL)).isSameAs(SmtpCatalogue.NEED_RCPT);
    }

    @Test
    void theCommandsWithAStageOfTheirOwnDoNotReportTheCommandStageFirst() {
        assertThat(Arrays.stream(SmtpVerb.values()).filter(v -> !v.reportsCommandStage()))
                .containsExactlyInAnyOrder(SmtpVerb.STARTTLS, SmtpVerb.AUTH, SmtpVerb.MAIL, SmtpVerb.RCPT, SmtpVerb.QUIT);
    }

    private static EnumSet<SmtpState> validStates(SmtpVerb verb) {
        EnumSet<SmtpState> states = EnumSet.noneOf(SmtpState.class);
        for (SmtpState state : SmtpState.values()) {
            if (verb.validIn(state)) {
                states.add(state);
            }
        }
        return states;
    }
}
