package io.crmsync.engine.state;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateStoreErrorsTest {
    @Test
    void unreachablePostgres_passwordInUrlAndKey_neverInMessage() {
        assertThatThrownBy(() -> StateStore.open(
                "jdbc:postgresql://stateuser:Url5ecretXYZ@127.0.0.1:1/state?password=Param5ecretXYZ", "u",
                "Key5ecretXYZ"))
                .isInstanceOf(StateException.class)
                .hasMessageContaining("cannot open the state store")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .doesNotContain("Url5ecretXYZ").doesNotContain("Param5ecretXYZ").doesNotContain("Key5ecretXYZ"));
    }
}
