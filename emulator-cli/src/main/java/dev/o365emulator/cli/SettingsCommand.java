package dev.o365emulator.cli;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioException;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.ClientSettings;
import dev.o365emulator.server.tenant.ClientSettings.Server;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.SmtpClientAuthentication;
import dev.o365emulator.server.tenant.TenantSettings;
import io.netty.util.NetUtil;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code o365-emulator settings USER}: what Outlook on the web's "POP and IMAP settings" page shows the
 * user, with the host and ports an emulator started with the same {@code --bind}, {@code --ports} and
 * {@code --scenario} serves. Nothing is started or asked: the answer is computed from the port plan and
 * the tenant, as the emulator's own autoconfig and Autodiscover compute it.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = "Prints the POP, IMAP and SMTP settings Outlook on the web shows USER (server name, port,"
                + " encryption method), with this emulator's host and ports. Computed from --bind, --ports and"
                + " --scenario without starting a server.")
final class SettingsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "USER", description = "A user's address or alias, e.g. adele@contoso.com.")
    String user;

    @Option(names = "--bind", paramLabel = "ADDR", description = "The emulator's bind address (default: ${DEFAULT-VALUE}).")
    String bind = Emulator.DEFAULT_BIND_ADDRESS;

    @Option(names = "--ports", paramLabel = "PLAN", converter = OptionConverters.PortPlanConverter.class,
            description = "The emulator's port plan: standard or offset=N (default: standard).")
    PortPlan ports;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "The scenario whose tenant to read the user from (default: office365).")
    String scenario;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The emulator's data directory, for the CA to trust (default: ~/.o365-emulator).")
    Path dataDir = CertificateBundle.defaultDataDirectory();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PortPlan plan = ports != null ? ports : PortPlan.standard();
        if (plan instanceof PortPlan.Ephemeral) {
            return fail(err, 2, "--ports ephemeral leaves the ports to the system at start: the running emulator"
                    + " prints them (and answers autoconfig and Autodiscover with them).");
        }
        InetAddress bound;
        TenantSettings tenant;
        try {
            bound = InetAddress.getByName(bind);
            tenant = tenant(scenario == null ? Scenario.office365() : ScenarioLoader.resolve(scenario));
        } catch (UnknownHostException e) {
            return fail(err, 2, "unknown bind address: " + bind);
        } catch (ScenarioException e) {
            return fail(err, 2, e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(err, 2, "the scenario's tenant section cannot be applied: " + e.getMessage());
        }
        Map<Endpoint, Integer> planned = new EnumMap<>(Endpoint.class);
        // Only what Outlook's page shows: never hve, which Office 365 does not advertise to users.
        for (Endpoint endpoint : ClientSettings.PUBLISHED) {
            planned.put(endpoint, plan.portFor(endpoint));
        }
        // On a wildcard bind the emulator is reached at any of the machine's addresses: this one works here.
        String host = NetUtil.toAddressString(bound.isAnyLocalAddress()
                ? bound instanceof Inet6Address ? NetUtil.LOCALHOST6 : NetUtil.LOCALHOST4 : bound);
        Optional<ClientSettings> found = ClientSettings.lookup(tenant, user, host, planned);
        if (found.isEmpty()) {
            return fail(err, 1, user + " is no mailbox of the tenant (accepted domains: "
                    + String.join(", ", tenant.acceptedDomains()) + ").");
        }
        print(out, found.get(), tenant, plan, bound, host);
        out.flush();
        return 0;
    }

    private void print(PrintWriter out, ClientSettings settings, TenantSettings tenant, PortPlan plan, InetAddress bound,
            String host) {
        Mailbox mailbox = settings.mailbox();
        out.printf(Locale.ROOT, "POP and IMAP settings for %s (%s), as Outlook on the web shows them,%n",
                settings.requested(), mailbox.displayName());
        out.println("with this emulator's host and ports:");
        for (Protocol protocol : List.of(Protocol.POP3, Protocol.IMAP, Protocol.SMTP)) {
            Server server = settings.server(protocol).orElseThrow();
            out.println();
            out.println((protocol == Protocol.POP3 ? "POP" : protocol.name()) + " setting");
            out.printf(Locale.ROOT, "    Server name: %-22s (Office 365: %s)%n", server.host(), server.office365Host());
            out.println("    Port: " + server.port());
            out.println("    Encryption method: " + (server.implicitTls() ? "TLS" : "STARTTLS"));
        }
        out.println();
        out.println("User name: " + settings.loginName());
        out.println("Trust this CA: " + dataDir.resolve(CertificateBundle.CERTS_FOLDER).resolve("ca.pem")
                .toAbsolutePath());
        for (String note : notes(settings, tenant, plan, bound, host)) {
            out.println("Note: " + note);
        }
        out.println("Computed from --bind " + bind + " --ports " + plan.describe() + " --scenario "
                + (scenario == null ? "office365" : scenario) + "; no emulator was started or asked.");
    }

    private List<String> notes(ClientSettings settings, TenantSettings tenant, PortPlan plan, InetAddress bound,
            String host) {
        List<String> notes = new ArrayList<>();
        Mailbox mailbox = settings.mailbox();
        if (!settings.askedForLoginName()) {
            notes.add(settings.requested() + " is an alias of " + mailbox.address() + ": sign in as "
                    + mailbox.address() + " (Office 365 takes no alias at sign-in).");
        }
        if (mailbox.shared()) {
            notes.add(mailbox.address() + " is a shared mailbox and has no sign-in: open it over IMAP or POP as "
                    + (mailbox.fullAccess().isEmpty() ? "USER" : mailbox.fullAccess().iterator().next()) + "\\"
                    + mailbox.address() + " (a user with FullAccess on it).");
        }
        passwordNote(tenant, mailbox).ifPresent(notes::add);
        if (mailbox.smtpClientAuthentication() == SmtpClientAuthentication.DISABLED) {
            notes.add("SMTP AUTH is disabled for this mailbox: every AUTH on 587 gets 535 5.7.139.");
        } else if (mailbox.smtpClientAuthentication() == SmtpClientAuthentication.FOLLOW_TENANT
                && tenant.smtpClientAuthenticationDisabled()) {
            notes.add("SMTP AUTH is disabled for the tenant: every AUTH on 587 gets 535 5.7.139.");
        }
        if (!mailbox.imapEnabled()) {
            notes.add("IMAP is disabled for this mailbox: the login succeeds, then every command gets"
                    + " BAD User is authenticated but not connected.");
        }
        if (!mailbox.popEnabled()) {
            notes.add("POP is disabled for this mailbox: POP3 logins fail with -ERR Logon failure: unknown user"
                    + " name or bad password.");
        }
        if (ports == null) {
            notes.add("standard ports: where they cannot be bound the emulator moves to --ports "
                    + EmulatorCommand.FALLBACK.describe() + " and says so at start; then ask again with it.");
        }
        if (bound.isAnyLocalAddress()) {
            notes.add("bound to every interface: from another machine use one of this machine's addresses, and start"
                    + " the emulator with --name ADDRESS so that its certificate names it.");
        }
        certificateNote(host).ifPresent(notes::add);
        return notes;
    }

    /** Why a password would be refused where the tenant refuses it before the protocol switches. */
    private static Optional<String> passwordNote(TenantSettings tenant, Mailbox mailbox) {
        if (tenant.securityDefaults()) {
            return Optional.of("security defaults are on: password logins are refused on every protocol (XOAUTH2"
                    + " works).");
        }
        List<String> blocked = new ArrayList<>();
        for (Protocol protocol : Protocol.values()) {
            if (tenant.basicAuthBlocked(protocol)) {
                blocked.add(protocol.name());
            }
        }
        if (!blocked.isEmpty()) {
            return Optional.of("basic authentication is blocked for " + String.join(", ", blocked)
                    + ": password logins there are refused (XOAUTH2 works).");
        }
        if (mailbox.mfaRequired()) {
            return Optional.of("a conditional access policy requires MFA for this user: password logins are refused"
                    + (mailbox.appPasswords().isEmpty() ? "" : ", app passwords work") + " (XOAUTH2 works).");
        }
        return Optional.empty();
    }

    /** Whether the data directory's server certificate names the host, read from its {@code server.pem}. */
    private Optional<String> certificateNote(String host) {
        Path pem = dataDir.resolve(CertificateBundle.CERTS_FOLDER).resolve("server.pem");
        if (!Files.isRegularFile(pem)) {
            return Optional.of("no certificates in " + dataDir + " yet: the emulator makes them at its first start.");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in);
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (names(host, name)) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of("the server certificate in " + pem.getParent() + " does not name " + host
                    + ": start the emulator with --name " + host + " so that clients accept it.");
        } catch (Exception unreadable) {
            return Optional.of("cannot read " + pem + " (" + unreadable.getMessage() + "): the emulator says what is"
                    + " wrong with it at start.");
        }
    }

    /** Whether one subject alternative name (type 2: DNS, 7: IP) is {@code host}. */
    private static boolean names(String host, List<?> name) {
        String value = String.valueOf(name.get(1));
        if (Integer.valueOf(7).equals(name.get(0))) {
            byte[] a = NetUtil.createByteArrayFromIpAddressString(value);
            byte[] b = NetUtil.createByteArrayFromIpAddressString(host);
            return a != null && b != null && java.util.Arrays.equals(a, b);
        }
        return value.equalsIgnoreCase(host);
    }

    private static TenantSettings tenant(Scenario scenario) {
        return Emulator.builder().scenario(scenario).tenantSettings();
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("o365-emulator: " + message);
        err.flush();
        return code;
    }
}
