package dev.o365emulator.server.tenant;

import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import static dev.o365emulator.server.tenant.DefaultTenant.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.AuthDecision.Allowed;
import dev.o365emulator.server.tenant.AuthDecision.Reason;
import dev.o365emulator.server.tenant.AuthDecision.Refused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TenantAuthenticationTest {
    private final Tenant tenant = Tenant.withDefaults(MutableClock.at("2026-03-01T10:00:00Z"));

    private Reason refusal(Protocol p, String login, String password) {
        AuthDecision d = tenant.authenticateBasic(p, login, password);
        assertThat(d).isInstanceOf(Refused.class);
        return ((Refused) d).reason();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void defaultUsersSignInWithTheirDocumentedPasswords(Protocol p) {
        AuthDecision d = tenant.authenticateBasic(p, ADELE, ADELE_PASSWORD);
        assertThat(d).isInstanceOfSatisfying(Allowed.class, a -> {
            assertThat(a.user().address()).isEqualTo(ADELE);
            assertThat(a.mailbox().address()).isEqualTo(ADELE);
        });
        assertThat(tenant.authenticateBasic(p, "Alex@Contoso.com", ALEX_PASSWORD)).isInstanceOf(Allowed.class);
    }

    @Test
    void passwordsAreCaseSensitiveAndUnknownUsersLookTheSame() {
        assertThat(refusal(Protocol.SMTP, ADELE, "passw0rd!adele")).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refusal(Protocol.SMTP, "nobody@contoso.com", ADELE_PASSWORD)).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refusal(Protocol.IMAP, ADELE, null)).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refusal(Protocol.IMAP, "not an address", "x")).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void aliasesDoNotSignIn() {
        assertThat(refusal(Protocol.IMAP, "adele.vance@contoso.com", ADELE_PASSWORD)).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void sharedMailboxCannotSignInButFullAccessTrusteeOpensItOverImapAndPop() {
        assertThat(refusal(Protocol.IMAP, INFO, "")).isEqualTo(Reason.BAD_CREDENTIALS);
        AuthDecision d = tenant.authenticateBasic(Protocol.IMAP, ADELE + "\\" + INFO, ADELE_PASSWORD);
        assertThat(d).isInstanceOfSatisfying(Allowed.class, a -> {
            assertThat(a.user().address()).isEqualTo(ADELE);
            assertThat(a.mailbox().address()).isEqualTo(INFO);
        });
        assertThat(tenant.authenticateBasic(Protocol.POP3, ADELE + "\\info", ADELE_PASSWORD))
                .isInstanceOfSatisfying(Allowed.class, a -> assertThat(a.mailbox().address()).isEqualTo(INFO));
        assertThat(refusal(Protocol.IMAP, ALEX + "\\" + INFO, ALEX_PASSWORD)).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(refusal(Protocol.SMTP, ADELE + "\\" + INFO, ADELE_PASSWORD)).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void basicAuthPolicyRefusesBeforeLookingAtThePassword() {
        tenant.update(b -> b.basicAuthBlocked(Protocol.IMAP, true));
        assertThat(refusal(Protocol.IMAP, ADELE, ADELE_PASSWORD)).isEqualTo(Reason.BASIC_AUTH_DISABLED);
        assertThat(refusal(Protocol.IMAP, ADELE, "wrong")).isEqualTo(Reason.BASIC_AUTH_DISABLED);
        assertThat(tenant.authenticateBasic(Protocol.POP3, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
        assertThat(tenant.authenticateBasic(Protocol.SMTP, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
    }

    @Test
    void securityDefaultsRefuseCorrectPasswordsAndEvenAppPasswords() {
        tenant.update(b -> b.securityDefaults(true));
        assertThat(refusal(Protocol.SMTP, ADELE, ADELE_PASSWORD)).isEqualTo(Reason.SECURITY_DEFAULTS);
        assertThat(refusal(Protocol.SMTP, MEGAN, MEGAN_APP_PASSWORD)).isEqualTo(Reason.SECURITY_DEFAULTS);
        assertThat(refusal(Protocol.SMTP, ADELE, "wrong")).isEqualTo(Reason.BAD_CREDENTIALS);
    }

    @Test
    void mfaRequiredRefusesThePasswordButAcceptsAnAppPassword() {
        tenant.updateMailbox(MEGAN, m -> m.mfaRequired(true));
        assertThat(refusal(Protocol.IMAP, MEGAN, MEGAN_PASSWORD)).isEqualTo(Reason.CONDITIONAL_ACCESS);
        assertThat(tenant.authenticateBasic(Protocol.IMAP, MEGAN, MEGAN_APP_PASSWORD)).isInstanceOf(Allowed.class);
    }

    @Test
    void smtpAuthDisabledForTenantRefusesOnlySmtpAndOnlyWithRightCredentials() {
        tenant.update(b -> b.smtpClientAuthenticationDisabled(true));
        assertThat(refusal(Protocol.SMTP, ADELE, ADELE_PASSWORD)).isEqualTo(Reason.SMTP_AUTH_DISABLED_FOR_TENANT);
        assertThat(refusal(Protocol.SMTP, ADELE, "wrong")).isEqualTo(Reason.BAD_CREDENTIALS);
        assertThat(tenant.authenticateBasic(Protocol.IMAP, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
    }

    @Test
    void mailboxSettingWinsOverTheTenantSetting() {
        tenant.update(b -> b.smtpClientAuthenticationDisabled(true));
        tenant.updateMailbox(ALEX, m -> m.smtpClientAuthentication(SmtpClientAuthentication.ENABLED));
        assertThat(tenant.authenticateBasic(Protocol.SMTP, ALEX, ALEX_PASSWORD)).isInstanceOf(Allowed.class);

        tenant.update(b -> b.smtpClientAuthenticationDisabled(false));
        tenant.updateMailbox(ALEX, m -> m.smtpClientAuthentication(SmtpClientAuthentication.DISABLED));
        assertThat(refusal(Protocol.SMTP, ALEX, ALEX_PASSWORD)).isEqualTo(Reason.SMTP_AUTH_DISABLED_FOR_MAILBOX);
    }

    @Test
    void imapAndPopCanBeDisabledPerMailbox() {
        tenant.updateMailbox(ADELE, m -> m.imapEnabled(false));
        assertThat(refusal(Protocol.IMAP, ADELE, ADELE_PASSWORD)).isEqualTo(Reason.PROTOCOL_DISABLED);
        assertThat(tenant.authenticateBasic(Protocol.POP3, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
        tenant.updateMailbox(ADELE, m -> m.popEnabled(false));
        assertThat(refusal(Protocol.POP3, ADELE, ADELE_PASSWORD)).isEqualTo(Reason.PROTOCOL_DISABLED);
        assertThat(tenant.authenticateBasic(Protocol.SMTP, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
    }

    @Test
    void tokenLoginSkipsPasswordPoliciesButHonoursProtocolSwitchesAndFullAccess() {
        tenant.update(b -> b.securityDefaults(true).basicAuthBlocked(Protocol.SMTP, true));
        assertThat(tenant.authenticateToken(Protocol.SMTP, ADELE, ADELE)).isInstanceOf(Allowed.class);
        assertThat(tenant.authenticateToken(Protocol.IMAP, ADELE, INFO)).isInstanceOf(Allowed.class);
        assertThat(tenant.authenticateToken(Protocol.IMAP, ALEX, INFO)).isEqualTo(new Refused(Reason.BAD_CREDENTIALS));
        tenant.update(b -> b.smtpClientAuthenticationDisabled(true));
        assertThat(tenant.authenticateToken(Protocol.SMTP, ADELE, ADELE))
                .isEqualTo(new Refused(Reason.SMTP_AUTH_DISABLED_FOR_TENANT));
    }

    @Test
    void eachProtocolRendersTheDecisionInOffice365Words() {
        assertThat(smtp(Reason.SMTP_AUTH_DISABLED_FOR_TENANT)).isEqualTo("535 5.7.139 Authentication"
                + " unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit"
                + " https://aka.ms/smtp_auth_disabled for more information.");
        assertThat(smtp(Reason.BAD_CREDENTIALS)).isEqualTo("535 5.7.3 Authentication unsuccessful");
        assertThat(smtp(Reason.BASIC_AUTH_DISABLED))
                .isEqualTo("535 5.7.139 Authentication unsuccessful, basic authentication is disabled.");
        assertThat(imap(Reason.BAD_CREDENTIALS, "LOGIN")).isEqualTo("LOGIN failed.");
        assertThat(imap(Reason.SECURITY_DEFAULTS, "AUTHENTICATE")).isEqualTo("AUTHENTICATE failed.");
        assertThat(AuthRefusals.imapAcceptsThenDisconnects(Reason.PROTOCOL_DISABLED)).isTrue();
        assertThat(AuthRefusals.of(Reason.PROTOCOL_DISABLED).pop3().text())
                .isEqualTo("Logon failure: unknown user name or bad password.");
        assertThat(smtp(Reason.BASIC_AUTH_RETIRED))
                .isEqualTo("550 5.7.30 Basic authentication is not supported for Client Submission.");
        for (Reason r : Reason.values()) {
            if (r != Reason.BASIC_AUTH_RETIRED) {
                assertThat(smtp(r)).startsWith("535 5.7.");
            }
        }
    }

    @Test
    void resetReturnsToTheConfiguredBaseline() {
        tenant.update(b -> b.securityDefaults(true));
        tenant.reset();
        assertThat(tenant.settings().securityDefaults()).isFalse();
        assertThat(tenant.authenticateBasic(Protocol.SMTP, ADELE, ADELE_PASSWORD)).isInstanceOf(Allowed.class);
    }

    private static String smtp(Reason reason) {
        Office365Reply.Smtp form = AuthRefusals.of(reason).smtp();
        return form.code() + " " + form.enhanced() + " " + form.text();
    }

    private static String imap(Reason reason, String command) {
        return AuthRefusals.of(reason).with(ReplyArgs.of("command", command)).imap().text();
    }
}
