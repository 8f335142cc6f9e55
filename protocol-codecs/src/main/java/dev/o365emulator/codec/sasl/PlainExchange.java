package dev.o365emulator.codec.sasl;

/**
 * SASL PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}, sent as the initial
 * response or after an empty challenge.
 */
public final class PlainExchange extends SingleMessageExchange {

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
    SaslStep interpret(String message) {
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
