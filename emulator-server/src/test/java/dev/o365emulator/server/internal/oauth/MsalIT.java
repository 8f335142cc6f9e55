package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.DefaultTenant;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Microsoft's own Java client library, MSAL4J, against the emulator's authority. */
class MsalIT {

    private static final String IMAP = "https://outlook.office.com/IMAP.AccessAsUser.All";
    private static final String SMTP = "https://outlook.office.com/SMTP.Send";
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults();
    private static SSLSocketFactory trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext().getSocketFactory();
    }

    private static ConfidentialClientApplication confidential(String secret) throws Exception {
        return ConfidentialClientApplication.builder(DefaultTenant.APP_CLIENT_ID,
                        ClientCredentialFactory.createFromSecret(secret))
                .authority(emulator.oauth().authority() + "/")
                .validateAuthority(false)
                .instanceDiscovery(false)
                .sslSocketFactory(trust)
                .build();
    }

    private static PublicClientApplication publicClient(boolean instanceDiscovery) throws Exception {
        return PublicClientApplication.builder(DefaultTenant.APP_CLIENT_ID)
                .authority(emulator.oauth().authority() + "/")
                .validateAuthority(false)
                .instanceDiscovery(instanceDiscovery)
                .sslSocketFactory(trust)
                .build();
    }

    private static IAuthenticationResult password(PublicClientApplication app, String user, String password,
            Set<String> scopes) throws Exception {
        return app.acquireToken(UserNamePasswordParameters.builder(scopes, user, password.toCharArray()).build())
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void clientCredentialsGiveAnAppTokenGoodForImapPopAndSmtp() throws Exception {
        IAuthenticationResult result = confidential(DefaultTenant.APP_SECRET).acquireToken(ClientCredentialParameters
                .builder(Set.of("https://outlook.office365.com/.default")).build()).get(30, TimeUnit.SECONDS);
        String sp = DefaultTenant.APP_SERVICE_PRINCIPAL_ID;
        for (Protocol protocol : Protocol.values()) {
            assertThat(emulator.oauth().validator().validate(protocol, result.accessToken()))
                    .isEqualTo(new TokenDecision.Accepted(sp));
        }
        assertThat(emulator.tenant().authenticateToken(Protocol.IMAP, sp, DefaultTenant.INFO))
                .isInstanceOf(dev.o365emulator.server.internal.tenant.AuthDecision.Allowed.class);
    }

    @Test
    void aWrongClientSecretFailsInMsalWithInvalidClient() {
        assertThatThrownBy(() -> confidential("wrong").acquireToken(ClientCredentialParameters
                .builder(Set.of("https://outlook.office365.com/.default")).build()).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(MsalServiceException.class)
                .hasMessageStartingWith("AADSTS7000215: Invalid client secret provided.")
                .satisfies(e -> assertThat(((MsalServiceException) e).errorCode()).isEqualTo("invalid_client"));
    }

    @Test
    void usernamePasswordGivesAUserTokenForItsScopesOnly() throws Exception {
        IAuthenticationResult result = password(publicClient(false), DefaultTenant.ADELE,
                DefaultTenant.ADELE_PASSWORD, Set.of(IMAP, SMTP));
        assertThat(result.account().username()).isEqualTo(DefaultTenant.ADELE);
        TokenValidator validator = emulator.oauth().validator();
        assertThat(validator.validate(Protocol.IMAP, result.accessToken()))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
        assertThat(validator.validate(Protocol.SMTP, result.accessToken()))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ADELE));
        assertThat(validator.validate(Protocol.POP3, result.accessToken()))
                .isEqualTo(new TokenDecision.NotConnected(DefaultTenant.ADELE,
                        "token lacks the scope POP.AccessAsUser.All"));
    }

    @Test
    void msalWithInstanceDiscoveryAcceptsTheEmulatorAsItsOwnCloud() throws Exception {
        IAuthenticationResult result = password(publicClient(true), DefaultTenant.ALEX,
                DefaultTenant.ALEX_PASSWORD, Set.of("https://outlook.office.com/POP.AccessAsUser.All"));
        assertThat(emulator.oauth().validator().validate(Protocol.POP3, result.accessToken()))
                .isEqualTo(new TokenDecision.Accepted(DefaultTenant.ALEX));
    }

    @Test
    void aWrongPasswordFailsInMsalWithAADSTS50126() {
        assertThatThrownBy(() -> password(publicClient(false), DefaultTenant.ADELE, "wrong", Set.of(IMAP)))
                .hasRootCauseInstanceOf(MsalServiceException.class)
                .rootCause().hasMessageStartingWith(
                        "AADSTS50126: Error validating credentials due to invalid username or password.");
    }
}
