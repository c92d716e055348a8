package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code POST /crm/v3/properties/{objectType}} (hubspot.md §B.6) and validation of custom number values (§B.10). */
class PropertyCreateTest extends SandboxTestBase {
    private static final String SEATS = "{\"name\":\"seats\",\"label\":\"Seats\",\"type\":\"number\","
            + "\"fieldType\":\"number\",\"groupName\":\"contactinformation\"}";

    @Test
    void createProperty_number_returns201WithPropertyShape() {
        Response r = post("/crm/v3/properties/contacts", SEATS);

        assertThat(r.status()).isEqualTo(201);
        JsonNode p = r.json();
        assertThat(p.get("name").asText()).isEqualTo("seats");
        assertThat(p.get("label").asText()).isEqualTo("Seats");
        assertThat(p.get("type").asText()).isEqualTo("number");
        assertThat(p.get("fieldType").asText()).isEqualTo("number");
        assertThat(p.get("groupName").asText()).isEqualTo("contactinformation");
        assertThat(p.get("options").isArray()).isTrue();
        assertThat(p.get("hasUniqueValue").asBoolean()).isFalse();
        assertThat(p.get("hubspotDefined").asBoolean()).isFalse();
        assertThat(p.at("/modificationMetadata/readOnlyValue").asBoolean()).isFalse();
        assertThat(p.get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(p.get("archived").asBoolean()).isFalse();
    }

    @Test
    void createProperty_thenGetAndList_includeIt() {
        post("/crm/v3/properties/contacts", SEATS);

        Response one = get("/crm/v3/properties/0-1/seats");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("type").asText()).isEqualTo("number");
        List<String> names = new ArrayList<>();
        get("/crm/v3/properties/contacts").json().get("results").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("email", "seats");
        assertThat(names.get(names.size() - 1)).isEqualTo("seats");
        assertThat(get("/crm/v3/properties/companies/seats").status()).isEqualTo(404);
    }

    @Test
    void createProperty_enumerationWithOptionsAndUnique_keepsThem() {
        Response r = post("/crm/v3/properties/companies", "{\"name\":\"tier\",\"label\":\"Tier\",\"type\":"
                + "\"enumeration\",\"fieldType\":\"select\",\"groupName\":\"companyinformation\",\"options\":["
                + "{\"label\":\"Gold\",\"value\":\"gold\",\"displayOrder\":0},{\"label\":\"Silver\",\"value\":"
                + "\"silver\",\"displayOrder\":1}]}");
        Response u = post("/crm/v3/properties/companies", "{\"name\":\"ext_id\",\"label\":\"External id\",\"type\":"
                + "\"string\",\"fieldType\":\"text\",\"groupName\":\"companyinformation\",\"hasUniqueValue\":true}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/options/1/value").asText()).isEqualTo("silver");
        assertThat(u.json().get("hasUniqueValue").asBoolean()).isTrue();
        assertThat(post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"A\",\"tier\":\"bronze\"}}")
                .json().at("/errors/0/code").asText()).isEqualTo("INVALID_OPTION");
        assertThat(post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"A\",\"tier\":\"gold\"}}")
                .status()).isEqualTo(201);
    }

    @Test
    void createProperty_existingName_returns409Conflict() {
        assertThat(post("/crm/v3/properties/contacts", SEATS).status()).isEqualTo(201);

        Response again = post("/crm/v3/properties/contacts", SEATS);
        Response builtIn = post("/crm/v3/properties/contacts", "{\"name\":\"email\",\"label\":\"E\",\"type\":"
                + "\"string\",\"fieldType\":\"text\",\"groupName\":\"contactinformation\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("category").asText()).isEqualTo("CONFLICT");
        JsonAssert.correlationId(again.json());
        assertThat(builtIn.status()).isEqualTo(409);
    }

    @Test
    void createProperty_invalidDefinitions_return400() {
        assertThat(post("/crm/v3/properties/contacts", "{\"name\":\"x\",\"label\":\"X\",\"type\":\"number\","
                + "\"fieldType\":\"number\"}").status()).as("no groupName").isEqualTo(400);
        assertThat(post("/crm/v3/properties/contacts", "{\"name\":\"x\",\"label\":\"X\",\"type\":\"number\","
                + "\"fieldType\":\"select\",\"groupName\":\"g\"}").status()).as("bad pair").isEqualTo(400);
        assertThat(post("/crm/v3/properties/contacts", "{\"name\":\"x\",\"label\":\"X\",\"type\":\"money\","
                + "\"fieldType\":\"number\",\"groupName\":\"g\"}").status()).as("bad type").isEqualTo(400);
        assertThat(post("/crm/v3/properties/contacts", "{\"name\":\"x\",\"label\":\"X\",\"type\":\"enumeration\","
                + "\"fieldType\":\"select\",\"groupName\":\"g\"}").status()).as("no options").isEqualTo(400);
        Response r = post("/crm/v3/properties/contacts", "{\"name\":\"Bad Name\",\"label\":\"X\",\"type\":"
                + "\"string\",\"fieldType\":\"text\",\"groupName\":\"g\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(get("/crm/v3/properties/contacts/x").status()).isEqualTo(404);
    }

    @Test
    void customNumberProperty_acceptsNumbersAndRejectsOtherValuesAsValidationError() {
        post("/crm/v3/properties/contacts", SEATS);

        Response ok = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"a@example.com\","
                + "\"seats\":\"12\"}}");
        Response decimal = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"b@example.com\","
                + "\"seats\":2.5}}");
        Response bad = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"c@example.com\","
                + "\"seats\":\"12;34\"}}");

        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().at("/properties/seats").asText()).isEqualTo("12");
        assertThat(decimal.status()).isEqualTo(201);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(bad.json().get("message").asText()).startsWith("Property values were not valid: [")
                .contains("\"error\":\"INVALID_INTEGER\"").contains("\"name\":\"seats\"");
        assertThat(bad.json().at("/errors/0/code").asText()).isEqualTo("INVALID_INTEGER");
        assertThat(bad.json().at("/errors/0/context/propertyName/0").asText()).isEqualTo("seats");
        String id = ok.json().get("id").asText();
        assertThat(call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"seats\":\"many\"}}")
                .status()).isEqualTo(400);
        assertThat(call("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"seats\":\"\"}}")
                .status()).as("clearing").isEqualTo(200);
    }

    @Test
    void createProperty_persistsAcrossRestart() {
        post("/crm/v3/properties/contacts", SEATS);
        server.stop();
        server = SandboxServer.start(0, dataDir, options());

        Response r = get("/crm/v3/properties/contacts/seats");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("createdAt").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
        assertThat(post("/crm/v3/properties/contacts", SEATS).status()).isEqualTo(409);
        assertThat(post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"a@example.com\","
                + "\"seats\":\"x\"}}").status()).isEqualTo(400);
    }
}
