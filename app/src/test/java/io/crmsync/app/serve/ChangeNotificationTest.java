package io.crmsync.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChangeNotificationTest {
    @Test
    void triggerPayload_givesTableIdAndOperation() {
        assertThat(ChangeNotification.parse("{\"table\" : \"customers\", \"id\" : \"42\", \"op\" : \"UPDATE\"}"))
                .isEqualTo(new ChangeNotification("customers", "42", "UPDATE"));
    }

    @Test
    void numericId_isReadAsText() {
        assertThat(ChangeNotification.parse("{\"table\":\"shop.customers\",\"id\":42,\"op\":\"DELETE\"}").id())
                .isEqualTo("42");
    }

    @Test
    void malformedPayloads_areRejectedNamingThePayload() {
        assertThatThrownBy(() -> ChangeNotification.parse("customers:42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customers:42");
        assertThatThrownBy(() -> ChangeNotification.parse("{\"table\":\"customers\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"id\"");
    }
}
