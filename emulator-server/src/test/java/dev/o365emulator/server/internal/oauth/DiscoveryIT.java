package dev.o365emulator.server.internal.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autoconfig and Autodiscover over the identity endpoint's HTTPS, read by real parsers (Python's
 * {@code xml.etree}, verifying the emulator's certificate) and consumed by a real client that sets itself
 * up from autoconfig (Horde's {@code Mail_Autoconfig}, Debian's {@code php-horde-mail-autoconfig}).
 */
class DiscoveryIT {

    /** Fetches autoconfig for each address and prints what Thunderbird reads from it, one server a line. */
    private static final String AUTOCONFIG = String.join("\n",
            "import ssl, sys, urllib.error, urllib.parse, urllib.request, xml.etree.ElementTree as ET",
            "base, ca = sys.argv[1:3]",
            "context = ssl.create_default_context(cafile=ca)",
            "for address in sys.argv[3:]:",
            "    print('--', address)",
            "    url = base + '/mail/config-v1.1.xml?emailaddress=' + urllib.parse.quote(address)",
            "    try:",
            "        r = urllib.request.urlopen(url, context=context, timeout=10)",
            "    except urllib.error.HTTPError as e:",
            "        print('status', e.code)",
            "        continue",
            "    print('status', r.status, r.headers.get_content_type())",
            "    root = ET.fromstring(r.read())",
            "    print('root', root.tag, root.get('version'))",
            "    p = root.find('emailProvider')",
            "    print('provider', p.get('id'), ' '.join(d.text for d in p.findall('domain')))",
            "    for s in p.findall('incomingServer') + p.findall('outgoingServer'):",
            "        print(s.tag, s.get('type'), s.findtext('hostname'), s.findtext('port'), s.findtext('socketType'),",
            "              ','.join(a.text for a in s.findall('authentication')), s.findtext('username'))",
            "        if s.get('type') == 'pop3':",
            "            print('leave', s.findtext('pop3/leaveMessagesOnServer'))");

    /**
     * Posts Autodiscover requests, one per argument (an address, or {@code @file} for a body as it is),
     * and prints each answer's Protocols or Error.
     */
    private static final String AUTODISCOVER = String.join("\n",
            "import ssl, sys, urllib.error, urllib.request, xml.etree.ElementTree as ET",
            "base, ca = sys.argv[1:3]",
            "context = ssl.create_default_context(cafile=ca)",
            "ns = {'a': 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006',",
            "      'o': 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a'}",
            "for arg in sys.argv[3:]:",
            "    print('--', arg.rsplit('/', 1)[-1])",
            "    if arg.startswith('@'):",
            "        body = open(arg[1:], 'rb').read()",
            "    else:",
            "        body = ('<?xml version=\"1.0\" encoding=\"utf-8\"?>'",
            "            '<Autodiscover xmlns=\"http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006\">'",
            "            '<Request><EMailAddress>' + arg + '</EMailAddress><AcceptableResponseSchema>'",
            "            'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a'",
            "            '</AcceptableResponseSchema></Request></Autodiscover>').encode()",
            "    req = urllib.request.Request(base + '/Autodiscover/Autodiscover.xml', data=body,",
            "                                 headers={'Content-Type': 'text/xml; charset=utf-8'})",
            "    try:",
            "        r = urllib.request.urlopen(req, context=context, timeout=10)",
            "    except urllib.error.HTTPError as e:",
            "        print('status', e.code)",
            "        continue",
            "    print('status', r.status, r.headers.get_content_type())",
            "    root = ET.fromstring(r.read())",
            "    error = root.find('a:Response/a:Error', ns)",
            "    if error is not None:",
            "        print('error', error.findtext('a:ErrorCode', namespaces=ns), error.findtext('a:Message', namespaces=ns))",
            "        continue",
            "    user = root.find('o:Response/o:User', ns)",
            "    print('user', user.findtext('o:DisplayName', namespaces=ns),",
            "          user.findtext('o:AutoDiscoverSMTPAddress', namespaces=ns))",
            "    account = root.find('o:Response/o:Account', ns)",
            "    print('account', account.findtext('o:AccountType', namespaces=ns), account.findtext('o:Action', namespaces=ns))",
            "    for p in account.findall('o:Protocol', ns):",
            "        print('protocol', *(p.findtext('o:' + f, namespaces=ns) for f in",
            "              ('Type', 'Server', 'Port', 'SSL', 'Encryption', 'LoginName', 'AuthRequired')))");

