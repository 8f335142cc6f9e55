package dev.o365emulator.codec.sasl;

import java.nio.charset.StandardCharsets;

/**
 * SASL LOGIN (draft-murchison-sasl-login): the server asks {@code Username:} then
 * {@code Password:}; a client may send the user name as the initial response and skip the first
 * prompt.
 */
public final class LoginExchange implements SaslExchange {

    /** base64 of {@code Username:}: the prompt Office 365 sends, and the only one some clients (neomutt) accept. */
    public static final String USERNAME_PROMPT = "VXNlcm5hbWU6";
    /** base64 of {@code Password:}. */
    public static final String PASSWORD_PROMPT = "UGFzc3dvcmQ6";

    private static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private enum Stage { NEW, USER, PASSWORD, DONE }

    private Stage stage = Stage.NEW;
    private String user;

    LoginExchange() {
    }

    @Override
    public SaslMechanism mechanism() {
        return SaslMechanism.LOGIN;
    }

    @Override
    public SaslStep start() {
        requireStage(Stage.NEW);
        stage = Stage.USER;
        return new SaslStep.Challenge(USERNAME);
    }

    @Override
    public SaslStep start(String initialResponse) {
        requireStage(Stage.NEW);
        return takeUser(SaslLines.read(initialResponse, true));
    }

    @Override
    public SaslStep respond(String line) {
        if (stage == Stage.USER) {
            return takeUser(SaslLines.read(line, false));
        }
        requireStage(Stage.PASSWORD);
        stage = Stage.DONE;
        Object read = SaslLines.read(line, false);
        if (read instanceof SaslStep.Failure failure) {
            return failure;
        }
        return new SaslStep.Success(new PasswordCredentials("", user, new String((byte[]) read, StandardCharsets.UTF_8)));
    }

    private SaslStep takeUser(Object read) {
        if (read instanceof SaslStep.Failure failure) {
            stage = Stage.DONE;
            return failure;
        }
        String name = new String((byte[]) read, StandardCharsets.UTF_8);
        if (name.isEmpty()) {
            stage = Stage.DONE;
            return new SaslStep.Failure(SaslFailure.MALFORMED_MESSAGE, "LOGIN user name is empty");
        }
        user = name;
        stage = Stage.PASSWORD;
        return new SaslStep.Challenge(PASSWORD);
    }

    private void requireStage(Stage expected) {
        if (stage != expected) {
            throw new IllegalStateException("LOGIN exchange is at " + stage + ", not " + expected);
        }
    }
}
