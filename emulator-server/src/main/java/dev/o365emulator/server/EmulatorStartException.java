package dev.o365emulator.server;

/** The emulator could not start, e.g. because a port could not be bound; nothing is left running. */
public final class EmulatorStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Endpoint endpoint;
    private final int standardPort;

    /** A failed start, naming the endpoint whose listener could not bind ({@code null} when the failure was not a bind). */
    public EmulatorStartException(String message, Endpoint endpoint, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
        this.standardPort = endpoint == null ? -1 : endpoint.standardPort();
    }

    /** A failed bind of a listener that is not one of the mail {@link Endpoint}s (the identity endpoint). */
    public EmulatorStartException(String message, int standardPort, Throwable cause) {
        super(message, cause);
        this.endpoint = null;
        this.standardPort = standardPort;
    }

    /** The standard port of the listener whose bind failed, or -1 when the failure was not a bind. */
    public int standardPort() {
        return standardPort;
    }

    /** The endpoint whose listener failed, if the failure was a bind. */
    public java.util.Optional<Endpoint> endpoint() {
        return java.util.Optional.ofNullable(endpoint);
    }

    /** Whether the cause was a port that was taken or that this user may not bind. */
    public boolean isBindFailure() {
        return standardPort >= 0;
    }
}
