package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.internal.reply.HostIdentity;
import java.time.Instant;
import java.util.Locale;

/**
 * The header fields the emulator prepends to a message it accepts, as Exchange Online's front end
 * does before anything else touches the message.
 *
 * <p>Always one {@code Received:} field in Exchange's form, folded as Exchange folds it:
 * <pre>
 * Received: from client.example (127.0.0.1) by MN2PR05CA0004.namprd05.prod.outlook.com
 *  with Microsoft SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.8398.12
 *  via Frontend Transport; Sun, 26 Jan 2025 18:54:30 +0000
 * </pre>
 * ({@code (version=…, cipher=…)} only under TLS). Besides it, for a submission only: a
 * {@code Sender:} field naming the login when the client sent under a SendOnBehalf grant without
 * one (Exchange shows "login on behalf of owner" from it), and a {@code Message-ID:} when the
 * client sent none (Exchange assigns one; it is also the id in the {@code 250 2.0.0 OK <id>} reply).
 * The client's own bytes follow unchanged.
 */
final class TraceHeaders {

    /** The Exchange Online build named in {@code Received:} fields (a 2025 build number). */
    static final String EXCHANGE_BUILD = "15.20.8398.12";

    /** The date of the last field written, by its second: a busy server writes many a second, each formatted alike. */
    private static volatile Dated lastDate;

    private TraceHeaders() {
    }

    private record Dated(long epochSecond, String text) {
    }

    /** {@link HostIdentity#bannerDate}, which names whole seconds, formatted once a second. */
    static String date(Instant now) {
        Dated last = lastDate;
        if (last == null || last.epochSecond() != now.getEpochSecond()) {
            last = new Dated(now.getEpochSecond(), HostIdentity.bannerDate(now));
            lastDate = last;
        }
        return last.text();
    }

    /**
     * Who sent a message and how.
     *
     * @param heloName what the client said in EHLO/HELO (its address when it said nothing)
     * @param tlsProtocol {@code TLSv1.3} etc., or {@code null} in plain text
     * @param cipher the TLS cipher suite, or {@code null}
     */
    record Origin(String heloName, String clientIp, String tlsProtocol, String cipher) {
    }

    /** The {@code Received:} field of a message from {@code origin}, received by {@code serverFqdn}. */
    static String received(Origin origin, String serverFqdn, Instant now) {
        return received(origin.heloName(), origin.clientIp(), serverFqdn, origin.tlsProtocol(), origin.cipher(), now);
    }

    /**
     * @param heloName what the client said in EHLO/HELO
     * @param tlsProtocol {@code TLSv1.3} etc., or {@code null} in plain text
     */
    static String received(String heloName, String clientIp, String serverFqdn, String tlsProtocol, String cipher,
            Instant now) {
        String with = "with Microsoft SMTP Server";
        if (tlsProtocol != null) {
            with += " (version=" + tlsProtocol.replace("TLSv", "TLS").replace('.', '_').toUpperCase(Locale.ROOT)
                    + ", cipher=" + cipher + ")";
        }
        return "Received: from " + sanitize(heloName) + " (" + clientIp + ") by " + serverFqdn + "\r\n "
                + with + " id " + EXCHANGE_BUILD + "\r\n via Frontend Transport; " + date(now) + "\r\n";
    }

    /** The EHLO argument may be anything a client typed; keep it to one printable token. */
    private static String sanitize(String heloName) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < heloName.length() && out.length() < 255; i++) {
            char c = heloName.charAt(i);
            if (c > ' ' && c < 0x7f && c != '(' && c != ')') {
                out.append(c);
            }
        }
        return out.length() == 0 ? "unknown" : out.toString();
    }
}
