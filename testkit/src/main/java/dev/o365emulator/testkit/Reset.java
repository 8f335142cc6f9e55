package dev.o365emulator.testkit;

/** When a class-wide emulator is put back to its start state. */
public enum Reset {
    /** Before every test: mail, tenant knobs, tokens and journal start fresh (the default). */
    BEFORE_EACH,
    /** Never: tests of the class see each other's mail and changes (needed for concurrent test methods). */
    NEVER
}
