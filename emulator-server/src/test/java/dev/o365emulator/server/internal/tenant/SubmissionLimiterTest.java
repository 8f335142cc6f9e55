package dev.o365emulator.server.internal.tenant;

import dev.o365emulator.server.internal.tenant.SubmissionDecision.Admitted;
import dev.o365emulator.server.internal.tenant.SubmissionDecision.Limit;
import dev.o365emulator.server.internal.tenant.SubmissionDecision.Refused;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Limits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionLimiterTest {
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final Tenant tenant = Tenant.withDefaults(clock);
    private final SubmissionLimiter limiter = tenant.submissions();

    @Test
    void fourthConcurrentSubmissionIsRefusedUntilOneEnds() {
        List<SlotLimiter.Slot> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(limiter.tryAcquireSlot(DefaultTenant.ADELE).orElseThrow());
        }
        assertThat(limiter.tryAcquireSlot(DefaultTenant.ADELE)).isEmpty();
        assertThat(limiter.tryAcquireSlot(DefaultTenant.ALEX)).isPresent();
        held.get(0).close();
        held.get(0).close();
        Optional<SlotLimiter.Slot> again = limiter.tryAcquireSlot("ADELE@contoso.com");
        assertThat(again).isPresent();
        assertThat(limiter.tryAcquireSlot(DefaultTenant.ADELE)).isEmpty();
    }

    @Test
    void messagesBeyondThirtyPerMinuteAreDelayedNotRefused() {
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ZERO));
        }
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ofMinutes(1)));
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ofMinutes(1)));
        assertThat(limiter.admit(DefaultTenant.ALEX, 1)).isEqualTo(new Admitted(Duration.ZERO));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ofSeconds(30)));
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ZERO));
    }

    @Test
    void liftedLimitsNeitherDelayNorRefuseNorKeepAnything() {
        tenant.update(b -> b.limits(Limits.NONE));
        // Past every Office 365 limit in one minute: 20 000 messages, 20 million recipients, 1 000 at once.
        for (int i = 0; i < 20_000; i++) {
            assertThat(limiter.admit(DefaultTenant.ADELE, 1_000)).isEqualTo(new Admitted(Duration.ZERO));
        }
        assertThat(limiter.recipientsInLastDay(DefaultTenant.ADELE)).as("nothing kept").isZero();
        List<SlotLimiter.Slot> held = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            held.add(limiter.tryAcquireSlot(DefaultTenant.ADELE).orElseThrow());
        }
        held.forEach(SlotLimiter.Slot::close);
        assertThat(tenant.imapConnections().tryAcquire(DefaultTenant.ADELE)).isPresent();
    }

    @Test
    void countingStartsAfreshWhenALiftedLimitIsSetAgain() {
        tenant.update(b -> b.limits(Limits.NONE));
        for (int i = 0; i < 100; i++) {
            limiter.admit(DefaultTenant.ADELE, 1);
        }
        tenant.update(b -> b.limits(Limits.DEFAULTS));
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ZERO));
        }
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Admitted(Duration.ofMinutes(1)));
        assertThat(limiter.recipientsInLastDay(DefaultTenant.ADELE)).isEqualTo(31);
    }

    @Test
    void tenThousandRecipientsPerDayThenRefusedUntilTheWindowSlides() {
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.admit(DefaultTenant.ADELE, 500)).isInstanceOf(Admitted.class);
            clock.advance(Duration.ofMinutes(10));
        }
        assertThat(limiter.recipientsInLastDay(DefaultTenant.ADELE)).isEqualTo(10_000);
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Refused(Limit.RECIPIENTS_PER_DAY));
        clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(200)));
        assertThat(limiter.admit(DefaultTenant.ADELE, 500)).isInstanceOf(Admitted.class);
        assertThat(limiter.admit(DefaultTenant.ADELE, 1)).isEqualTo(new Refused(Limit.RECIPIENTS_PER_DAY));
    }

    @Test
    void moreThanFiveHundredRecipientsInOneMessageIsRefused() {
        assertThat(limiter.admit(DefaultTenant.ADELE, 501)).isEqualTo(new Refused(Limit.RECIPIENTS_PER_MESSAGE));
        assertThat(limiter.recipientsInLastDay(DefaultTenant.ADELE)).isZero();
        tenant.update(b -> b.limits(new Limits(1000, 30, 10_000, 3, 20)));
        assertThat(limiter.admit(DefaultTenant.ADELE, 501)).isInstanceOf(Admitted.class);
    }

    @Test
    void imapConnectionsPerMailboxAreCounted() {
        tenant.update(b -> b.limits(new Limits(500, 30, 10_000, 3, 2)));
        SlotLimiter connections = tenant.imapConnections();
        SlotLimiter.Slot first = connections.tryAcquire(DefaultTenant.ADELE).orElseThrow();
        connections.tryAcquire(DefaultTenant.ADELE).orElseThrow();
        assertThat(connections.tryAcquire(DefaultTenant.ADELE)).isEmpty();
        first.close();
        assertThat(connections.inUse(DefaultTenant.ADELE)).isEqualTo(1);
    }
}
