package dev.o365emulator.server.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An application registered in the tenant (Entra ID "App registration" plus its service principal),
 * as the offline identity platform needs it to issue tokens; immutable.
 *
 * <p>Exchange Online's mail protocols accept app-only tokens only for mailboxes the app's service
 * principal was given FullAccess on ({@code New-ServicePrincipal} then {@code Add-MailboxPermission
 * -User <service principal id> -AccessRights FullAccess}); {@link #fullAccess()} lists those mailboxes.
 *
 * @param clientId the application (client) id, a GUID in lower case
 * @param displayName what AADSTS65001 names the app by
 * @param secrets client secret values (not their ids); empty for a public client without secrets
 * @param publicClient whether "Allow public client flows" is on: ROPC and device code without a secret
 * @param delegatedPermissions consented delegated permissions on Exchange Online, e.g.
 *     {@code IMAP.AccessAsUser.All}, {@code POP.AccessAsUser.All}, {@code SMTP.Send}
 * @param applicationPermissions admin-consented application permissions on Exchange Online, e.g.
 *     {@code IMAP.AccessAsApp}, {@code POP.AccessAsApp}, {@code SMTP.SendAsApp}
 * @param servicePrincipalId the object id of the app's service principal: the {@code oid} of its
 *     app-only tokens and the subject the token validator reports for them
 * @param fullAccess mailboxes (primary addresses) the service principal has FullAccess on;
 *     {@value #ALL_MAILBOXES} stands for every mailbox of the tenant
 */
public record AppRegistration(
        String clientId,
        String displayName,
        List<String> secrets,
        boolean publicClient,
        Set<String> delegatedPermissions,
        Set<String> applicationPermissions,
        String servicePrincipalId,
        Set<String> fullAccess) {

    /** The {@link #fullAccess()} entry granting every mailbox of the tenant. */
    public static final String ALL_MAILBOXES = "*";
    public static final int MAX_SECRETS = 16;
    public static final int MAX_PERMISSIONS = 64;

    public AppRegistration {
        clientId = guid(clientId, "clientId");
        servicePrincipalId = guid(servicePrincipalId, "servicePrincipalId");
        displayName = displayName == null ? clientId : displayName;
        secrets = List.copyOf(bounded(secrets == null ? List.of() : secrets, MAX_SECRETS, "secrets"));
        delegatedPermissions = Set.copyOf(bounded(delegatedPermissions == null ? Set.of() : delegatedPermissions,
                MAX_PERMISSIONS, "delegatedPermissions"));
        applicationPermissions = Set.copyOf(bounded(applicationPermissions == null ? Set.of()
                : applicationPermissions, MAX_PERMISSIONS, "applicationPermissions"));
        Set<String> access = new java.util.LinkedHashSet<>();
        for (String a : bounded(fullAccess == null ? Set.of() : fullAccess, Mailbox.MAX_GRANTS, "fullAccess")) {
            access.add(ALL_MAILBOXES.equals(a) ? a : Addresses.normalize(a));
        }
        fullAccess = Set.copyOf(access);
    }

    private static String guid(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        try {
            return UUID.fromString(value.trim()).toString().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a GUID: " + value, e);
        }
    }

    private static <C extends java.util.Collection<String>> C bounded(C values, int max, String name) {
        if (values.size() > max) {
            throw new IllegalArgumentException(name + " holds more than " + max + " entries");
        }
        return values;
    }

    /** Whether {@code secret} is one of the app's client secrets (compared in constant time). */
    public boolean checkSecret(String secret) {
        if (secret == null) {
            return false;
        }
        boolean match = false;
        byte[] given = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (String s : secrets) {
            match |= java.security.MessageDigest.isEqual(given, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return match;
    }

    /** Whether the service principal has FullAccess on this mailbox. */
    public boolean hasFullAccess(String mailboxAddress) {
        return fullAccess.contains(ALL_MAILBOXES) || fullAccess.contains(Addresses.normalize(mailboxAddress));
    }
}
