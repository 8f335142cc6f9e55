package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.DefaultTenant;
import jakarta.mail.Store;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One XOAUTH2 login is one {@code auth} event, on every protocol, so {@code times} and {@code nth} count right. */
class XOAuth2StageCountIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS, Endpoint.POP3S)
            .scenario(ScenarioLoader.parse("""
                    name: count-xoauth2
                    rules:
                      - id: every-xoauth2-login
                        when: { stage: auth, mechanism: XOAUTH2 }
                        then: { delay: { millis: 1 } }
                    """, "test")));


    @Test
    void eachXOAuth2LoginFiresAnAuthRuleExactlyOnce() throws Exception {
        String token = emulator.oauth().issueToken(DefaultTenant.ADELE, List.of(ExchangePermissions.IMAP_DELEGATED,
                ExchangePermissions.POP_DELEGATED, ExchangePermissions.SMTP_DELEGATED));
        for (String protocol : List.of("imaps", "pop3s")) {
            Store store = XOAuth2Clients.connect(emulator, protocol, DefaultTenant.ADELE, token);
            store.close();
        }
        XOAuth2Clients.send(emulator, DefaultTenant.ADELE, token, DefaultTenant.ALEX, "counted once");
        List<String> fired = emulator.journal().sessions().stream().flatMap(s -> s.ruleIds().stream()).toList();
        assertThat(fired).containsExactly("every-xoauth2-login", "every-xoauth2-login", "every-xoauth2-login");
        assertThat(emulator.journal().sessions()).extracting(s -> s.mechanism().orElse(""))
                .containsOnly("XOAUTH2");
        assertThat(emulator.journal().sessions()).extracting(SessionRecord::firedRules).allSatisfy(r -> assertThat(r).hasSize(1));
    }
}
