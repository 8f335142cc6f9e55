package dev.o365emulator.scenarios;

/**
 * A pause before the rule's reply or fault, or before the session goes on: {@code {millis: 500}}
 * or a uniform range {@code {min: 100, max: 2000}} drawn from the scenario's seeded generator.
 */
public record Delay(Long millis, Long min, Long max) {

    /** Longest delay a scenario may ask for, so a typo cannot hang a test for hours. */
    public static final long MAX_MILLIS = 10 * 60 * 1000L;
}
