package dev.o365emulator.testkit;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Severity;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against an in-process Office 365 emulator on ephemeral ports, started once
 * for the class (and its {@code @Nested} classes) and reset before each test.
 *
 * <pre>{@code
 * @O365EmulatorTest
 * class InvoiceMailerTest {
 *     @Test
 *     void sendsTheInvoice(O365Emulator emulator) throws Exception {
 *         InvoiceMailer mailer = new InvoiceMailer(emulator.mail().session(Endpoint.SUBMISSION));
 *         mailer.send("alex@contoso.com");
 *         assertThat(emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0))
 *                 .hasSubject("Your invoice");
 *     }
 * }
 * }</pre>
 *
 * <p>An {@link O365Emulator} parameter is injected into test methods, constructors and lifecycle
 * methods. For more control (tenant settings, clock, pre-loaded mail), register an
 * {@link O365EmulatorExtension} built with {@link O365EmulatorExtension#builder()} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(O365EmulatorExtension.class)
public @interface O365EmulatorTest {

    /**
     * Exactly the endpoints to start; when empty, the seven on by default, and {@code hve} when the
     * starting scenario's tenant has HVE accounts.
     */
    Endpoint[] endpoints() default {};

    /** When the class-wide emulator is reset; before each test by default. */
    Reset reset() default Reset.BEFORE_EACH;

    /**
     * The scenario the emulator starts with: a built-in name, a class-path resource or a file;
     * Office 365's own ({@code office365}: port 465 not served) when empty. {@link Scenario} switches
     * it for one test or class.
     */
    String scenario() default "";

    /**
     * Fails each test after which a session of the emulator holds a client-behaviour finding of this
     * severity or worse ({@code failOnFindings = Severity.ERROR}: anything that will fail against
     * Office 365); none when empty. Only the sessions opened during the test count.
     */
    Severity[] failOnFindings() default {};
}
