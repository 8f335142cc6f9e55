package dev.o365emulator.codec.sasl;

import java.nio.charset.StandardCharsets;

/**
 * SASL PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}, sent as the initial
 * response or after an empty challenge.
 */
public final class PlainExchange implements SaslExchange {

    private boolean awaitingResponse;
    private boolean done;

    PlainExchange() {
    }

    /** The base64 initial response a client sends for these credentials (for tests and tools). */
    public static String clientResponse(String authorizationId, String user, String password) {
        return SaslBase64.encode(authorizationId + '\0' + user + '\0' + password);
    }

    @Override
    public SaslMechanism mechanism() {
        return SaslMechanism.PLAIN;
    }

    @Override
    public SaslStep start() {
        beginOnce();
        awaitingResponse = true;
        return new SaslStep.Challenge(new byte[0]);
    }

    @Override
    public SaslStep start(String initialResponse) {
        beginOnce();
        return finish(SaslLines.read(initialResponse, true));
    }

    @Override
    public SaslStep respond(String line) {
        if (!awaitingResponse) {
            throw new IllegalStateException("no PLAIN challenge is outstanding");
        }
        awaitingResponse = false;
        return finish(SaslLines.read(line, false));
    }

    private void beginOnce() {
        if (done) {
            throw new IllegalStateException("exchange already started");
        }
        done = true;
    }

    private static SaslStep finish(Object read) {
        if (read instanceof SaslStep.Failure failure) {
            return failure;
        }
        String message = new String((byte[]) read, StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            return new SaslStep.Failure(SaslFailure.MALFORMED_MESSAGE, "PLAIN needs exactly two NUL separators");
        }
        String user = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (user.isEmpty()) {
            return new SaslStep.Failure(SaslFailure.MALFORMED_MESSAGE, "PLAIN authcid is empty");
        }
        if (password.isEmpty()) {
            return new SaslStep.Failure(SaslFailure.MALFORMED_MESSAGE, "PLAIN password is empty");
        }
        return new SaslStep.Success(new PasswordCredentials(message.substring(0, first), user, password));
    }
}
