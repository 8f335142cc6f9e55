package dev.o365emulator.codec.sasl;

import java.nio.charset.StandardCharsets;

/**
 * The shape PLAIN and XOAUTH2 share: the client's one message arrives as the initial response, or
 * as the answer to one empty challenge; the subclass only decides what the message means.
 */
abstract sealed class SingleMessageExchange implements SaslExchange permits PlainExchange, XOAuth2Exchange {

    private boolean awaitingResponse;
    private boolean started;

    @Override
    public final SaslStep start() {
        beginOnce();
        awaitingResponse = true;
        return new SaslStep.Challenge(new byte[0]);
    }

    @Override
    public final SaslStep start(String initialResponse) {
        beginOnce();
        return finish(SaslLines.read(initialResponse, true));
    }

    @Override
    public final SaslStep respond(String line) {
        if (!awaitingResponse) {
            throw new IllegalStateException("no " + mechanism() + " challenge is outstanding");
        }
        awaitingResponse = false;
        return finish(SaslLines.read(line, false));
    }

    /** The outcome for the client's decoded message (UTF-8). */
    abstract SaslStep interpret(String message);

    private void beginOnce() {
        if (started) {
            throw new IllegalStateException("exchange already started");
        }
        started = true;
    }

    private SaslStep finish(Object read) {
        if (read instanceof SaslStep.Failure failure) {
            return failure;
        }
        return interpret(new String((byte[]) read, StandardCharsets.UTF_8));
    }
}
