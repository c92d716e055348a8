package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropertyRoutesTest extends SandboxTestBase {

    @Test
    void listProperties_contacts_includesTypesOptionsAndMetadata() {
        Response r = get("/crm/v3/properties/contacts");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("paging")).isFalse();
        List<String> names = new ArrayList<>();
        r.json().get("results").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).contains("email", "firstname", "lastname", "createdate", "lastmodifieddate",
                "hs_object_id", "lifecyclestage");
        for (JsonNode p : r.json().get("results")) {
            assertThat(p.get("type").asText()).isIn("string", "number", "date", "datetime", "enumeration", "bool",
                    "phone_number");
            assertThat(p.has("fieldType") && p.has("groupName") && p.has("label") && p.has("options")).isTrue();
            assertThat(p.at("/modificationMetadata/readOnlyValue").isBoolean()).isTrue();
            assertThat(p.at("/modificationMetadata/readOnlyDefinition").asBoolean())
                    .as("HubSpot-defined definitions are read-only").isTrue();
            assertThat(p.at("/modificationMetadata/archivable").asBoolean()).isFalse();
            assertThat(p.get("hasUniqueValue").isBoolean()).isTrue();
            p.get("options").forEach(o -> assertThat(o.has("label") && o.has("value")).isTrue());
        }
    }

    @Test
    void getProperty_email_isUniqueAndWritable() {
        Response r = get("/crm/v3/properties/contacts/email");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("hasUniqueValue").asBoolean()).isTrue();
        assertThat(r.json().at("/modificationMetadata/readOnlyValue").asBoolean()).isFalse();
    }

    @Test
    void getProperty_lastModifiedDate_isReadOnlyDatetime() {
        Response r = get("/crm/v3/properties/0-2/hs_lastmodifieddate");
        assertThat(r.json().get("type").asText()).isEqualTo("datetime");
        assertThat(r.json().get("fieldType").asText()).isEqualTo("date");
        assertThat(r.json().at("/modificationMetadata/readOnlyValue").asBoolean()).isTrue();
    }

    @Test
    void getProperty_enumeration_listsOptionValues() {
        Response r = get("/crm/v3/properties/products/hs_recurring_billing_period");
        assertThat(r.json().get("type").asText()).isEqualTo("enumeration");
        assertThat(r.json().get("options")).extracting(o -> o.get("value").asText()).contains("P1M", "P12M");
    }

    @Test
    void getProperty_deals_requiredPropertiesExist() {
        for (String name : List.of("dealname", "dealstage", "pipeline", "amount", "closedate")) {
            assertThat(get("/crm/v3/properties/deals/" + name).status()).as(name).isEqualTo(200);
        }
    }

    @Test
    void getProperty_unknown_returns404() {
        Response r = get("/crm/v3/properties/companies/nope");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
    }
}
