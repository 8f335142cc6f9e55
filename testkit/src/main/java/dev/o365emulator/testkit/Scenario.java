package dev.o365emulator.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test (or every test of a class) under a scenario, and restores the scenario that was
 * active before once the test ends.
 *
 * <pre>{@code
 * @Test
 * @Scenario("sendas-denied")
 * void reportsSendAsDenied(O365Emulator emulator) {
 *     // Transport.send(...) now fails with 554 5.2.252 SendAsDenied; …
 * }
 * }</pre>
 *
 * <p>The value is a built-in scenario's name ({@code o365-emulator scenarios} lists them, e.g.
 * {@code basic-auth-disabled}, {@code port-587-blocked}), a resource on the test class path
 * ({@code scenarios/flaky.yaml}), or a file path. A method's annotation wins over its class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface Scenario {

    /** A built-in name, a class-path resource or a file. */
    String value();
}