    /**
     * Horde's autoconfig client, as a webmail's account setup runs it: it fetches
     * {@code http://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=…}, reads the servers and
     * proves each one by logging in there. The only stand-in is the name lookup: that one URL is
     * answered by the emulator's HTTPS endpoint, every other one (the ISPDB, the bare domain) is offline.
     */
    private static final String HORDE = String.join("\n",
            "<?php",
            "require_once 'Horde/Autoloader/Default.php';",
            "class LoopbackHttpClient extends Horde_Http_Client {",
            "    public $base;",
            "    public function get($uri = null, $headers = array()) {",
            "        $local = preg_replace('#^http://autoconfig\\.[^/]+#', $this->base, $uri, 1, $count);",
            "        if ($count !== 1) {",
            "            throw new Horde_Http_Exception('offline: ' . $uri);",
            "        }",
            "        echo 'fetch ', substr($local, strlen($this->base)), \"\\n\";",
            "        return parent::get($local, $headers);",
            "    }",
            "}",
            "list(, $base, $address, $password) = $argv;",
            "$driver = new Horde_Mail_Autoconfig_Driver_Thunderbird();",
            "$driver->http = new LoopbackHttpClient(array('request.timeout' => 10));",
            "$driver->http->base = $base;",
            "$autoconfig = new Horde_Mail_Autoconfig(array('drivers' => array($driver)));",
            "$found = array(",
            "    'imap' => $autoconfig->getMailConfig($address, array('auth' => $password, 'no_pop3' => true)),",
            "    'pop3' => $autoconfig->getMailConfig($address, array('auth' => $password, 'no_imap' => true)),",
            "    'smtp' => $autoconfig->getMsaConfig($address, array('auth' => $password)));",
            "foreach ($found as $label => $server) {",
            "    echo $label, ' ', $server ? $server->host . ':' . $server->port . ' tls=' . var_export($server->tls, true)",
            "        . ' user=' . $server->username : 'none', \"\\n\";",
            "}");

    private static Emulator emulator;
    private static String base;
    private static String ca;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().start();
        base = "https://127.0.0.1:" + emulator.identityAddress().orElseThrow().getPort();
        ca = emulator.trust().caPem().toString();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void reset() {
        emulator.reset();
    }

    @Test
    void autoconfigParsedByPythonNamesTheEmulatorsServersInTheIspdbFormat() throws Exception {
        Result result = python(AUTOCONFIG, base, ca, "adele@contoso.com");
        assertThat(result.output()).as(result.output()).isEqualTo(String.join("\n",
                "-- adele@contoso.com",
                "status 200 text/xml",
                "root clientConfig 1.1",
                "provider contoso.com contoso.com contoso.onmicrosoft.com",
                "incomingServer imap 127.0.0.1 " + port(Endpoint.IMAPS) + " SSL password-cleartext,OAuth2 %EMAILADDRESS%",
                "incomingServer pop3 127.0.0.1 " + port(Endpoint.POP3S) + " SSL password-cleartext,OAuth2 %EMAILADDRESS%",
                "leave true",
                "outgoingServer smtp 127.0.0.1 " + port(Endpoint.SUBMISSION)
                        + " STARTTLS password-cleartext,OAuth2 %EMAILADDRESS%",
                ""));
    }

    @Test
    void autoconfigForAnAliasNamesTheSignInAddressAndOthersGet404() throws Exception {
        String output = python(AUTOCONFIG, base, ca, "Adele.Vance@contoso.com", "nobody@contoso.com",
                "team@contoso.com", "adele@fabrikam.com").output();
        assertThat(output).as(output)
                .contains("-- Adele.Vance@contoso.com\nstatus 200 text/xml\n")
                .contains("incomingServer imap 127.0.0.1 " + port(Endpoint.IMAPS)
                        + " SSL password-cleartext,OAuth2 adele@contoso.com\n")
                .contains("-- nobody@contoso.com\nstatus 404\n", "-- team@contoso.com\nstatus 404\n",
                        "-- adele@fabrikam.com\nstatus 404\n");
    }

