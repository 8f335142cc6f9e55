package dev.o365emulator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Office365ProfileTest {

    @Test
    void theBuiltInConstantIsExactlyTheLibraryFile() {
        Scenario fromFile = ScenarioLoader.resolve("office365");
        Scenario constant = Scenario.office365();
        assertThat(constant.name()).isEqualTo(fromFile.name());
        assertThat(constant.description()).isEqualTo(fromFile.description());
        assertThat(constant.effectiveRules()).isEqualTo(fromFile.effectiveRules());
        assertThat(constant.tenantChain()).isEqualTo(fromFile.tenantChain());
        assertThat(constant.effectiveSeed()).isEqualTo(fromFile.effectiveSeed());
        assertThat(constant.lineage()).isEqualTo(fromFile.lineage());
    }
}
