package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan}, {@code run} and {@code status} on two real SQLite apps, text and JSON. */
class PlanRunStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("sync", "object", "linked", "created", "updated", "deleted",
            "conflicts", "writes", "syncing", "failed", "excluded");

    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
    }

    @Test
    void planJsonHasTheDesignShapeAndWritesNothing() throws Exception {
        var crmBefore = CliFixture.rows(fx.crmDb, "contacts");
        var shopBefore = CliFixture.rows(fx.shopDb, "contacts");

        Result r = fx.cli("plan", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode os = only(r.out());
        assertThat(fieldNames(os)).containsExactlyElementsOf(KEYS);
        assertThat(os.get("sync").asText()).isEqualTo("crm-shop");
        assertThat(os.get("object").asText()).isEqualTo("contacts");
        assertThat(os.get("linked").asInt()).isEqualTo(1);
        assertThat(os.get("created").get("crm").asInt()).isEqualTo(1);
        assertThat(os.get("created").get("shop").asInt()).isEqualTo(1);
        assertThat(os.get("updated").get("shop").asInt()).isEqualTo(1);
        assertThat(os.get("updated").get("crm").asInt()).isZero();
        assertThat(os.get("conflicts").asInt()).isEqualTo(1);
        assertThat(os.get("writes").asInt()).isEqualTo(3);
        // syncing, failed and excluded count the records as they stand in the store: none before a run.
        assertThat(os.get("syncing").asInt()).isZero();
        assertThat(os.get("excluded").size()).isZero();
        assertThat(CliFixture.rows(fx.crmDb, "contacts")).isEqualTo(crmBefore);
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).isEqualTo(shopBefore);
        // Nothing was linked either: a real run afterwards still does the whole initial sync.
        assertThat(only(fx.cli("run", "--json").out()).get("writes").asInt()).isEqualTo(3);
    }

    @Test
    void planJsonAfterARunCountsFailedAndExcludedRecordsAsTheyStand() throws Exception {
        CliFixture.sql(fx.crmDb, "INSERT INTO contacts (email, first_name, seats) VALUES ('dee@example.com', 'Dee',"
                + " '12;34')");
        assertThat(fx.cli("run").code()).isEqualTo(1);

        Result r = fx.cli("plan", "--json");

        JsonNode os = only(r.out());
        assertThat(os.get("syncing").asInt()).isEqualTo(3);
        assertThat(os.get("excluded").get("NO_IDENTIFIER").asInt()).isEqualTo(1);
        assertThat(os.get("failed").get("INVALID_VALUE").asInt()).isEqualTo(1);
        assertThat(os.get("created").get("shop").asInt()).isZero();
    }

    @Test
    void planTextShowsCountsAndSamplesOfEachKind() {
        Result r = fx.cli("plan");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: plan of the initial sync")
                .contains("created          crm 1, shop 1")
                .contains("updated          crm 0, shop 1")
                .contains("NO_IDENTIFIER")
                .contains("in shop from crm 2: email=\"bob@example.com\"")
                .contains("shop.firstname: \"Annie\" → \"Ann\"")
                .contains("links (matched):\n    crm 1 ↔ shop 1")
                .contains("crm wins")
                .contains("crm 3: NO_IDENTIFIER");
    }

    @Test
    void planSampleLimitsTheExamples() {
        Result r = fx.cli("plan", "--sample", "0");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("writes           3").doesNotContain("creates").doesNotContain("links");
    }

    @Test
    void aSecondRunWithNoChangeMakesZeroWrites() throws Exception {
        Result first = fx.cli("run", "--json");
        Result second = fx.cli("run", "--json");

        assertThat(first.code()).as(first.err()).isZero();
        JsonNode one = only(first.out());
        assertThat(fieldNames(one)).containsExactlyElementsOf(KEYS);
        assertThat(one.get("writes").asInt()).isEqualTo(3);
        assertThat(one.get("linked").asInt()).isEqualTo(1);
        assertThat(one.get("syncing").asInt()).isEqualTo(3);
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).hasSize(3);
        assertThat(CliFixture.rows(fx.crmDb, "contacts")).hasSize(4);

        assertThat(second.code()).as(second.err()).isZero();
        JsonNode two = only(second.out());
        assertThat(two.get("writes").asInt()).isZero();
        assertThat(two.get("syncing").asInt()).isEqualTo(3);
        assertThat(two.get("excluded").get("NO_IDENTIFIER").asInt()).isEqualTo(1);
    }

    @Test
    void runTextSummarisesEachObjectSync() {
        Result r = fx.cli("run");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: initial sync")
                .contains("matched          1")
                .contains("created          crm 1, shop 1")
                .contains("writes           3")
                .contains("NO_IDENTIFIER            1  The record has no identifier");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statusJsonShowsTheLastRunAndTheRecordsAsTheyStand() throws Exception {
        Result before = fx.cli("status", "--json");
        assertThat(before.code()).isZero();
        assertThat(only(before.out()).get("writes").asInt()).isZero();

        fx.cli("run");
        Result r = fx.cli("status", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode os = only(r.out());
        assertThat(fieldNames(os)).containsExactlyElementsOf(KEYS);
        assertThat(os.get("writes").asInt()).isEqualTo(3);
        assertThat(os.get("created").get("shop").asInt()).isEqualTo(1);
        assertThat(os.get("syncing").asInt()).isEqualTo(3);
        assertThat(os.get("failed").size()).isZero();
        assertThat(os.get("excluded").get("NO_IDENTIFIER").asInt()).isEqualTo(1);
    }

    @Test
    void statusTextShowsStatesWithHintsAndTheLastRun() {
        assertThat(fx.cli("status").out()).contains("last run         none yet");
        fx.cli("run");

        Result r = fx.cli("status");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: crm contacts ↔ shop contacts")
                .contains("syncing          3")
                .contains("excluded         1")
                .contains("NO_IDENTIFIER            1  The record has no identifier")
                .contains("last run         3 writes");
    }

    @Test
    void aRecordThatFailsMakesRunAndStatusExit1() throws Exception {
        CliFixture.sql(fx.crmDb, "INSERT INTO contacts (email, first_name, seats) VALUES ('dee@example.com', 'Dee',"
                + " '12;34')");

        Result run = fx.cli("run");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("failed this run  1").contains("INVALID_VALUE")
                .contains("Fix the value named in the message");

        Result again = fx.cli("run", "--json");
        assertThat(again.code()).as("still FAILED after a run with no change").isEqualTo(1);
        assertThat(only(again.out()).get("failed").get("INVALID_VALUE").asInt()).isEqualTo(1);

        Result status = fx.cli("status");
        assertThat(status.code()).isEqualTo(1);
        assertThat(status.out()).contains("INVALID_VALUE            1  Fix the value named in the message");
    }

    @Test
    void aTurnedOffObjectSyncIsSkippedWithANote() throws Exception {
        fx.writeConfig(fx.yaml().replace("defaultApp: crm", "defaultApp: crm\n        enabled: false"));

        Result r = fx.cli("run", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("crm-shop/contacts is turned off");
        assertThat(JSON.readTree(r.out()).get("objectSyncs").size()).isZero();
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).hasSize(2);
    }

    private static JsonNode only(String out) throws Exception {
        JsonNode root = JSON.readTree(out);
        assertThat(fieldNames(root)).containsExactly("objectSyncs");
        assertThat(root.get("objectSyncs").size()).isEqualTo(1);
        return root.get("objectSyncs").get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
