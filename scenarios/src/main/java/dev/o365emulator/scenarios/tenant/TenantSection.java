package dev.o365emulator.scenarios.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code tenant:} section of a scenario file: Office 365's admin knobs as data.
 *
 * <p>Every key is optional; what is absent keeps the emulator's default tenant (see the server's
 * {@code DefaultTenant}). Unknown keys are errors, reported with line and column.
 *
 * <pre>{@code
 * tenant:
 *   acceptedDomains: [contoso.com, contoso.onmicrosoft.com]
 *   smtpClientAuthenticationDisabled: true      # Set-TransportConfig
 *   securityDefaults: false
 *   basicAuth: {smtp: allowed, imap: blocked, pop3: blocked}
 *   popDeleteBehaviour: keepCopy                # delete | keepCopy
 *   catchAll: create                            # absent: none; "create"; or an address
 *   smtpAuthPlainAllowed: false                 # not an Office 365 knob: SMTP offers AUTH PLAIN too
 *   rejectDirectSend: true                      # Set-OrganizationConfig -RejectDirectSend $true
 *   basicAuthSmtpSubmission: disabledByDefault  # allowed | disabledByDefault | retired; absent: by date
 *   enforceSendAs: false                        # not an Office 365 knob: accept any sender after AUTH
 *   hveAccounts:                                # High Volume Email accounts; also turns the hve endpoint on
 *     - { address: notifications@contoso.com, password: Hve!Notify1 }
 *   includeDefaultMailboxes: true               # false: only the mailboxes below
 *   limits: {maxRecipientsPerMessage: 500, messagesPerMinute: 30, recipientsPerDay: 10000,
 *            concurrentSubmissions: 3, imapConnectionsPerMailbox: 20,
 *            mailboxQuota: 50 GB,                # every mailbox's ProhibitSendReceiveQuota
 *            hveRecipientsPerDay: 100000}        # per HVE account
 *   mailboxes:
 *     - address: ops@contoso.com
 *       password: S3cret!ops
 *       smtpClientAuthentication: enabled       # wins over the tenant setting
 *   groups:
 *     - address: sales@contoso.com
 *       members: [adele@contoso.com, alex@contoso.com]
 *   apps:                                       # OAuth app registrations, see AppSpec
 *     - clientId: 2f1b0c3e-5a6d-4e7f-8a9b-0c1d2e3f4a5b
 *       secrets: [s3cret~value]
 *       applicationPermissions: [IMAP.AccessAsApp]
 *       fullAccess: [info@contoso.com]
 * }</pre>
 */
