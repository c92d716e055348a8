package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code POST …/batch/upsert} with {@code idProperty} (hubspot.md §B.3, §B.13, §B.14). */
class BatchUpsertTest extends SandboxTestBase {
    private static final String UPSERT = "/crm/v3/objects/contacts/batch/upsert";

    @Test
    void upsertByEmail_updatesExistingAndCreatesNew_returns200WithNewFlags() {
        String existing = createContact("old@example.com");
        String body = "{\"inputs\":["
                + "{\"id\":\"OLD@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"Olga\"}},"
                + "{\"id\":\"fresh@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"Fay\"}}]}";
        Response r = post(UPSERT, body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(2);
        JsonNode updated = results.get(0);
        JsonAssert.record(updated);
        assertThat(updated.get("id").asText()).isEqualTo(existing);
        assertThat(updated.get("new").asBoolean()).isFalse();
        assertThat(updated.at("/properties/firstname").asText()).isEqualTo("Olga");
        JsonNode created = results.get(1);
        assertThat(created.get("new").asBoolean()).isTrue();
        assertThat(created.at("/properties/email").asText()).isEqualTo("fresh@example.com");
        assertThat(get("/crm/v3/objects/contacts/fresh@example.com?idProperty=email&properties=firstname")
                .json().at("/properties/firstname").asText()).isEqualTo("Fay");
    }

    @Test
    void upsertTwice_isIdempotent_noDuplicateContact() {
        String body = "{\"inputs\":[{\"id\":\"same@example.com\",\"idProperty\":\"email\","
                + "\"properties\":{\"lastname\":\"One\"}}]}";
        Response first = post(UPSERT, body);
        Response second = post(UPSERT, body);
        assertThat(first.json().at("/results/0/new").asBoolean()).isTrue();
        assertThat(second.json().at("/results/0/new").asBoolean()).isFalse();
        assertThat(second.json().at("/results/0/id").asText()).isEqualTo(first.json().at("/results/0/id").asText());
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).hasSize(1);
    }

    @Test
    void upsertByNonUniqueProperty_returns400NonUnique() {
        Response r = post(UPSERT, "{\"inputs\":[{\"id\":\"Ada\",\"idProperty\":\"firstname\",\"properties\":{}}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("message").asText()).contains("Unable to perform update/upsert by non-unique 0-1");
    }

    @Test
    void upsertByHsObjectId_returns400() {
        Response r = post(UPSERT, "{\"inputs\":[{\"id\":\"1\",\"idProperty\":\"hs_object_id\",\"properties\":{}}]}");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void twoInputsForTheSameRecord_return400AndWriteNothing() {
        String body = "{\"inputs\":["
                + "{\"id\":\"twin@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"A\"}},"
                + "{\"id\":\"TWIN@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"B\"}}]}";
        Response r = post(UPSERT, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void invalidPropertyWithoutTraceIds_failsWholeBatch() {
        String body = "{\"inputs\":["
                + "{\"id\":\"ok@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"A\"}},"
                + "{\"id\":\"bad@example.com\",\"idProperty\":\"email\",\"properties\":{\"nope\":\"x\"}}]}";
        Response r = post(UPSERT, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("PROPERTY_DOESNT_EXIST");
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void invalidPropertyWithTraceIdsOnEveryInput_returns207() {
        String body = "{\"inputs\":["
                + "{\"id\":\"ok@example.com\",\"idProperty\":\"email\",\"properties\":{},\"objectWriteTraceId\":\"t1\"},"
                + "{\"id\":\"bad@example.com\",\"idProperty\":\"email\",\"properties\":{\"nope\":\"x\"},"
                + "\"objectWriteTraceId\":\"t2\"}]}";
        Response r = post(UPSERT, body);
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(1);
        assertThat(r.json().at("/results/0/new").asBoolean()).isTrue();
        assertThat(r.json().at("/errors/0/context/objectWriteTraceId/0").asText()).isEqualTo("t2");
    }

    @Test
    void upsert101Inputs_returns400() {
        StringBuilder b = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 101; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"u").append(i)
                    .append("@example.com\",\"idProperty\":\"email\",\"properties\":{}}");
        }
        Response r = post(UPSERT, b.append("]}").toString());
        assertThat(r.status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }
}
