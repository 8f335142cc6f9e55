package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a client that caches the server's words sees, with Python's imaplib over implicit TLS: SELECT's
 * first unseen message and keywords, and the {@code \Seen} a body FETCH sets, in that FETCH's own response.
 */
class ImapClientViewIT {

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.IMAPS).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void imaplibSeesTheFirstUnseenMessageTheKeywordsAndTheSeenItsFetchSet() throws Exception {
        ExternalClient.assumeInstalled("python3");
        emulator.delivery().deliver(DefaultTenant.ADELE, "Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII));
        emulator.delivery().deliver(DefaultTenant.ADELE, "Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII));
        MailFolder inbox = emulator.store().open(DefaultTenant.ADELE).inbox();
        inbox.storeFlags(List.of(1L), MailFolder.FlagOperation.ADD, Flags.of("\\Seen", "$Label1"));
        String script = String.join("\n",
                "import imaplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "m = imaplib.IMAP4_SSL(sys.argv[1], int(sys.argv[2]), ssl_context=ctx)",
                "m.login(sys.argv[4], sys.argv[5])",
                "m.select('INBOX')",
                "print('unseen', m.response('UNSEEN')[1])",
                "print('flags', m.response('FLAGS')[1])",
                "typ, data = m.fetch('2', '(BODY[TEXT])')",
                // The first FETCH response: the literal's tuple and the rest of its parenthesis.
                "print('fetch', data[0][0], data[1])",
                "m.logout()");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.IMAPS)), emulator.certificates().caPem().toString(),
                DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("unseen [b'2']")
                .contains("flags [b'(\\\\Seen \\\\Answered \\\\Flagged \\\\Deleted \\\\Draft $MDNSent $Label1)']")
                .contains("fetch b'2 (BODY[TEXT] {8}' b' FLAGS (\\\\Seen))'");
    }
}
