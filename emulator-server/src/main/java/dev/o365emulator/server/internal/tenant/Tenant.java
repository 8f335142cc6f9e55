package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.tenant.AuthDecision.Reason;
import dev.o365emulator.server.tenant.BasicAuthSmtpSubmission;
import dev.o365emulator.server.tenant.Addresses;
import dev.o365emulator.server.tenant.AppRegistration;
import dev.o365emulator.server.tenant.CatchAll;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Group;
import dev.o365emulator.server.tenant.HveAccount;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.SmtpClientAuthentication;
import dev.o365emulator.server.tenant.TenantSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The live emulated tenant: its settings, and the decisions Office 365 takes from them (login,
 * sender rights, recipient resolution, submission limits).
 *
 * <p>Thread-safe: settings are an immutable {@link TenantSettings} snapshot swapped atomically, so a
 * session always decides on one consistent snapshot while the facade changes knobs. {@link #reset()}
 * returns to the configured baseline ({@link #configure}), not to {@link DefaultTenant}.
 */
public final class Tenant {
    private final Clock clock;
    private final AtomicReference<TenantSettings> baseline;
    private final AtomicReference<TenantSettings> current;
    private final SubmissionLimiter submissions;
    private final SlotLimiter imapConnections;
    private volatile boolean dated;

    public Tenant(TenantSettings baseline, Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.baseline = new AtomicReference<>(Objects.requireNonNull(baseline));
        this.current = new AtomicReference<>(baseline);
        this.submissions = new SubmissionLimiter(() -> current.get().limits(), clock);
        this.imapConnections = new SlotLimiter(() -> current.get().limits().imapConnectionsPerMailbox());
    }

    /** A tenant with {@link DefaultTenant}'s settings. */
    public static Tenant withDefaults(Clock clock) {
        return new Tenant(DefaultTenant.settings(), clock);
    }

    public Clock clock() {
        return clock;
    }

    /** The current snapshot. */
    public TenantSettings settings() {
        return current.get();
    }

    /** Makes these settings both the current ones and the baseline {@link #reset()} returns to. */
    public void configure(TenantSettings settings) {
        baseline.set(Objects.requireNonNull(settings));
        current.set(settings);
        submissions.reset();
    }

    /** Returns to the baseline settings and forgets submission counts. */
    public void reset() {
        current.set(baseline.get());
        submissions.reset();
    }

    /**
     * Changes the current settings atomically (retrying on a concurrent change); the baseline stays.
     *
     * @return the new snapshot
     */
    public TenantSettings update(UnaryOperator<TenantSettings.Builder> change) {
        return current.updateAndGet(s -> change.apply(s.toBuilder()).build());
    }

    /** Adds or replaces a mailbox in the current settings. */
    public TenantSettings putMailbox(Mailbox mailbox) {
        return update(b -> b.mailbox(mailbox));
    }

    /** Changes one mailbox of the current settings. */
    public TenantSettings updateMailbox(String address, UnaryOperator<Mailbox.Builder> change) {
        return current.updateAndGet(s -> {
            Mailbox m = s.mailbox(address).orElseThrow(() -> new IllegalArgumentException("no mailbox " + address));
            return s.toBuilder().mailbox(change.apply(m.toBuilder()).build()).build();
        });
    }

    /**
     * Makes the SMTP basic-auth phase follow the clock's date ({@link BasicAuthSmtpSubmission#announcedFor})
     * where the settings name none. Off unless the emulator was given a date: an emulator whose answers
     * change on a calendar day nobody chose would turn a test suite red on that day.
     */
    public void followAnnouncedTimeline(boolean value) {
        dated = value;
    }

    /** The basic-auth phase for SMTP client submission now: the settings' own, else by date (if dated), else allowed. */
    public BasicAuthSmtpSubmission smtpSubmissionPhase() {
        return settings().basicAuthSmtpSubmission().orElseGet(() -> dated
                ? BasicAuthSmtpSubmission.announcedFor(clock.instant()) : BasicAuthSmtpSubmission.ALLOWED);
    }

    public SubmissionLimiter submissions() {
        return submissions;
    }

    /** Open IMAP connections per mailbox, against {@link Limits#imapConnectionsPerMailbox()}. */
    public SlotLimiter imapConnections() {
        return imapConnections;
    }

    /**
     * Decides a basic-auth login (SMTP {@code AUTH LOGIN}, IMAP {@code LOGIN} / {@code AUTHENTICATE PLAIN},
     * POP3 {@code USER}/{@code PASS} or {@code AUTH PLAIN}).
     *
     * <p>The login is the user principal name (the primary address; aliases do not sign in), or
     * {@code user\shared} to open a mailbox the user has FullAccess on (IMAP and POP only; the
     * shared part may be a full address or a local part in the default domain).
     *
     * <p>Order of the checks, and why:
     * <ol>
     *   <li>{@link Reason#BASIC_AUTH_DISABLED}: Exchange authentication policies block basic auth
     *       <em>pre-authentication</em> (Microsoft: blocked requests never reach Azure AD), so the
     *       password is never looked at. The SMTP submission phase ({@link #smtpSubmissionPhase()})
     *       is the same kind of check: disabled by default answers as a policy does, retired with
     *       {@link Reason#BASIC_AUTH_RETIRED}.</li>
     *   <li>{@link Reason#BAD_CREDENTIALS}: Azure AD verifies the password next; an unknown user, a
     *       shared mailbox signing in directly and a missing FullAccess grant look the same.</li>
     *   <li>{@link Reason#SECURITY_DEFAULTS}, then {@link Reason#CONDITIONAL_ACCESS}: Azure AD evaluates
     *       policies after it knows who signed in (the texts speak of "user is locked" and "the request
     *       did not meet the criteria"), so they follow a correct password. An app password satisfies
     *       per-user MFA but not security defaults.</li>
     *   <li>Protocol switches on the mailbox, which Exchange reads after Azure AD answered: for SMTP the
     *       mailbox setting and then the tenant's (an explicit mailbox value wins over the tenant's);
     *       for IMAP/POP whether the protocol is enabled. The 5.7.139 "disabled" texts in the captures
     *       come from clients whose credentials worked elsewhere, which supports checking them last;
     *       it also keeps the emulator from revealing that a guessed password was right.</li>
     * </ol>
     */
    public AuthDecision authenticateBasic(Protocol protocol, String login, String password) {
        TenantSettings s = settings();
        if (s.basicAuthBlocked(protocol)) {
            return refused(Reason.BASIC_AUTH_DISABLED);
        }
        if (protocol == Protocol.SMTP) {
            BasicAuthSmtpSubmission phase = smtpSubmissionPhase();
            if (phase != BasicAuthSmtpSubmission.ALLOWED) {
                return refused(phase == BasicAuthSmtpSubmission.RETIRED ? Reason.BASIC_AUTH_RETIRED
                        : Reason.BASIC_AUTH_DISABLED);
            }
        }
        if (login == null || login.length() > 2 * Addresses.MAX_ADDRESS_LENGTH + 1) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        int slash = login.indexOf('\\');
        String principal = slash < 0 ? login : login.substring(0, slash);
        Optional<Mailbox> user = lookup(s, principal);
        if (user.isEmpty() || user.get().shared()) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        Mailbox.Credential credential = user.get().check(password);
        if (credential == Mailbox.Credential.NONE) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        if (s.securityDefaults()) {
            return refused(Reason.SECURITY_DEFAULTS);
        }
        if (user.get().mfaRequired() && credential != Mailbox.Credential.APP_PASSWORD) {
            return refused(Reason.CONDITIONAL_ACCESS);
        }
        Mailbox target = user.get();
        if (slash >= 0) {
            if (protocol == Protocol.SMTP) {
                return refused(Reason.BAD_CREDENTIALS);
            }
            String shared = login.substring(slash + 1);
            if (shared.indexOf('@') < 0) {
                shared = shared + "@" + s.acceptedDomains().get(0);
            }
            Optional<Mailbox> t = lookup(s, shared);
            if (t.isEmpty() || !(t.get().equals(target) || t.get().fullAccess().contains(target.address()))) {
                return refused(Reason.BAD_CREDENTIALS);
            }
            target = t.get();
        }
        return protocolSwitches(s, protocol, user.get(), target);
    }

    /**
     * Decides a login with an access token the OAuth endpoint already validated (XOAUTH2).
     *
     * <p>Basic-auth policies, passwords, security defaults and conditional access do not apply (they
     * were settled when the token was issued); the protocol switches and FullAccess do.
     *
     * <p>An app-only (client credentials) token names no user: its subject is the object id of the
     * app's service principal ({@link AppRegistration#servicePrincipalId()}), and it may open exactly the
     * mailboxes that service principal has FullAccess on ({@link AppRegistration#fullAccess()}), as
     * Exchange requires ({@code Add-MailboxPermission -User <service principal id>}). The decision then
     * names the target mailbox as both user and mailbox: the app acts as that mailbox.
     *
     * @param subject the user the token was issued to, or the service principal id of an app-only token
     * @param mailbox the {@code user=} of the XOAUTH2 string: the subject or a mailbox it has FullAccess on
     */
    public AuthDecision authenticateToken(Protocol protocol, String subject, String mailbox) {
        TenantSettings s = settings();
        Optional<Mailbox> user = lookup(s, subject);
        Optional<Mailbox> target = lookup(s, mailbox);
        if (user.isEmpty() && target.isPresent()) {
            Optional<AppRegistration> app = s.appByServicePrincipal(subject);
            if (app.isPresent()) {
                return app.get().hasFullAccess(target.get().address())
                        ? protocolSwitches(s, protocol, target.get(), target.get())
                        : refused(Reason.BAD_CREDENTIALS);
            }
        }
        if (user.isEmpty() || target.isEmpty()) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        if (!target.get().equals(user.get()) && !target.get().fullAccess().contains(user.get().address())) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        return protocolSwitches(s, protocol, user.get(), target.get());
    }

    /**
     * Decides a password login on the High Volume Email endpoint ({@code hve}): only the tenant's HVE
     * accounts sign in there, with their own password.
     *
     * <p>None of the tenant's basic-auth switches apply: not the SMTP submission phase of the
     * basic-auth retirement, not an authentication policy, not SMTP client authentication being
     * disabled, not security defaults. HVE is the path Microsoft keeps open for applications that can
     * only use a password (its announcement of the SMTP AUTH retirement names HVE as the way on), and
     * HVE accounts are separate mail users the admin made for that. An ordinary mailbox (or an unknown
     * address, or a wrong password) is refused with Exchange's wrong-credentials answer: to HVE's
     * directory it is no account at all.
     */
    public AuthDecision authenticateHve(String login, String password) {
        Optional<HveAccount> account = login == null ? Optional.empty() : settings().hveAccount(login);
        if (account.isEmpty() || !account.get().passwordMatches(password)) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        Mailbox sender = account.get().asSender();
        return new AuthDecision.Allowed(sender, sender);
    }

    /**
     * Decides an XOAUTH2 login on the {@code hve} endpoint with a token the OAuth endpoint already
     * validated: the token's subject must be an HVE account, and the XOAUTH2 {@code user=} the same
     * account (HVE accounts have no FullAccess to give or take).
     */
    public AuthDecision authenticateHveToken(String subject, String user) {
        Optional<HveAccount> account = subject == null ? Optional.empty() : settings().hveAccount(subject);
        if (account.isEmpty() || user == null || !account.equals(settings().hveAccount(user))) {
            return refused(Reason.BAD_CREDENTIALS);
        }
        Mailbox sender = account.get().asSender();
        return new AuthDecision.Allowed(sender, sender);
    }

    private static AuthDecision protocolSwitches(TenantSettings s, Protocol protocol, Mailbox user, Mailbox target) {
        switch (protocol) {
            case SMTP -> {
                SmtpClientAuthentication setting = target.smtpClientAuthentication();
                if (setting == SmtpClientAuthentication.DISABLED) {
                    return refused(Reason.SMTP_AUTH_DISABLED_FOR_MAILBOX);
                }
                if (setting == SmtpClientAuthentication.FOLLOW_TENANT && s.smtpClientAuthenticationDisabled()) {
                    return refused(Reason.SMTP_AUTH_DISABLED_FOR_TENANT);
                }
            }
            case IMAP -> {
                if (!target.imapEnabled()) {
                    return refused(Reason.PROTOCOL_DISABLED);
                }
            }
            case POP3 -> {
                if (!target.popEnabled()) {
                    return refused(Reason.PROTOCOL_DISABLED);
                }
            }
        }
        return new AuthDecision.Allowed(user, target);
    }

    private static Optional<Mailbox> lookup(TenantSettings s, String address) {
        try {
            return s.mailbox(address);
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private static AuthDecision refused(Reason reason) {
        return new AuthDecision.Refused(reason);
    }

    /**
     * Decides whether {@code login} may send with {@code address} as sender.
     *
     * <p>Own address or alias first, then a SendAs grant, then SendOnBehalf, on the mailbox or group
     * owning the address. FullAccess alone grants no sending right, as in Exchange. With
     * {@link TenantSettings#enforceSendAs()} off a sender nothing grants is allowed as SendAs.
     */
    public SendDecision sendAs(Mailbox login, String address) {
        SendDecision decision = granted(login, address);
        if (decision instanceof SendDecision.Denied denied && !settings().enforceSendAs()) {
            // Not Office 365: a plain test server lets a signed-in client send as anyone. Grants still
            // decide first, so SendOnBehalf keeps its Sender field; an ungranted sender gets none.
            return new SendDecision.SendAs(denied.address());
        }
        return decision;
    }

    private SendDecision granted(Mailbox login, String address) {
        String a;
        try {
            a = Addresses.normalize(address);
        } catch (IllegalArgumentException notAnAddress) {
            return new SendDecision.Denied(address);
        }
        TenantSettings s = settings();
        if (login.owns(a)) {
            return new SendDecision.Self(login);
        }
        Optional<Mailbox> owner = s.mailboxByAddressOrAlias(a);
        if (owner.isPresent()) {
            Mailbox o = owner.get();
            if (o.sendAs().contains(login.address())) {
                return new SendDecision.SendAs(o.address());
            }
            if (o.sendOnBehalf().contains(login.address())) {
                return new SendDecision.SendOnBehalf(o.address(), login);
            }
            return new SendDecision.Denied(a);
        }
        Optional<Group> group = s.group(a);
        if (group.isPresent()) {
            if (group.get().sendAs().contains(login.address())) {
                return new SendDecision.SendAs(group.get().address());
            }
            if (group.get().sendOnBehalf().contains(login.address())) {
                return new SendDecision.SendOnBehalf(group.get().address(), login);
            }
        }
        return new SendDecision.Denied(a);
    }

    /**
     * Resolves a recipient address: a mailbox (primary or alias), a group, the catch-all, an unknown
     * address in an accepted domain, or an external address.
     *
     * <p>With {@link CatchAll.CreateMailbox} an unknown address in an accepted domain gets a mailbox
     * (no password) added to the current settings; nothing else ever creates a mailbox.
     */
    public RecipientDecision recipient(String address) {
        String a;
        try {
            a = Addresses.normalize(address);
        } catch (IllegalArgumentException notAnAddress) {
            return new RecipientDecision.External(address);
        }
        TenantSettings s = settings();
        Optional<Mailbox> m = s.mailboxByAddressOrAlias(a);
        if (m.isPresent()) {
            return new RecipientDecision.Local(m.get());
        }
        Optional<Group> g = s.group(a);
        if (g.isPresent()) {
            List<Mailbox> members = new ArrayList<>();
            for (String member : g.get().members()) {
                s.mailboxByAddressOrAlias(member).ifPresent(members::add);
            }
            return new RecipientDecision.GroupMembers(g.get(), members);
        }
        if (!s.isAcceptedDomain(Addresses.domain(a))) {
            return new RecipientDecision.External(a);
        }
        CatchAll catchAll = s.catchAll();
        if (catchAll instanceof CatchAll.RouteTo r) {
            return s.mailbox(r.address()).<RecipientDecision>map(RecipientDecision.Local::new)
                    .orElse(new RecipientDecision.UnknownInAcceptedDomain(a));
        }
        if (catchAll instanceof CatchAll.CreateMailbox) {
            TenantSettings after = current.updateAndGet(now -> now.mailboxByAddressOrAlias(a).isPresent()
                    ? now : now.toBuilder().mailbox(Mailbox.builder(a).build()).build());
            return new RecipientDecision.Local(after.mailboxByAddressOrAlias(a).orElseThrow());
        }
        return new RecipientDecision.UnknownInAcceptedDomain(a);
    }
}
