package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deal pipelines API over raw HTTP, and {@code pipeline}/{@code dealstage} as enumerations whose options are
 * the pipelines and their stages (value = id, label = label).
 */
class DealPipelinesTest extends SandboxTestBase {
    private static final String RENEWALS = "{\"label\":\"Renewals\",\"displayOrder\":1,\"stages\":["
            + "{\"label\":\"Up for renewal\",\"displayOrder\":0,\"metadata\":{\"probability\":\"0.5\"}},"
            + "{\"label\":\"Renewed\",\"displayOrder\":1,\"metadata\":{\"probability\":\"1.0\","
            + "\"isClosed\":\"true\"}}]}";

    @Test
    void listDealPipelines_freshAccount_hasTheDefaultPipelineWithSevenStages() {
        Response r = get("/crm/v3/pipelines/deals");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("results")).hasSize(1);
        JsonNode p = r.json().at("/results/0");
        assertThat(p.get("id").asText()).isEqualTo("default");
        assertThat(p.get("label").asText()).isEqualTo("Sales Pipeline");
        assertThat(p.get("archived").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        p.get("stages").forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).containsExactly("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
                "decisionmakerboughtin", "contractsent", "closedwon", "closedlost");
        JsonNode won = p.at("/stages/5");
        assertThat(won.get("label").asText()).isEqualTo("Closed won");
        assertThat(won.get("displayOrder").asInt()).isEqualTo(5);
        assertThat(won.at("/metadata/probability").asText()).isEqualTo("1.0");
        assertThat(won.at("/metadata/isClosed").asText()).isEqualTo("true");
        assertThat(p.at("/stages/0/metadata/isClosed").asText()).isEqualTo("false");
    }

    @Test
    void getPipeline_byIdAndItsStages_orNotFound() {
        assertThat(get("/crm/v3/pipelines/deals/default").json().get("label").asText()).isEqualTo("Sales Pipeline");
        Response stages = get("/crm/v3/pipelines/deals/default/stages");
        assertThat(stages.status()).isEqualTo(200);
        assertThat(stages.json().get("results")).hasSize(7);
        Response missing = get("/crm/v3/pipelines/deals/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(get("/crm/v3/pipelines/contacts").status()).isEqualTo(400);
    }

    @Test
    void createPipeline_addsItsStagesToTheDealstageOptions_andSurvivesARestart() {
        Response created = post("/crm/v3/pipelines/deals", RENEWALS);

        assertThat(created.status()).isEqualTo(201);
        String pipelineId = created.json().get("id").asText();
        String renewedId = created.json().at("/stages/1/id").asText();
        assertThat(pipelineId).isNotEqualTo("default").isNotEqualTo(renewedId);
        assertThat(created.json().at("/stages/1/metadata/isClosed").asText()).isEqualTo("true");

        server.stop();
        server = SandboxServer.start(0, dataDir, options());

        assertThat(get("/crm/v3/pipelines/deals").json().get("results")).hasSize(2);
        JsonNode stage = get("/crm/v3/properties/deals/dealstage").json();
        assertThat(stage.get("type").asText()).isEqualTo("enumeration");
        assertThat(optionLabel(stage, renewedId)).isEqualTo("Renewed");
        assertThat(optionLabel(stage, "closedwon")).isEqualTo("Closed won");
        assertThat(optionLabel(get("/crm/v3/properties/deals/pipeline").json(), pipelineId)).isEqualTo("Renewals");
        Response deal = post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"Acme renewal\","
                + "\"pipeline\":\"" + pipelineId + "\",\"dealstage\":\"" + renewedId + "\"}}");
        assertThat(deal.status()).as(deal.raw().body()).isEqualTo(201);
        assertThat(deal.json().at("/properties/dealstage").asText()).isEqualTo(renewedId);
    }

    @Test
    void pipelines_listByDisplayOrderThenLabel_andStageOptionsFollowThatOrder() {
        post("/crm/v3/pipelines/deals", RENEWALS.replaceFirst("\"displayOrder\":1,", "\"displayOrder\":-1,"));
        post("/crm/v3/pipelines/deals", "{\"label\":\"Partners\",\"displayOrder\":0,\"stages\":[{\"label\":"
                + "\"Closed won\",\"metadata\":{\"probability\":\"1.0\",\"isClosed\":\"true\"}}]}");

        List<String> labels = new ArrayList<>();
        get("/crm/v3/pipelines/deals").json().get("results").forEach(p -> labels.add(p.get("label").asText()));
        List<String> stageLabels = new ArrayList<>();
        get("/crm/v3/properties/deals/dealstage").json().get("options")
                .forEach(o -> stageLabels.add(o.get("label").asText()));

        assertThat(labels).containsExactly("Renewals", "Partners", "Sales Pipeline");
        assertThat(stageLabels.subList(0, 3)).containsExactly("Up for renewal", "Renewed", "Closed won");
        assertThat(stageLabels).hasSize(10);
    }

    @Test
    void createDeal_withAStageLabelOrUnknownStage_isRefusedAsInvalidOption() {
        Response byLabel = post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"A\",\"pipeline\":"
                + "\"default\",\"dealstage\":\"Closed won\"}}");
        Response unknownPipeline = post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"B\","
                + "\"pipeline\":\"Sales Pipeline\",\"dealstage\":\"closedwon\"}}");

        assertThat(byLabel.status()).isEqualTo(400);
        assertThat(byLabel.json().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(byLabel.json().get("message").asText()).contains("\"error\":\"INVALID_OPTION\"")
                .contains("\"name\":\"dealstage\"");
        assertThat(unknownPipeline.status()).isEqualTo(400);
        assertThat(unknownPipeline.json().get("message").asText()).contains("\"name\":\"pipeline\"");
        assertThat(post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"C\",\"pipeline\":\"default\","
                + "\"dealstage\":\"closedwon\"}}").status()).isEqualTo(201);
    }

    @Test
    void createPipeline_badInput_namesTheProblem() {
        Response noStages = post("/crm/v3/pipelines/deals", "{\"label\":\"Empty\",\"stages\":[]}");
        Response twice = post("/crm/v3/pipelines/deals", "{\"label\":\"Twice\",\"stages\":[{\"label\":\"X\","
                + "\"metadata\":{\"probability\":\"0.1\"}},{\"label\":\"X\",\"metadata\":{\"probability\":\"0.2\"}}]}");
        Response probability = post("/crm/v3/pipelines/deals", "{\"label\":\"P\",\"stages\":[{\"label\":\"X\","
                + "\"metadata\":{\"probability\":\"2\"}}]}");
        post("/crm/v3/pipelines/deals", RENEWALS);
        Response sameLabel = post("/crm/v3/pipelines/deals", RENEWALS);

        assertThat(noStages.status()).isEqualTo(400);
        assertThat(noStages.json().get("message").asText()).contains("at least one stage");
        assertThat(twice.json().get("message").asText()).contains("'X'");
        assertThat(probability.json().get("message").asText()).contains("probability").contains("got 2");
        assertThat(sameLabel.status()).isEqualTo(409);
        assertThat(get("/crm/v3/pipelines/deals").json().get("results")).hasSize(2);
    }

    private static String optionLabel(JsonNode property, String value) {
        for (JsonNode o : property.get("options")) {
            if (o.get("value").asText().equals(value)) {
                return o.get("label").asText();
            }
        }
        return null;
    }
}
