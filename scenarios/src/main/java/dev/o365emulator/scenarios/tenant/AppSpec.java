package dev.o365emulator.scenarios.tenant;

import java.util.List;

/**
 * One app registration in a scenario's {@code tenant.apps}, for the emulator's OAuth identity
 * platform; it replaces an app with the same client id.
 *
 * <pre>{@code
 * - clientId: 2f1b0c3e-5a6d-4e7f-8a9b-0c1d2e3f4a5b
 *   displayName: Mail Fetcher
 *   secrets: [s3cret~value]
 *   publicClient: false                      # "Allow public client flows"
 *   delegatedPermissions: [IMAP.AccessAsUser.All]
 *   applicationPermissions: [IMAP.AccessAsApp]
 *   fullAccess: [info@contoso.com]           # mailboxes its service principal may open; "*" = all
 * }</pre>
 *
 * @param servicePrincipalId the service principal's object id; absent: derived from the client id
 */
public record AppSpec(
        String clientId,
        String displayName,
        List<String> secrets,
        Boolean publicClient,
        List<String> delegatedPermissions,
        List<String> applicationPermissions,
        String servicePrincipalId,
        List<String> fullAccess) {

    public AppSpec {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("an app needs a clientId");
        }
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        delegatedPermissions = delegatedPermissions == null ? List.of() : List.copyOf(delegatedPermissions);
        applicationPermissions = applicationPermissions == null ? List.of() : List.copyOf(applicationPermissions);
        fullAccess = fullAccess == null ? List.of() : List.copyOf(fullAccess);
    }
}
