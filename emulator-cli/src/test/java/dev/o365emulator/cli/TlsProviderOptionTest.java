package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.TlsProvider;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --tls-provider}, and the look at the command line that decides whether OpenSSL loads early. */
class TlsProviderOptionTest {

    @Test
    void namesEitherProviderInAnyCase() {
        EmulatorCommand command = new EmulatorCommand();
        new CommandLine(command).parseArgs("--tls-provider", "JDK");
        assertThat(command.tlsProvider).isEqualTo(TlsProvider.JDK);
        new CommandLine(command).parseArgs("--tls-provider=openssl");
        assertThat(command.tlsProvider).isEqualTo(TlsProvider.OPENSSL);
    }

    @Test
    void openSslLoadsEarlyUnlessTheJdksProviderIsNamed() {
        assertThat(EmulatorCommand.asksForJdkTls(new String[] {"--tls-provider", "jdk"})).isTrue();
        assertThat(EmulatorCommand.asksForJdkTls(new String[] {"--ports", "ephemeral", "--tls-provider=JDK"})).isTrue();
        assertThat(EmulatorCommand.asksForJdkTls(new String[] {"--tls-provider", "openssl"})).isFalse();
        assertThat(EmulatorCommand.asksForJdkTls(new String[] {"--tls-provider"})).isFalse();
        assertThat(EmulatorCommand.asksForJdkTls(new String[] {"--scenario", "jdk"})).isFalse();
        assertThat(EmulatorCommand.asksForJdkTls(new String[0])).isFalse();
    }
}
