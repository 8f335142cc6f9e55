package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.tenant.ClientSettings;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.tenant.ClientSettings.Server;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Outlook's POX Autodiscover ([MS-OXDSCLI]): reads a request and writes the answer for the
 * {@code outlook/responseschema/2006a} provider, with {@code Protocol} entries of type IMAP, POP3 and
 * SMTP, or an {@code Error}.
 *
 * <p>Requests are read with the JDK's own StAX parser, safely: no DTD (a request with one is refused,
 * so no entity, internal or external, is ever expanded), at most {@value #MAX_DEPTH} nested elements,
 * and only the {@code Autodiscover/Request} children this provider needs. Element names are matched
 * without their namespace: a request that names the elements right is answered.
 */
final class AutodiscoverXml {

    static final String REQUEST_SCHEMA = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    static final String RESPONSE_SCHEMA =
            "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    static final String AUTODISCOVER_NAMESPACE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final int MAX_DEPTH = 16;

    /** [MS-OXDSCLI] 2.2.4.1.1.3: the e-mail address is unknown; Exchange's own message text. */
    static final int ADDRESS_NOT_FOUND = 500;
    static final String ADDRESS_NOT_FOUND_MESSAGE = "The e-mail address cannot be found.";
    /** The request is not well-formed or lacks the address: Exchange's well-known answer to a GET, too. */
    static final int INVALID_REQUEST = 600;
    static final String INVALID_REQUEST_MESSAGE = "Invalid Request";
    /**
     * No provider for the asked response schema (e.g. ActiveSync's {@code mobilesync}). Exchange's
     * text for it is not captured; the message is the protocol document's description of the code.
     */
    static final int PROVIDER_UNAVAILABLE = 601;
    static final String PROVIDER_UNAVAILABLE_MESSAGE =
            "The Autodiscover server was unable to provide configuration information of the requested type.";

    private static final DateTimeFormatter ERROR_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSS")
            .withZone(ZoneOffset.UTC);

    /** What a request asked; {@code emailAddress} and {@code schema} are null when absent. */
    record Request(boolean wellFormed, String emailAddress, String schema) {
        static final Request INVALID = new Request(false, null, null);
    }

    private AutodiscoverXml() {
    }

    static Request parse(byte[] body) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            List<String> path = new ArrayList<>();
            StringBuilder email = null;
            StringBuilder schema = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> {
                        return Request.INVALID;
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        path.add(reader.getLocalName());
                        if (path.size() > MAX_DEPTH || !path.get(0).equals("Autodiscover")) {
                            return Request.INVALID;
                        }
                        if (isRequestChild(path, "EMailAddress")) {
                            email = new StringBuilder();
                        } else if (isRequestChild(path, "AcceptableResponseSchema")) {
                            schema = new StringBuilder();
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (isRequestChild(path, "EMailAddress") && email != null) {
                            email.append(reader.getText());
                        } else if (isRequestChild(path, "AcceptableResponseSchema") && schema != null) {
                            schema.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> path.remove(path.size() - 1);
                    default -> {
                        // comments, processing instructions, white space: nothing to read
                    }
                }
            }
            return new Request(true, email == null ? null : email.toString().trim(),
                    schema == null ? null : schema.toString().trim());
        } catch (XMLStreamException | RuntimeException malformed) {
            return Request.INVALID;
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // the body is in memory: nothing to release
                }
            }
        }
    }

    private static boolean isRequestChild(List<String> path, String name) {
        return path.size() == 3 && path.get(1).equals("Request") && path.get(2).equals(name);
    }

    static String settings(ClientSettings settings) {
        XmlLines xml = new XmlLines()
                .open("Autodiscover", "xmlns", AUTODISCOVER_NAMESPACE)
                .open("Response", "xmlns", RESPONSE_SCHEMA)
                .open("User")
                .element("DisplayName", settings.mailbox().displayName())
                .element("AutoDiscoverSMTPAddress", settings.mailbox().address())
                .close("User")
                .open("Account")
                .element("AccountType", "email")
                .element("Action", "settings");
        for (Protocol protocol : List.of(Protocol.IMAP, Protocol.POP3, Protocol.SMTP)) {
            settings.server(protocol).ifPresent(server -> protocol(xml, server, settings.loginName()));
        }
        return xml.close("Account").close("Response").close("Autodiscover").toString();
    }

    /**
     * One {@code Protocol}: {@code SSL on} (TLS is required on all three), and {@code Encryption}, which
     * takes precedence over it, {@code SSL} for TLS from the first byte and {@code TLS} for STARTTLS.
     */
    private static void protocol(XmlLines xml, Server server, String loginName) {
        xml.open("Protocol")
                .element("Type", server.protocol().name())
                .element("Server", server.host())
                .element("Port", server.port())
                .element("DomainRequired", "off")
                .element("LoginName", loginName)
                .element("SPA", "off")
                .element("SSL", "on")
                .element("Encryption", server.implicitTls() ? "SSL" : "TLS")
                .element("AuthRequired", "on");
        if (server.protocol() == Protocol.SMTP) {
            xml.element("UsePOPAuth", "off").element("SMTPLast", "off");
        }
        xml.close("Protocol");
    }

    /**
     * An {@code Error} as Exchange writes it: in the outer namespace, with the time of day (UTC, seven
     * fractional digits) and an id that [MS-OXDSCLI] describes as a hash of the server's name.
     */
    static String error(int code, String message, Instant now, String serverName) {
        return new XmlLines()
                .open("Autodiscover", "xmlns", AUTODISCOVER_NAMESPACE)
                .open("Response")
                .open("Error", "Time", ERROR_TIME.format(now), "Id", Integer.toUnsignedString(serverName.hashCode()))
                .element("ErrorCode", code)
                .element("Message", message)
                .element("DebugData", "")
                .close("Error")
                .close("Response")
                .close("Autodiscover")
                .toString();
    }
}
