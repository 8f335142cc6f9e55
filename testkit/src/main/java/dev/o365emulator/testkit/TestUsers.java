package dev.o365emulator.testkit;

import dev.o365emulator.server.tenant.DefaultTenant;

/** The users of the emulator's default tenant, and the built-in scenarios' HVE accounts, with their passwords. */
public final class TestUsers {

    /** A user's sign-in address and password. */
    public record User(String address, String password) {
        @Override
        public String toString() {
            return address;
        }
    }

    /** Adele Vance: FullAccess and SendAs on the shared mailbox {@link #INFO}. */
    public static final User ADELE = new User(DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
    /** Alex Wilber: SendOnBehalf of Megan. */
    public static final User ALEX = new User(DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD);
    /** Megan Bowen: also has an app password, {@link #MEGAN_APP_PASSWORD}. */
    public static final User MEGAN = new User(DefaultTenant.MEGAN, DefaultTenant.MEGAN_PASSWORD);
    /** Megan's app password (passes MFA/conditional access for basic auth). */
    public static final String MEGAN_APP_PASSWORD = DefaultTenant.MEGAN_APP_PASSWORD;
    /** The shared mailbox {@code info@contoso.com}; it has no password of its own. */
    public static final String INFO = DefaultTenant.INFO;
    /** The distribution group {@code team@contoso.com} (Adele, Alex, Megan). */
    public static final String TEAM = DefaultTenant.TEAM;
    /**
     * The High Volume Email account {@code notifications@contoso.com} of the built-in
     * {@code high-volume-email} scenario: it signs in on {@code Endpoint.HVE} only.
     */
    public static final User HVE_NOTIFICATIONS = new User("notifications@contoso.com", "Hve!Notify1");
    /** The second HVE account of the {@code high-volume-email} scenario, {@code reports@contoso.com}. */
    public static final User HVE_REPORTS = new User("reports@contoso.com", "Hve!Report1");

    private TestUsers() {}
}
