package dev.o365emulator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the modules and packages, checked on the main classes of every module (this
 * module's test class path holds them all): the testkit and the CLI use the server's API only; the
 * codecs, scenarios and certificates know nothing of the server; the server's packages form no cycle.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // Main classes only: not the test classes, nor the server's test jar (its test helpers) in a reactor build.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.o365emulator");
        // The rules below pass vacuously on modules that are not on the class path: make sure they are.
        assertThat(List.of("dev.o365emulator.testkit.O365Emulator", "dev.o365emulator.cli.EmulatorCommand",
                "dev.o365emulator.server.Emulator", "dev.o365emulator.scenarios.Scenario",
                "dev.o365emulator.certs.CertificateBundle", "dev.o365emulator.codec.smtp.SmtpRequestDecoder"))
                .allMatch(classes::contain);
    }

    @Test
    void theTestkitUsesTheServersApiOnly() {
        noClasses().that().resideInAPackage("dev.o365emulator.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.o365emulator.server.internal..",
                        "dev.o365emulator.cli..", "io.netty..")
                .check(classes);
    }

    @Test
    void theCliUsesTheServersApiOnly() {
        noClasses().that().resideInAPackage("dev.o365emulator.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.o365emulator.server.internal..")
                .check(classes);
    }

    @Test
    void nothingOutsideTheServerReachesItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.o365emulator.server..")
                .should().dependOnClassesThat().resideInAPackage("dev.o365emulator.server.internal..")
                .check(classes);
    }

    @Test
    void codecsScenariosAndCertificatesKnowNothingOfTheServer() {
        noClasses().that().resideInAnyPackage("dev.o365emulator.codec..", "dev.o365emulator.scenarios..",
                        "dev.o365emulator.certs..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.o365emulator.server..",
                        "dev.o365emulator.testkit..", "dev.o365emulator.cli..")
                .check(classes);
    }

    @Test
    void theServersPackagesFormNoCycle() {
        slices().matching("dev.o365emulator.server.(**)").should().beFreeOfCycles().check(classes);
    }
}
