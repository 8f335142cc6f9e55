package dev.o365emulator.scenarios;

/**
 * The {@code then:} of a rule: a reply (own text or an Office 365 {@link Preset}), a delay, a
 * {@link Fault}, or a delay followed by one of the others.
 *
 * <pre>{@code
 * then: {reply: {code: 451, enhanced: 4.7.500, text: "Server busy. Please try again later from [{clientIp}]."}}
 * then: {preset: sendas-denied}
 * then: {delay: {min: 200, max: 1500}}
 * then: {fault: throttle, bytesPerSecond: 64}
 * then: {reply: {code: 421, enhanced: 4.3.2, text: "Service not available"}, fault: close}
 * }</pre>
 *
 * @param bytesPerSecond the rate of {@code fault: throttle}
 */
public record Then(Reply reply, String preset, Delay delay, Fault fault, Integer bytesPerSecond) {

    /** The preset named by {@link #preset()}, if any (the loader has checked the name). */
    public java.util.Optional<Preset> presetValue() {
        return preset == null ? java.util.Optional.empty() : Preset.byId(preset);
    }
}
