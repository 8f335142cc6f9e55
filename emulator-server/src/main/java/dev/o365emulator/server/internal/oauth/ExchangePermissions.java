package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.Protocol;
import java.util.Set;

/**
 * Exchange Online's permissions for the mail protocols and the resource identifiers tokens name, as
 * Microsoft Learn's "Authenticate an IMAP, POP or SMTP connection using OAuth" lists them.
 */
public final class ExchangePermissions {

    /** The {@code aud} of delegated tokens: the resource MSAL's scopes {@code https://outlook.office.com/…} name. */
    public static final String DELEGATED_AUDIENCE = "https://outlook.office.com";
    /** The {@code aud} of app-only tokens, requested with scope {@code https://outlook.office365.com/.default}. */
    public static final String APP_AUDIENCE = "https://outlook.office365.com";
    /** Exchange Online's application id, which AADSTS texts name as the resource. */
    public static final String EXCHANGE_APP_ID = "00000002-0000-0ff1-ce00-000000000000";
    /** Resource URIs that name Exchange Online in a scope; {@code ps.outlook.com} is the admin-consent one. */
    public static final Set<String> EXCHANGE_RESOURCES = Set.of("https://outlook.office.com",
            "https://outlook.office365.com", "https://ps.outlook.com", EXCHANGE_APP_ID);
    /** The audiences Exchange accepts on the mail protocols. */
    public static final Set<String> ACCEPTED_AUDIENCES = Set.of(DELEGATED_AUDIENCE, APP_AUDIENCE, EXCHANGE_APP_ID,
            "https://outlook.office.com/", "https://outlook.office365.com/");
    /** Microsoft Graph: what a bare scope ({@code IMAP.AccessAsUser.All} without resource) means. */
    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";

    public static final String IMAP_DELEGATED = "IMAP.AccessAsUser.All";
    public static final String POP_DELEGATED = "POP.AccessAsUser.All";
    public static final String SMTP_DELEGATED = "SMTP.Send";
    public static final String IMAP_APP = "IMAP.AccessAsApp";
    public static final String POP_APP = "POP.AccessAsApp";
    public static final String SMTP_APP = "SMTP.SendAsApp";

    /** Delegated permissions Exchange Online defines that matter here (plus EWS, which some clients also ask for). */
    public static final Set<String> DELEGATED = Set.of(IMAP_DELEGATED, POP_DELEGATED, SMTP_DELEGATED,
            "EWS.AccessAsUser.All");
    /** Application permissions Exchange Online defines that matter here. */
    public static final Set<String> APPLICATION = Set.of(IMAP_APP, POP_APP, SMTP_APP, "full_access_as_app");

    private ExchangePermissions() {
    }

    /** The delegated permission ({@code scp}) a protocol requires. */
    public static String delegatedFor(Protocol protocol) {
        return switch (protocol) {
            case IMAP -> IMAP_DELEGATED;
            case POP3 -> POP_DELEGATED;
            case SMTP -> SMTP_DELEGATED;
        };
    }

    /** The application permission ({@code roles}) a protocol requires. */
    public static String applicationFor(Protocol protocol) {
        return switch (protocol) {
            case IMAP -> IMAP_APP;
            case POP3 -> POP_APP;
            case SMTP -> SMTP_APP;
        };
    }
}
