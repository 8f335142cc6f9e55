package dev.o365emulator.server.tenant;

import java.util.List;
import java.util.UUID;

/**
 * The tenant the emulator starts with, so that it works with zero configuration.
 *
 * <p>Keep this list small and stable: the README and other modules' tests use it.
 *
 * <table>
 *   <caption>Default tenant {@value #DOMAIN} (tenant id {@code c0ff5e65-4e6b-4f2a-9d3e-0b365e0a1a7e})</caption>
 *   <tr><th>address</th><th>password (case-sensitive)</th><th>aliases</th><th>notes</th></tr>
 *   <tr><td>{@value #ADELE}</td><td>{@value #ADELE_PASSWORD}</td><td>{@code adele.vance@contoso.com},
 *       {@code adele@contoso.onmicrosoft.com}</td><td>FullAccess and SendAs on {@value #INFO}</td></tr>
 *   <tr><td>{@value #ALEX}</td><td>{@value #ALEX_PASSWORD}</td><td>{@code alex.wilber@contoso.com},
 *       {@code alex@contoso.onmicrosoft.com}</td><td>SendOnBehalf of {@value #MEGAN}</td></tr>
 *   <tr><td>{@value #MEGAN}</td><td>{@value #MEGAN_PASSWORD}</td><td>{@code megan@contoso.onmicrosoft.com}</td>
 *       <td>app password {@value #MEGAN_APP_PASSWORD}</td></tr>
 *   <tr><td>{@value #INFO}</td><td>none (shared mailbox, sign-in blocked)</td><td>–</td>
 *       <td>reached as {@code adele@contoso.com\info@contoso.com} over IMAP/POP</td></tr>
 *   <tr><td>{@value #TEAM}</td><td>–</td><td>–</td><td>distribution group: adele, alex, megan</td></tr>
 * </table>
 *
 * <p>One app registration, {@value #APP_NAME}: client id {@value #APP_CLIENT_ID}, client secret
 * {@value #APP_SECRET}, public client flows allowed, every delegated ({@code IMAP.AccessAsUser.All},
 * {@code POP.AccessAsUser.All}, {@code SMTP.Send}) and application ({@code IMAP.AccessAsApp},
 * {@code POP.AccessAsApp}, {@code SMTP.SendAsApp}) permission consented, and its service principal
 * ({@value #APP_SERVICE_PRINCIPAL_ID}) holding FullAccess on every mailbox.
 *
 * <p>Accepted domains: {@value #DOMAIN} (default) and {@value #ONMICROSOFT_DOMAIN}. Tenant knobs are
 * permissive: SMTP client authentication enabled, no security defaults, basic auth allowed on every
 * protocol, Office 365's {@link Limits#DEFAULTS limits}, POP3 DELE deletes, no catch-all.
 */
public final class DefaultTenant {
    public static final UUID TENANT_ID = UUID.fromString("c0ff5e65-4e6b-4f2a-9d3e-0b365e0a1a7e");
    public static final String DOMAIN = "contoso.com";
    public static final String ONMICROSOFT_DOMAIN = "contoso.onmicrosoft.com";

    public static final String ADELE = "adele@contoso.com";
    public static final String ADELE_PASSWORD = "Passw0rd!adele";
    public static final String ALEX = "alex@contoso.com";
    public static final String ALEX_PASSWORD = "Passw0rd!alex";
    public static final String MEGAN = "megan@contoso.com";
    public static final String MEGAN_PASSWORD = "Passw0rd!megan";
    public static final String MEGAN_APP_PASSWORD = "qwrtzpmnbvcxlkjh";
    public static final String INFO = "info@contoso.com";
    public static final String TEAM = "team@contoso.com";

    public static final String APP_NAME = "o365-emulator";
    public static final String APP_CLIENT_ID = "5e0a1a7e-0365-4e11-a0c0-c0ff5e65a991";
    public static final String APP_SECRET = "Emu8Q~contoso.client.secret.0365";
    public static final String APP_SERVICE_PRINCIPAL_ID = "5e0a1a7e-0365-4e11-a0c0-5e7b1ce0b1ec";

    private DefaultTenant() {
    }

    /** The default tenant's settings, as documented above. */
    public static TenantSettings settings() {
        return TenantSettings.builder()
                .tenantId(TENANT_ID)
                .acceptedDomains(List.of(DOMAIN, ONMICROSOFT_DOMAIN))
                .mailbox(Mailbox.builder(ADELE).displayName("Adele Vance").password(ADELE_PASSWORD)
                        .alias("adele.vance@contoso.com", "adele@contoso.onmicrosoft.com").build())
                .mailbox(Mailbox.builder(ALEX).displayName("Alex Wilber").password(ALEX_PASSWORD)
                        .alias("alex.wilber@contoso.com", "alex@contoso.onmicrosoft.com").build())
                .mailbox(Mailbox.builder(MEGAN).displayName("Megan Bowen").password(MEGAN_PASSWORD)
                        .appPassword(MEGAN_APP_PASSWORD).alias("megan@contoso.onmicrosoft.com")
                        .sendOnBehalf(ALEX).build())
                .mailbox(Mailbox.builder(INFO).displayName("Contoso Info").shared(true)
                        .fullAccess(ADELE).sendAs(ADELE).build())
                .group(Group.of(TEAM, ADELE, ALEX, MEGAN))
                .app(defaultApp())
                .build();
    }

    /** The default app registration, as documented above. */
    public static AppRegistration defaultApp() {
        return new AppRegistration(APP_CLIENT_ID, APP_NAME, List.of(APP_SECRET), true,
                java.util.Set.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All", "SMTP.Send"),
                java.util.Set.of("IMAP.AccessAsApp", "POP.AccessAsApp", "SMTP.SendAsApp"),
                APP_SERVICE_PRINCIPAL_ID, java.util.Set.of(AppRegistration.ALL_MAILBOXES));
    }
}
