package dev.o365emulator.codec.sasl;

/**
 * One server-side SASL exchange, a small state machine that knows the mechanism's message format
 * and nothing about users: {@link #start()} or {@link #start(String)}, then {@link #respond(String)}
 * for each line the client sends after a {@link SaslStep.Challenge}, until a
 * {@link SaslStep.Success} or a {@link SaslStep.Failure}.
 *
 * <p>Lines are passed as the client sent them, base64 or {@code *}, without CRLF.
 * Example: {@code SaslMechanism.PLAIN.newExchange().start("AHVzZXIAcGFzcw==")} gives a
 * {@code Success} with {@code PasswordCredentials("", "user", "pass")}.
 */
public sealed interface SaslExchange permits SingleMessageExchange, LoginExchange {

    /** The mechanism this exchange runs. */
    SaslMechanism mechanism();

    /** Starts without an initial response ({@code AUTH PLAIN}). */
    SaslStep start();

    /**
     * Starts with an initial response ({@code AUTH PLAIN <b64>}); {@code "="} stands for an empty one
     * (RFC 4954 §4).
     */
    SaslStep start(String initialResponse);

    /**
     * Takes the client's answer to the last challenge.
     *
     * @throws IllegalStateException if no challenge is outstanding
     */
    SaslStep respond(String line);
}
