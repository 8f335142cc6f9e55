package dev.o365emulator.server.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that keeps what it is told (every level enabled), for asserting on log lines. */
public final class CapturingLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    /** One logged line: its level, the formatted message and the throwable, if any. */
    public record Entry(Level level, String message, Throwable throwable) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public CapturingLogger() {
        this.name = "capturing";
    }

    /** What was logged so far, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Only the entries at {@code level}. */
    public synchronized List<Entry> at(Level level) {
        return entries.stream().filter(e -> e.level() == level).toList();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        entries.add(new Entry(level, MessageFormatter.basicArrayFormat(pattern, arguments), throwable));
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
