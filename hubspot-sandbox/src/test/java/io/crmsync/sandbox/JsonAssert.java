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

    /** Error bodies carry a UUID correlationId (§B.10), in the canonical 8-4-4-4-12 lower-case hex form. */
    static void correlationId(JsonNode body) {
        String id = body.get("correlationId").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    /** The §B.10 error shape: status "error", a message, a category and a correlationId. */
    static void error(JsonNode body, String category) {
        assertThat(body.get("status").asText()).isEqualTo("error");
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("category").asText()).isEqualTo(category);
        correlationId(body);
    }
}
