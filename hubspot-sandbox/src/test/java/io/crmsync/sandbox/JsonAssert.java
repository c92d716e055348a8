package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** Shape checks shared by the tests. */
final class JsonAssert {
    private JsonAssert() {
    }

    /** SimplePublicObject: id string, properties of strings or nulls, ISO timestamps, archived flag. */
    static void record(JsonNode n) {
        assertThat(n.get("id").isTextual()).isTrue();
        n.get("properties").elements().forEachRemaining(v -> assertThat(v.isTextual() || v.isNull()).isTrue());
        assertThat(n.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(n.get("updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(n.get("archived").isBoolean()).isTrue();
    }

    /** Error bodies carry a UUID correlationId (§B.10). */
    static void correlationId(JsonNode body) {
        UUID.fromString(body.get("correlationId").asText());
    }
}