    @Test
    void autodiscoverParsedByPythonAnswersImapPop3AndSmtp() throws Exception {
        Result result = python(AUTODISCOVER, base, ca, "adele@contoso.onmicrosoft.com");
        assertThat(result.output()).as(result.output()).isEqualTo(String.join("\n",
                "-- adele@contoso.onmicrosoft.com",
                "status 200 text/xml",
                "user Adele Vance adele@contoso.com",
                "account email settings",
                "protocol IMAP 127.0.0.1 " + port(Endpoint.IMAPS) + " on SSL adele@contoso.com on",
                "protocol POP3 127.0.0.1 " + port(Endpoint.POP3S) + " on SSL adele@contoso.com on",
                "protocol SMTP 127.0.0.1 " + port(Endpoint.SUBMISSION) + " on TLS adele@contoso.com on",
                ""));
    }

    @Test
    void autodiscoverAnswersItsDocumentedErrors(@TempDir Path dir) throws Exception {
        Path malformed = Files.writeString(dir.resolve("malformed.xml"), "<Autodiscover><Request><EMailAddress>");
        Path json = Files.writeString(dir.resolve("request.json"), "{\"EMailAddress\": \"adele@contoso.com\"}");
        Path large = Files.writeString(dir.resolve("large.xml"), "<Autodiscover>" + " ".repeat(20_000)
                + "</Autodiscover>");
        String output = python(AUTODISCOVER, base, ca, "nobody@contoso.com", "@" + malformed, "@" + json, "@" + large)
                .output();
        assertThat(output).as(output).isEqualTo(String.join("\n",
                "-- nobody@contoso.com", "status 200 text/xml", "error 500 The e-mail address cannot be found.",
                "-- malformed.xml", "status 200 text/xml", "error 600 Invalid Request",
                "-- request.json", "status 200 text/xml", "error 600 Invalid Request",
                "-- large.xml", "status 413",
                ""));
    }

    @Test
    void hordeSetsItselfUpFromAutoconfigAndLogsInToEachServer() throws Exception {
        assumeHorde();
        Result result = php("adele@contoso.com", "Passw0rd!adele");
        assertThat(result.output()).as(result.output())
                .contains("fetch /mail/config-v1.1.xml?emailaddress=adele%40contoso.com\n")
                .contains("imap 127.0.0.1:" + port(Endpoint.IMAPS) + " tls='tls' user=adele@contoso.com\n")
                .contains("pop3 127.0.0.1:" + port(Endpoint.POP3S) + " tls='tls' user=adele@contoso.com\n")
                .contains("smtp 127.0.0.1:" + port(Endpoint.SUBMISSION) + " tls='starttls' user=adele@contoso.com\n");
        for (Endpoint endpoint : List.of(Endpoint.IMAPS, Endpoint.POP3S, Endpoint.SUBMISSION)) {
            assertThat(emulator.sessions().filter(s -> s.endpoint() == endpoint))
                    .as("a login on %s", endpoint.id()).map(s -> s.user())
                    .contains(Optional.of("adele@contoso.com"));
        }
    }

    @Test
    void hordeFindsNothingForAnAddressTheTenantDoesNotHave() throws Exception {
        assumeHorde();
        Result result = php("nobody@contoso.com", "whatever");
        assertThat(result.output()).as(result.output()).contains("imap none\n", "pop3 none\n", "smtp none\n");
        assertThat(emulator.sessions().filter(s -> true)).isEmpty();
    }

    /** Skips the test where Debian's php-horde-mail-autoconfig and php-horde-autoloader are absent (.ci/run installs them). */
    private static void assumeHorde() {
        ExternalClient.assumeInstalled("php");
        assumeTrue(Files.exists(Path.of("/usr/share/php/Horde/Mail/Autoconfig.php"))
                && Files.exists(Path.of("/usr/share/php/Horde/Autoloader/Default.php")), "Horde is not installed");
    }

    private static int port(Endpoint endpoint) {
        return emulator.port(endpoint);
    }

    private static Result python(String script, String... args) throws Exception {
        ExternalClient.assumeInstalled("python3");
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        return ExternalClient.run(command, "");
    }

    private static Result php(String address, String password) throws Exception {
        Path script = Files.createTempFile("horde-autoconfig-", ".php");
        try {
            Files.writeString(script, HORDE);
            // curl.cainfo: Horde's HTTP client verifies the emulator's certificate against its CA.
            return ExternalClient.run(List.of("php", "-d", "curl.cainfo=" + ca, "-d", "openssl.cafile=" + ca,
                    "-d", "error_reporting=E_ALL & ~E_DEPRECATED", script.toString(), base, address, password), "");
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
