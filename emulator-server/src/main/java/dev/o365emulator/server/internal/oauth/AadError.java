package dev.o365emulator.server.internal.oauth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An error of the identity platform's token endpoint, in Microsoft's JSON shape: {@code error},
 * {@code error_description} starting {@code AADSTS<code>: <text>} and ending with trace id,
 * correlation id and timestamp, {@code error_codes}, {@code timestamp}, {@code trace_id},
 * {@code correlation_id}, {@code error_uri}. Texts are Microsoft's, as clients print them.
 *
 * @param status HTTP status: 400, or 401 for {@code invalid_client}
 * @param error the OAuth error code, e.g. {@code invalid_grant}
 * @param code the AADSTS number
 * @param text the description after {@code AADSTS<code>: }
 * @param suberror Microsoft's {@code suberror} ({@code consent_required}, {@code basic_action}), or null
 */
public record AadError(int status, String error, int code, String text, String suberror) {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    static AadError missingParameter(String name) {
        return new AadError(400, "invalid_request", 900144,
                "The request body must contain the following parameter: '" + name + "'.", null);
    }

    /**
     * A request the endpoint cannot decode, such as a bad percent-escape ({@code grant_type=%zz}).
     * Entra ID's answer to it is not captured; this is its generic text for a malformed request.
     */
    static AadError malformedRequest() {
        return new AadError(400, "invalid_request", 9002313, "Invalid request. Request is malformed or invalid.", null);
    }

    static AadError unsupportedGrant(String grant) {
        return new AadError(400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '" + grant + "'.", null);
    }

    static AadError tenantNotFound(String tenant) {
        return new AadError(400, "invalid_request", 90002, "Tenant '" + tenant + "' not found. Check to make sure you"
                + " have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
                + " administrator, this may happen if there are no active subscriptions for the tenant.", null);
    }

    static AadError unknownClient(String clientId, String directory) {
        return new AadError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + directory + "'. This can happen if the application has not"
                + " been installed by the administrator of the tenant or consented to by any user in the tenant."
                + " You may have sent your authentication request to the wrong tenant.", null);
    }

    static AadError missingSecret() {
        return new AadError(401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", null);
    }

    static AadError invalidSecret(String clientId) {
        return new AadError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
                + " sent in the request is the client secret value, not the client secret ID, for a secret added to app '"
                + clientId + "'.", null);
    }

    static AadError invalidCredentials() {
        return new AadError(400, "invalid_grant", 50126,
                "Error validating credentials due to invalid username or password.", null);
    }

    static AadError unknownUser(String directory) {
        // Entra ID hides the user name in this text ("{EUII Hidden}")
        return new AadError(400, "invalid_grant", 50034, "The user account {EUII Hidden} does not exist in the "
                + directory + " directory. To sign into this application, the account must be added to the directory.",
                null);
    }

    static AadError accountDisabled() {
        return new AadError(400, "invalid_grant", 50057, "The user account is disabled.", null);
    }

    static AadError mfaRequired() {
        return new AadError(400, "invalid_grant", 50076, "Due to a configuration change made by your administrator,"
                + " or because you moved to a new location, you must use multi-factor authentication to access '"
                + ExchangePermissions.EXCHANGE_APP_ID + "'.", "basic_action");
    }

    static AadError consentRequired(String clientId, String appName) {
        return new AadError(400, "invalid_grant", 65001, "The user or administrator has not consented to use the"
                + " application with ID '" + clientId + "' named '" + appName + "'. Send an interactive authorization"
                + " request for this user and resource.", "consent_required");
    }

    static AadError scopeNotOnResource(String appName, String scope) {
        return new AadError(400, "invalid_client", 650053, "The application '" + appName + "' asked for scope '"
                + scope + "' that doesn't exist on the resource '" + ExchangePermissions.EXCHANGE_APP_ID
                + "'. Contact the app vendor.", null);
    }

    static AadError invalidScope(String scope) {
        return new AadError(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not"
                + " valid. The scope " + scope + " is not valid.", null);
    }

    static AadError clientCredentialsScope(String scope) {
        return new AadError(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid."
                + " Client credential flows must have a scope value with /.default suffixed to the resource identifier"
                + " (application ID URI).", null);
    }

    static AadError unknownResource(String resource, String directory) {
        return new AadError(400, "invalid_resource", 500011, "The resource principal named " + resource
                + " was not found in the tenant named " + directory + ". This can happen if the application has not"
                + " been installed by the administrator of the tenant or consented to by any user in the tenant. You"
                + " might have sent your authentication request to the wrong tenant.", null);
    }

    static AadError publicClientNotAllowed() {
        return missingSecret();
    }

    static AadError badRefreshToken() {
        return new AadError(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.", null);
    }

    static AadError authorizationPending() {
        return new AadError(400, "authorization_pending", 70016,
                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.", null);
    }

    static AadError deviceCodeExpired() {
        return new AadError(400, "expired_token", 70020,
                "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
                null);
    }

    static AadError badDeviceCode() {
        return new AadError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed.", null);
    }

    /** The JSON body, with fresh trace id, the client's correlation id (or a new one) and the time. */
    public Map<String, Object> body(Instant now, String correlationId) {
        String trace = UUID.randomUUID().toString();
        String correlation = correlationId != null && correlationId.length() <= 64 ? correlationId
                : UUID.randomUUID().toString();
        String timestamp = TIMESTAMP.format(now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put("error_description", "AADSTS" + code + ": " + text + "\r\nTrace ID: " + trace
                + "\r\nCorrelation ID: " + correlation + "\r\nTimestamp: " + timestamp);
        json.put("error_codes", List.of(code));
        json.put("timestamp", timestamp);
        json.put("trace_id", trace);
        json.put("correlation_id", correlation);
        json.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        if (suberror != null) {
            json.put("suberror", suberror);
        }
        return json;
    }
}
