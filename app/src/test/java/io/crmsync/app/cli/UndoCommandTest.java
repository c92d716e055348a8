package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync undo RUN_ID} between two real SQLite apps, with the audit log in an H2 state store file. */
class UndoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
    private static final Pattern RUN_ID = Pattern.compile("run id +(\\d+)");

    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
        assertThat(fx.runOnceWithOldChangeTimes().code()).isZero();
    }

    @Test
    void undo_runUpdatedThree_oneEditedAgain_revertsTwoAndReportsTheThird() throws Exception {
        for (String[] edit : new String[][] {{"ann", "Anna"}, {"bob", "Robert"}, {"cy", "Cyrus"}}) {
            CliFixture.sql(fx.crmDb, "UPDATE contacts SET first_name = '" + edit[1] + "', updated_at = " + NOW
                    + " WHERE email = '" + edit[0] + "@example.com'");
        }
        long run = runId(fx.cli("run"));
        assertThat(names(fx.shopDb)).containsExactly("Anna", "Cyrus", "Robert");
        CliFixture.sql(fx.shopDb, "UPDATE contacts SET first_name = 'Cyril', updated_at = " + NOW
                + " WHERE email = 'cy@example.com'");

        Result review = fx.cliWithInput("n\n", "undo", Long.toString(run));
        assertThat(review.code()).as(review.err()).isZero();
        assertThat(review.out()).contains("revert       shop contacts 1: firstname \"Anna\" → \"Ann\"")
                .contains("revert       shop contacts 3: firstname \"Robert\" → \"Bob\"")
                .contains("left alone   shop contacts 2: firstname changed since run " + run
                        + ", left alone (now \"Cyril\"; the run wrote \"Cyrus\")")
                .contains("cancelled; nothing written");
        assertThat(names(fx.shopDb)).containsExactly("Anna", "Cyril", "Robert");

        Result undo = fx.cli("undo", Long.toString(run), "--yes");
        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("undone: 2 records written as run");
        assertThat(names(fx.shopDb)).containsExactly("Ann", "Bob", "Cyril");
        assertThat(names(fx.crmDb)).as("the other app keeps its values").containsExactly("Anna", "Cyrus", "Nomail",
                "Robert");

        // The revert is not pushed to crm, nor the undone write re-applied; Cy's own edit in shop still syncs.
        JsonNode next = JSON.readTree(fx.cli("run", "--json").out()).get("objectSyncs").get(0);
        assertThat(next.get("updated").get("shop").asInt()).isZero();
        assertThat(next.get("updated").get("crm").asInt()).isEqualTo(1);
        assertThat(next.get("writes").asInt()).isEqualTo(1);
        assertThat(names(fx.shopDb)).containsExactly("Ann", "Bob", "Cyril");
        assertThat(names(fx.crmDb)).containsExactly("Anna", "Cyril", "Nomail", "Robert");
        assertThat(JSON.readTree(fx.cli("run", "--json").out()).get("objectSyncs").get(0).get("writes").asInt())
                .isZero();
    }

    @Test
    void undo_ofAnUndo_writesTheRunsValuesAgain() throws Exception {
        CliFixture.sql(fx.crmDb, "UPDATE contacts SET first_name = 'Robert', updated_at = " + NOW
                + " WHERE email = 'bob@example.com'");
        long run = runId(fx.cli("run"));
        Result undo = fx.cli("undo", Long.toString(run), "--yes");
        assertThat(names(fx.shopDb)).contains("Bob");
        Matcher m = Pattern.compile("written as run (\\d+)").matcher(undo.out());
        assertThat(m.find()).as(undo.out()).isTrue();

        Result redo = fx.cli("undo", m.group(1), "--yes");

        assertThat(redo.code()).as(redo.err()).isZero();
        assertThat(names(fx.shopDb)).contains("Robert").doesNotContain("Bob");
        assertThat(JSON.readTree(fx.cli("run", "--json").out()).get("objectSyncs").get(0).get("writes").asInt())
                .isZero();
    }

    @Test
    void undo_runThatCreated_archivesTheCreatedRecord_andTheNextRunWritesNothing() throws Exception {
        CliFixture.sql(fx.crmDb, "INSERT INTO contacts (email, first_name, updated_at) VALUES ('dan@example.com',"
                + " 'Dan', " + NOW + ")");
        long run = runId(fx.cli("run"));
        assertThat(names(fx.shopDb)).contains("Dan");

        Result review = fx.cli("undo", Long.toString(run), "--json");
        JsonNode root = JSON.readTree(review.out());
        assertThat(root.get("applied").asBoolean()).isFalse();
        assertThat(root.get("records").get(0).get("action").asText()).isEqualTo("ARCHIVE");
        assertThat(names(fx.shopDb)).as("--json without --yes only reviews").contains("Dan");

        Result undo = fx.cli("undo", Long.toString(run), "--yes", "--json");
        assertThat(undo.code()).as(undo.err()).isZero();
        JsonNode applied = JSON.readTree(undo.out());
        assertThat(applied.get("applied").asBoolean()).isTrue();
        assertThat(names(fx.shopDb)).doesNotContain("Dan");
        Result again = fx.cli("undo", applied.get("undoRun").asText());
        assertThat(again.out()).as("the archive is undone by re-creating, not here")
                .contains("cannot undo").contains("crmsync resync-deleted").contains("nothing to undo");
        assertThat(names(fx.crmDb)).as("the source record stays").contains("Dan");

        JsonNode next = JSON.readTree(fx.cli("run", "--json").out()).get("objectSyncs").get(0);
        assertThat(next.get("writes").asInt()).isZero();
        assertThat(next.get("failed").get("RECORD_DELETED").asInt()).as("a deleted partner, as after any delete")
                .isEqualTo(1);
        assertThat(names(fx.shopDb)).doesNotContain("Dan");
        CliFixture.sql(fx.crmDb, "UPDATE contacts SET first_name = 'Danny', updated_at = " + NOW
                + " WHERE email = 'dan@example.com'");
        assertThat(JSON.readTree(fx.cli("run", "--json").out()).get("objectSyncs").get(0).get("writes").asInt())
                .as("an edit of the source does not create it again").isZero();
    }

    @Test
    void undo_createdRecordEditedSince_isLeftAlone() {
        CliFixture.sql(fx.crmDb, "INSERT INTO contacts (email, first_name, updated_at) VALUES ('dan@example.com',"
                + " 'Dan', " + NOW + ")");
        long run = runId(fx.cli("run"));
        CliFixture.sql(fx.shopDb, "UPDATE contacts SET first_name = 'Daniel' WHERE email = 'dan@example.com'");

        Result undo = fx.cli("undo", Long.toString(run), "--yes");

        assertThat(undo.code()).as(undo.err()).isZero();
        assertThat(undo.out()).contains("created by run " + run + " and edited since; not archived")
                .contains("nothing to undo");
        assertThat(names(fx.shopDb)).contains("Daniel");
    }

    @Test
    void undo_unknownRun_exitCode2() {
        Result r = fx.cli("undo", "999", "--yes");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no run 999 in the state store").contains("prints its id in its summary")
                .doesNotContain("run --json");
    }

    private static long runId(Result run) {
        assertThat(run.code()).as(run.err()).isZero();
        Matcher m = RUN_ID.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<String> names(Path db) {
        return CliFixture.rows(db, "contacts").stream().map(r -> r.get(2)).sorted().toList();
    }
}
