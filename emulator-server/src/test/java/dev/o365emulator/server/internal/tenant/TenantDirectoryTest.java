package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.tenant.CatchAll;
import dev.o365emulator.server.tenant.Group;
import dev.o365emulator.server.tenant.Limits;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.PopDeleteBehaviour;
import dev.o365emulator.server.tenant.TenantSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static dev.o365emulator.server.tenant.DefaultTenant.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantDirectoryTest {
    private final Tenant tenant = Tenant.withDefaults(MutableClock.at("2026-03-01T10:00:00Z"));

    private Mailbox mailbox(String address) {
        return tenant.settings().mailbox(address).orElseThrow();
    }

    @Test
    void defaultTenantHasTheDocumentedDomainsAndMailboxes() {
        TenantSettings s = tenant.settings();
        assertThat(s.acceptedDomains()).containsExactly("contoso.com", "contoso.onmicrosoft.com");
        assertThat(s.tenantId()).isEqualTo(TENANT_ID);
        assertThat(s.mailboxes()).containsOnlyKeys(ADELE, ALEX, MEGAN, INFO);
        assertThat(mailbox(INFO).shared()).isTrue();
        assertThat(mailbox(INFO).password()).isNull();
        assertThat(mailbox(ADELE).maxSendSize()).isEqualTo(35L * 1024 * 1024);
        assertThat(mailbox(ADELE).maxReceiveSize()).isEqualTo(36L * 1024 * 1024);
        assertThat(s.limits()).isEqualTo(new Limits(500, 30, 10_000, 3, 20));
        assertThat(s.popDeleteBehaviour()).isEqualTo(PopDeleteBehaviour.DELETE);
    }

    @Test
    void mailboxMaySendAsItselfAndItsAliases() {
        Mailbox adele = mailbox(ADELE);
        assertThat(tenant.sendAs(adele, "Adele@Contoso.com")).isEqualTo(new SendDecision.Self(adele));
        assertThat(tenant.sendAs(adele, "<adele.vance@contoso.com>")).isEqualTo(new SendDecision.Self(adele));
    }

    @Test
    void sendAsAndSendOnBehalfGrantsAreHonouredAndFullAccessGrantsNoSendingRight() {
        assertThat(tenant.sendAs(mailbox(ADELE), INFO)).isEqualTo(new SendDecision.SendAs(INFO));
        assertThat(tenant.sendAs(mailbox(ALEX), MEGAN))
                .isEqualTo(new SendDecision.SendOnBehalf(MEGAN, mailbox(ALEX)));
        assertThat(tenant.sendAs(mailbox(ALEX), INFO)).isEqualTo(new SendDecision.Denied(INFO));
        assertThat(tenant.sendAs(mailbox(ALEX), "ceo@fabrikam.com").allowed()).isFalse();

        tenant.updateMailbox(INFO, m -> m.sendAs(List.of()).fullAccess(ALEX));
        assertThat(tenant.sendAs(mailbox(ALEX), INFO).allowed()).isFalse();
        assertThat(tenant.sendAs(mailbox(ADELE), INFO).allowed()).isFalse();
    }

    @Test
    void groupsGrantSendAsAndExpandToMembers() {
        tenant.update(b -> b.group(new Group("sales@contoso.com", null, Set.of(ADELE, ALEX), Set.of(MEGAN), Set.of())));
        assertThat(tenant.sendAs(mailbox(MEGAN), "sales@contoso.com"))
                .isEqualTo(new SendDecision.SendAs("sales@contoso.com"));
        assertThat(tenant.sendAs(mailbox(ADELE), "sales@contoso.com").allowed()).isFalse();
        RecipientDecision d = tenant.recipient(TEAM);
        assertThat(d).isInstanceOfSatisfying(RecipientDecision.GroupMembers.class,
                g -> assertThat(g.members()).extracting(Mailbox::address).containsExactlyInAnyOrder(ADELE, ALEX, MEGAN));
    }

    @Test
    void recipientsResolveToMailboxesAliasesUnknownOrExternal() {
        assertThat(tenant.recipient("ALEX.WILBER@contoso.com")).isEqualTo(new RecipientDecision.Local(mailbox(ALEX)));
        assertThat(tenant.recipient("megan@contoso.onmicrosoft.com").local()).isTrue();
        assertThat(tenant.recipient("ghost@contoso.com"))
                .isEqualTo(new RecipientDecision.UnknownInAcceptedDomain("ghost@contoso.com"));
        assertThat(tenant.recipient("someone@fabrikam.com"))
                .isEqualTo(new RecipientDecision.External("someone@fabrikam.com"));
        assertThat(tenant.settings().mailboxes()).doesNotContainKey("ghost@contoso.com");
    }

    @Test
    void catchAllRoutesOrCreatesOnlyWhenConfigured() {
        tenant.update(b -> b.catchAll(new CatchAll.RouteTo(ADELE)));
        assertThat(tenant.recipient("ghost@contoso.com")).isEqualTo(new RecipientDecision.Local(mailbox(ADELE)));
        assertThat(tenant.recipient("x@fabrikam.com").local()).isFalse();

        tenant.update(b -> b.catchAll(new CatchAll.CreateMailbox()));
        RecipientDecision d = tenant.recipient("New.Hire@contoso.com");
        assertThat(d).isInstanceOfSatisfying(RecipientDecision.Local.class,
                l -> assertThat(l.mailbox().address()).isEqualTo("new.hire@contoso.com"));
        assertThat(tenant.settings().mailbox("new.hire@contoso.com")).isPresent();
        assertThat(tenant.authenticateBasic(dev.o365emulator.server.Protocol.IMAP, "new.hire@contoso.com", ""))
                .isInstanceOf(AuthDecision.Refused.class);
    }

    @Test
    void anAddressBelongsToOneMailboxOnly() {
        assertThatThrownBy(() -> tenant.putMailbox(Mailbox.builder("adele2@contoso.com").alias(ALEX).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ALEX);
        assertThatThrownBy(() -> Mailbox.builder("a@contoso.com").maxSendSize(151L * 1024 * 1024).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Mailbox.builder("a@contoso.com").maxSendSize(150L * 1024 * 1024).build().maxSendSize())
                .isEqualTo(157_286_400L);
    }

    @Test
    void concurrentKnobChangesAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String address = "user" + thread + "-" + i + "@contoso.com";
                        tenant.putMailbox(Mailbox.builder(address).password("p").build());
                        tenant.authenticateBasic(dev.o365emulator.server.Protocol.SMTP, ADELE, ADELE_PASSWORD);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(tenant.settings().mailboxes()).hasSize(4 + 8 * 50);
    }
}
