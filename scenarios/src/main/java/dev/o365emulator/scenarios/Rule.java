package dev.o365emulator.scenarios;

/** One fault rule of a scenario: {@code when} an event matches, {@code then} this happens. */
public record Rule(String id, When when, Then then) {

    public Rule {
        when = when == null ? When.always() : when;
    }
}
