package dev.o365emulator.scenarios.tenant;

/** A {@code tenant:} section that cannot be read, with where in the text the problem is. */
public final class TenantSectionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public TenantSectionException(String message, int line, int column, Throwable cause) {
        super(message + (line > 0 ? " (line " + line + ", column " + column + ")" : ""), cause);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the problem, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or -1 when unknown. */
    public int column() {
        return column;
    }
}