public record TenantSection(
        String tenantId,
        List<String> acceptedDomains,
        Boolean includeDefaultMailboxes,
        Boolean smtpClientAuthenticationDisabled,
        Boolean securityDefaults,
        BasicAuthSpec basicAuth,
        List<MailboxSpec> mailboxes,
        List<GroupSpec> groups,
        LimitsSpec limits,
        PopDelete popDeleteBehaviour,
        String catchAll,
        List<AppSpec> apps,
        Boolean smtpAuthPlainAllowed,
        Boolean rejectDirectSend,
        SmtpSubmissionPhase basicAuthSmtpSubmission,
        List<HveAccountSpec> hveAccounts,
        Boolean enforceSendAs) {

    /** The {@code catchAll} value asking for a mailbox to be created for each unknown address. */
    public static final String CATCH_ALL_CREATE = "create";
    /** Largest section text {@link #parse} reads, so a stray file cannot exhaust memory. */
    public static final int MAX_TEXT_LENGTH = 16 * 1024 * 1024;

    /** Built on first parse: an emulator that never reads YAML must not pay for Jackson's start-up. */
    private static final class Mapper {
        static final YAMLMapper INSTANCE = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** A section without HVE accounts and the SendAs switch (the form before they existed). */
    public TenantSection(String tenantId, List<String> acceptedDomains, Boolean includeDefaultMailboxes,
            Boolean smtpClientAuthenticationDisabled, Boolean securityDefaults, BasicAuthSpec basicAuth,
            List<MailboxSpec> mailboxes, List<GroupSpec> groups, LimitsSpec limits, PopDelete popDeleteBehaviour,
            String catchAll, List<AppSpec> apps, Boolean smtpAuthPlainAllowed, Boolean rejectDirectSend,
            SmtpSubmissionPhase basicAuthSmtpSubmission) {
        this(tenantId, acceptedDomains, includeDefaultMailboxes, smtpClientAuthenticationDisabled, securityDefaults,
                basicAuth, mailboxes, groups, limits, popDeleteBehaviour, catchAll, apps, smtpAuthPlainAllowed,
                rejectDirectSend, basicAuthSmtpSubmission, null, null);
    }

    /** A section without the Direct Send and basic-auth timeline knobs (the form before they existed). */
    public TenantSection(String tenantId, List<String> acceptedDomains, Boolean includeDefaultMailboxes,
            Boolean smtpClientAuthenticationDisabled, Boolean securityDefaults, BasicAuthSpec basicAuth,
            List<MailboxSpec> mailboxes, List<GroupSpec> groups, LimitsSpec limits, PopDelete popDeleteBehaviour,
            String catchAll, List<AppSpec> apps, Boolean smtpAuthPlainAllowed) {
        this(tenantId, acceptedDomains, includeDefaultMailboxes, smtpClientAuthenticationDisabled, securityDefaults,
                basicAuth, mailboxes, groups, limits, popDeleteBehaviour, catchAll, apps, smtpAuthPlainAllowed, null,
                null, null, null);
    }

    public TenantSection {
        acceptedDomains = acceptedDomains == null ? null : List.copyOf(acceptedDomains);
        mailboxes = mailboxes == null ? List.of() : List.copyOf(mailboxes);
        groups = groups == null ? List.of() : List.copyOf(groups);
        apps = apps == null ? List.of() : List.copyOf(apps);
        hveAccounts = hveAccounts == null ? List.of() : List.copyOf(hveAccounts);
    }

    /** A section without the SMTP AUTH PLAIN knob (the form before it existed). */
    public TenantSection(String tenantId, List<String> acceptedDomains, Boolean includeDefaultMailboxes,
            Boolean smtpClientAuthenticationDisabled, Boolean securityDefaults, BasicAuthSpec basicAuth,
            List<MailboxSpec> mailboxes, List<GroupSpec> groups, LimitsSpec limits, PopDelete popDeleteBehaviour,
            String catchAll, List<AppSpec> apps) {
        this(tenantId, acceptedDomains, includeDefaultMailboxes, smtpClientAuthenticationDisabled, securityDefaults,
                basicAuth, mailboxes, groups, limits, popDeleteBehaviour, catchAll, apps, null);
    }

    /** A section without app registrations (the form before {@code apps} existed). */
    public TenantSection(String tenantId, List<String> acceptedDomains, Boolean includeDefaultMailboxes,
            Boolean smtpClientAuthenticationDisabled, Boolean securityDefaults, BasicAuthSpec basicAuth,
            List<MailboxSpec> mailboxes, List<GroupSpec> groups, LimitsSpec limits, PopDelete popDeleteBehaviour,
            String catchAll) {
        this(tenantId, acceptedDomains, includeDefaultMailboxes, smtpClientAuthenticationDisabled, securityDefaults,
                basicAuth, mailboxes, groups, limits, popDeleteBehaviour, catchAll, null, null);
    }

    /** An empty section: the default tenant unchanged. */
    public static TenantSection empty() {
        return new TenantSection(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /**
     * {@code basicAuthSmtpSubmission}: the phase of Microsoft's retirement of basic authentication for
     * SMTP client submission (message center post MC786329) the tenant is in.
     */
    public enum SmtpSubmissionPhase {
        /** A password AUTH works as it always did (the admin re-enabled it, or the date is before the change). */
        @JsonProperty("allowed") ALLOWED,
        /** Disabled by default for existing tenants, as from the end of December 2026; the admin may re-enable it. */
        @JsonProperty("disabledByDefault") DISABLED_BY_DEFAULT,
        /** Removed for good (the date is still to be announced). */
        @JsonProperty("retired") RETIRED
    }

    /** {@code popDeleteBehaviour}. */
    public enum PopDelete {
        @JsonProperty("delete") DELETE,
        @JsonProperty("keepCopy") KEEP_COPY
    }

    /**
     * Reads a section from YAML or JSON text (JSON is YAML); the text is the section's content, not a
     * whole scenario file. Blank text is an {@link #empty()} section.
     *
     * @throws TenantSectionException with the line and column of an unknown key, a wrong type or a bad value
     */
    public static TenantSection parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new TenantSectionException("tenant section longer than " + MAX_TEXT_LENGTH + " characters", -1, -1,
                    null);
        }
        if (text.isBlank()) {
            return empty();
        }
        try {
            TenantSection s = Mapper.INSTANCE.readValue(text, TenantSection.class);
            return s == null ? empty() : s;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            if (at == null || at.getLineNr() < 1) {
                at = locate(text, e.getPath());
            }
            int line = at == null ? -1 : at.getLineNr();
            int column = at == null ? -1 : at.getColumnNr();
            String path = e.getPathReference();
            String what = e.getOriginalMessage();
            throw new TenantSectionException("invalid tenant section" + (path == null || path.isEmpty() ? "" : " at "
                    + path) + ": " + firstLine(what), line, column, e);
        }
    }

    /**
     * Finds where the value at a path starts. Jackson reports no location for an unknown property of
     * a record (its properties are buffered first), so the text is scanned again for that path.
     */
    private static TokenStreamLocation locate(String text, List<JacksonException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference r : path) {
            pointer.append('/').append(r.getPropertyName() != null ? r.getPropertyName() : r.getIndex());
        }
        String wanted = pointer.toString();
        try (JsonParser p = Mapper.INSTANCE.createParser(text)) {
            // Bounded by the text, itself bounded by MAX_TEXT_LENGTH.
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.PROPERTY_NAME
                        && p.streamReadContext().pathAsPointer().toString().equals(wanted)) {
                    return p.currentTokenLocation();
                }
            }
        } catch (JacksonException unreadable) {
            return null;
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
