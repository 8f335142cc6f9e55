package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.tenant.ClientSettings;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.ClientSettings.Server;
import dev.o365emulator.server.tenant.Addresses;
import java.util.List;

/**
 * Thunderbird's autoconfig answer ({@code config-v1.1.xml}, the ISPDB format) for one user.
 *
 * <p>The shape follows the ISPDB's {@code office365.com} entry: IMAP and POP3 with
 * {@code socketType SSL}, SMTP with {@code STARTTLS}, POP3 leaving messages on the server. The
 * differences, and why:
 * <ul>
 *   <li>Hosts and ports are the emulator's, so a client set up from the answer reaches the emulator
 *       and never Office 365.</li>
 *   <li>Each server lists {@code password-cleartext} first, then {@code OAuth2}: clients keep OAuth2
 *       provider details per host name (Microsoft's), so for the emulator's host a password is what
 *       a client can use unaided; OAuth2 stays listed because Office 365 takes XOAUTH2 on all three.</li>
 *   <li>The user name is {@code %EMAILADDRESS%} when the client asked with the sign-in address, and
 *       that address itself when it asked with an alias: Office 365 signs in with the user principal
 *       name only, so the alias a person typed would not log in.</li>
 * </ul>
 */
final class AutoconfigXml {

    /** What a client must send to be told these settings; Thunderbird sends {@code emailaddress}. */
    static final String EMAIL_PARAMETER = "emailaddress";

    private AutoconfigXml() {
    }

    static String render(ClientSettings settings, List<String> acceptedDomains) {
        XmlLines xml = new XmlLines()
                .open("clientConfig", "version", "1.1")
                .open("emailProvider", "id", Addresses.domain(settings.requested()));
        for (String domain : acceptedDomains) {
            xml.element("domain", domain);
        }
        xml.element("displayName", "Office 365 (o365-emulator)").element("displayShortName", "Office365");
        settings.server(Protocol.IMAP).ifPresent(s -> server(xml, "incomingServer", "imap", s, settings));
        settings.server(Protocol.POP3).ifPresent(s -> server(xml, "incomingServer", "pop3", s, settings));
        settings.server(Protocol.SMTP).ifPresent(s -> server(xml, "outgoingServer", "smtp", s, settings));
        return xml.close("emailProvider").close("clientConfig").toString();
    }

    private static void server(XmlLines xml, String element, String type, Server server, ClientSettings settings) {
        xml.open(element, "type", type)
                .element("hostname", server.host())
                .element("port", server.port())
                .element("socketType", server.implicitTls() ? "SSL" : "STARTTLS")
                .element("authentication", "password-cleartext")
                .element("authentication", "OAuth2")
                .element("username", settings.askedForLoginName() ? "%EMAILADDRESS%" : settings.loginName());
        if (type.equals("pop3")) {
            xml.open("pop3").element("leaveMessagesOnServer", "true").close("pop3");
        }
        xml.close(element);
    }
}
