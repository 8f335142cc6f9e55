package dev.o365emulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortPlanTest {

    @Test
    void standardPlanUsesOffice365Ports() {
        PortPlan plan = PortPlan.standard();
        assertThat(plan.portFor(Endpoint.SMTP)).isEqualTo(25);
        assertThat(plan.portFor(Endpoint.SUBMISSION)).isEqualTo(587);
        assertThat(plan.portFor(Endpoint.SMTPS)).isEqualTo(465);
        assertThat(plan.portFor(Endpoint.IMAP)).isEqualTo(143);
        assertThat(plan.portFor(Endpoint.IMAPS)).isEqualTo(993);
        assertThat(plan.portFor(Endpoint.POP3)).isEqualTo(110);
        assertThat(plan.portFor(Endpoint.POP3S)).isEqualTo(995);
    }

    @Test
    void offsetPlanShiftsEveryPort() {
        PortPlan plan = PortPlan.parse("offset=10000");
        assertThat(plan.portFor(Endpoint.SUBMISSION)).isEqualTo(10587);
        assertThat(plan.portFor(Endpoint.POP3S)).isEqualTo(10995);
        assertThat(plan.describe()).isEqualTo("offset=10000");
    }

    @Test
    void ephemeralPlanAsksForAnyPort() {
        assertThat(PortPlan.parse(" Ephemeral ").portFor(Endpoint.IMAPS)).isZero();
        assertThat(PortPlan.parse("standard")).isEqualTo(PortPlan.standard());
    }

    @Test
    void rejectsOffsetsThatLeaveThePortRange() {
        assertThatThrownBy(() -> PortPlan.offset(64_541)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortPlan.offset(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(PortPlan.offset(64_540).portFor(Endpoint.POP3S)).isEqualTo(65_535);
    }

    @Test
    void rejectsUnknownPlans() {
        assertThatThrownBy(() -> PortPlan.parse("offset=ten")).hasMessageContaining("number");
        assertThatThrownBy(() -> PortPlan.parse("random")).hasMessageContaining("standard, offset=N or ephemeral");
    }
}
