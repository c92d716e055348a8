package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leads object type (0-136, hubspot.md §B.1) over raw HTTP. */
class LeadsObjectTest extends SandboxTestBase {

    @Test
    void createLead_byNameOrTypeId_readBackWithStage() {
        Response created = post("/crm/v3/objects/leads", json(Map.of("properties",
                Map.of("hs_lead_name", "Ada - new business", "hs_pipeline_stage", "qualified-stage-id"))));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.json().get("id").asText();

        Response read = get("/crm/v3/objects/0-136/" + id + "?properties=hs_lead_name,hs_pipeline_stage,hs_lastmodifieddate");

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().at("/properties/hs_lead_name").asText()).isEqualTo("Ada - new business");
        assertThat(read.json().at("/properties/hs_pipeline_stage").asText()).isEqualTo("qualified-stage-id");
        assertThat(read.json().at("/properties/hs_lastmodifieddate").asText()).isEqualTo("2026-01-15T10:00:00.123Z");
    }

    @Test
    void leadStage_unknownValueRefusedAsInvalidOption() {
        Response r = post("/crm/v3/objects/leads", json(Map.of("properties",
                Map.of("hs_lead_name", "Bob", "hs_pipeline_stage", "Qualified"))));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("INVALID_OPTION").contains("hs_pipeline_stage");
    }

    @Test
    void leadProperties_stagesLabelledAndSearchable() {
        JsonNode stage = get("/crm/v3/properties/leads/hs_pipeline_stage").json();
        List<String> labels = new ArrayList<>();
        stage.get("options").forEach(o -> labels.add(o.get("value").asText() + "=" + o.get("label").asText()));
        assertThat(labels).contains("new-stage-id=New", "qualified-stage-id=Qualified",
                "unqualified-stage-id=Disqualified");
        post("/crm/v3/objects/leads", json(Map.of("properties", Map.of("hs_lead_name", "Cy"))));

        Response found = post("/crm/v3/objects/leads/search", json(Map.of("filterGroups", List.of(Map.of(
                "filters", List.of(Map.of("propertyName", "hs_lead_name", "operator", "EQ", "value", "cy")))))));

        assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
        assertThat(found.json().get("total").asInt()).isEqualTo(1);
    }
}
