package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchRoutesTest extends SandboxTestBase {

    private static String createInputs(int n, boolean traceIds) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> in = new java.util.LinkedHashMap<>();
            in.put("properties", Map.of("email", "b" + i + "@example.com"));
            if (traceIds) {
                in.put("objectWriteTraceId", "t" + i);
            }
            inputs.add(in);
        }
        return json(Map.of("inputs", inputs));
    }

    @Test
    void batchCreate_101Inputs_returns400() {
        Response r = post("/crm/v3/objects/contacts/batch/create", createInputs(101, false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().get("message").asText()).contains("101").contains("100");
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void batchCreate_100Inputs_returns201Complete() {
        Response r = post("/crm/v3/objects/contacts/batch/create", createInputs(100, false));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(r.json().get("results")).hasSize(100);
        assertThat(r.json().has("startedAt")).isTrue();
        assertThat(r.json().has("completedAt")).isTrue();
        JsonAssert.record(r.json().get("results").get(0));
    }

    @Test
    void batchCreate_oneInvalidWithoutTraceIds_failsWholeBatch() {
        String body = "{\"inputs\":[{\"properties\":{\"email\":\"a@example.com\"}},"
                + "{\"properties\":{\"nope\":\"x\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/create", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("PROPERTY_DOESNT_EXIST");
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void batchCreate_duplicateEmailWithoutTraceIds_returns409AndCreatesNothing() {
        String existing = createContact("dup@example.com");
        String body = "{\"inputs\":[{\"properties\":{\"email\":\"new@example.com\"}},"
                + "{\"properties\":{\"email\":\"DUP@example.com\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/create", body);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asText()).isEqualTo("Contact already exists. Existing ID: " + existing);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).hasSize(1);
    }

    @Test
    void batchCreate_everyInputHasTraceId_returns207WithPerInputErrors() {
        String existing = createContact("dup@example.com");
        String body = "{\"inputs\":[{\"properties\":{\"email\":\"new@example.com\"},\"objectWriteTraceId\":\"a1\"},"
                + "{\"properties\":{\"missing\":\"x\"},\"objectWriteTraceId\":\"b2\"},"
                + "{\"properties\":{\"email\":\"dup@example.com\"},\"objectWriteTraceId\":\"c3\"}]}";
        Response r = post("/crm/v3/objects/contacts/batch/create", body);
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.json().at("/results/0/objectWriteTraceId").asText()).isEqualTo("a1");
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(2);
        assertThat(r.json().at("/errors/0/category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(r.json().at("/errors/0/message").asText()).contains("PROPERTY_DOESNT_EXIST");
        assertThat(r.json().at("/errors/0/context/objectWriteTraceId/0").asText()).isEqualTo("b2");
        assertThat(r.json().at("/errors/1/category").asText()).isEqualTo("CONFLICT");
        assertThat(r.json().at("/errors/1/message").asText()).endsWith("Existing ID: " + existing);
        assertThat(r.json().at("/errors/1/context/objectWriteTraceId/0").asText()).isEqualTo("c3");
    }

    @Test
    void batchCreate_traceIdsOnSomeInputsOnly_isAllOrNothing() {
        String body = "{\"inputs\":[{\"properties\":{\"email\":\"new@example.com\"},\"objectWriteTraceId\":\"a1\"},"
                + "{\"properties\":{\"missing\":\"x\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/create", body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(get("/crm/v3/objects/contacts").json().get("results")).isEmpty();
    }

    @Test
    void batchCreate_traceIdsAllSucceed_returns201() {
        Response r = post("/crm/v3/objects/contacts/batch/create", createInputs(3, true));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().has("errors")).isFalse();
    }

    @Test
    void batchUpdate_returns200AndUpdatesById() {
        String a = createContact("a@example.com");
        String b = createContact("b@example.com");
        String body = "{\"inputs\":[{\"id\":\"" + a + "\",\"properties\":{\"firstname\":\"A\"}},"
                + "{\"id\":\"" + b + "\",\"properties\":{\"firstname\":\"B\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/update", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(get("/crm/v3/objects/contacts/" + b + "?properties=firstname").json()
                .at("/properties/firstname").asText()).isEqualTo("B");
    }

    @Test
    void batchUpdate_unknownIdWithoutTraceIds_returns404AndUpdatesNothing() {
        String a = createContact("a@example.com");
        String body = "{\"inputs\":[{\"id\":\"" + a + "\",\"properties\":{\"firstname\":\"A\"}},"
                + "{\"id\":\"424242\",\"properties\":{\"firstname\":\"B\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/update", body);
        assertThat(r.status()).isEqualTo(404);
        assertThat(get("/crm/v3/objects/contacts/" + a + "?properties=firstname").json()
                .at("/properties/firstname").isNull()).isTrue();
    }

    @Test
    void batchUpdate_byEmailIdProperty_updatesContact() {
        String a = createContact("a@example.com");
        String body = "{\"inputs\":[{\"id\":\"A@example.com\",\"idProperty\":\"email\","
                + "\"properties\":{\"lastname\":\"X\"}}]}";
        Response r = post("/crm/v3/objects/contacts/batch/update", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/results/0/id").asText()).isEqualTo(a);
    }

    @Test
    void batchRead_byIdPropertyEmail_returnsRequestedProperties() {
        String a = createContact("a@example.com");
        String body = "{\"inputs\":[{\"id\":\"a@example.com\"}],\"idProperty\":\"email\",\"properties\":[\"email\"]}";
        Response r = post("/crm/v3/objects/contacts/batch/read", body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/results/0/id").asText()).isEqualTo(a);
        assertThat(r.json().at("/results/0/properties/email").asText()).isEqualTo("a@example.com");
    }

    @Test
    void batchRead_someIdsMissing_returns207WithNotFoundError() {
        String a = createContact("a@example.com");
        Response r = post("/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"" + a + "\"},{\"id\":\"999\"}],\"properties\":[]}");
        assertThat(r.status()).isEqualTo(207);
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.json().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(r.json().at("/errors/0/context/ids/0").asText()).isEqualTo("999");
    }

    @Test
    void batchNonNumericNonUniqueIdProperty_returns400() {
        createContact("a@example.com");
        Response r = post("/crm/v3/objects/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"Ada\"}],\"idProperty\":\"firstname\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("non-unique 0-1 property");
    }

    @Test
    void batchArchive_returns204AndArchives() {
        String a = createContact("a@example.com");
        Response r = post("/crm/v3/objects/contacts/batch/archive",
                "{\"inputs\":[{\"id\":\"" + a + "\"},{\"id\":\"777\"}]}");
        assertThat(r.status()).isEqualTo(204);
        assertThat(get("/crm/v3/objects/contacts/" + a).status()).isEqualTo(404);
    }
}
