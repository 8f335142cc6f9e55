package dev.o365emulator.scenarios;

/** A scenario file that cannot be used, with where the problem is: file, line, column and rule id. */
public final class ScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String ruleId;

    public ScenarioException(String source, int line, int column, String ruleId, String message, Throwable cause) {
        super(format(source, line, column, ruleId, message), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.ruleId = ruleId;
    }

    private static String format(String source, int line, int column, String ruleId, String message) {
        StringBuilder s = new StringBuilder(source == null ? "<scenario>" : source);
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        if (ruleId != null) {
            s.append(" rule '").append(ruleId).append('\'');
        }
        return s.append(": ").append(message).toString();
    }

    /** The file (or built-in name) the scenario came from. */
    public String source() {
        return source;
    }

    /** 1-based line, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or -1 when unknown. */
    public int column() {
        return column;
    }

    /** The id of the rule at fault, or null when the problem is outside the rules. */
    public String ruleId() {
        return ruleId;
    }
}
