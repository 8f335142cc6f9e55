package dev.o365emulator.server;

/** The emulator could not start, e.g. because a port could not be bound; nothing is left running. */
public final class EmulatorStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Endpoint endpoint;

    EmulatorStartException(String message, Endpoint endpoint, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    /** The endpoint whose listener failed, if the failure was a bind. */
    public java.util.Optional<Endpoint> endpoint() {
        return java.util.Optional.ofNullable(endpoint);
    }

    /** Whether the cause was a port that was taken or that this user may not bind. */
    public boolean isBindFailure() {
        return endpoint != null;
    }
}
