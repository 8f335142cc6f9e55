package dev.o365emulator.server.internal.console;

/** Thrown by a route to answer with a problem document instead of its usual response. */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    /** The document to answer with. */
    public Problem problem() {
        return problem;
    }
}
