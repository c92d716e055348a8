package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.bind.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crmsync resync-deleted} and {@code restore-deleted} between two real SQLite apps: the review list, nothing
 * written without {@code --yes} (nor when a user at a terminal says no), the re-created record linked again,
 * JSON, and usage errors (exit code 2).
 * Bob is synced into the shop, deleted there, and edited in the crm so that a run finds him gone.
 */
class ResyncDeletedCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    CliFixture f;

    @BeforeEach
    void bobDeletedInShop() {
        f = new CliFixture(dir);
        assertThat(f.cli("run").code()).isZero();
        CliFixture.sql(f.shopDb, "DELETE FROM contacts WHERE email = 'bob@example.com'");
        CliFixture.sql(f.crmDb, "UPDATE contacts SET first_name = 'Bobby', updated_at = strftime('%Y-%m-%dT%H:%M:%fZ',"
                + " 'now', '+1 second') WHERE email = 'bob@example.com'");
        assertThat(f.cli("run").code()).as("a deleted record fails").isEqualTo(Main.FAILED);
        assertThat(f.cli("records", "--state", "failed").out()).contains("RECORD_DELETED");
    }

    private String crmId(String email) {
        return CliFixture.rows(f.crmDb, "contacts").stream().filter(r -> email.equals(r.get(1))).findFirst()
                .orElseThrow().get(0);
    }

    private List<String> shopRow(String email) {
        return CliFixture.rows(f.shopDb, "contacts").stream().filter(r -> email.equals(r.get(1))).findFirst()
                .orElse(null);
    }

    @Test
    void withoutYes_notATerminal_listsTheRecord_writesNothing() {
        List<List<String>> before = CliFixture.rows(f.shopDb, "contacts");

        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: 1 record deleted in shop, to re-create from crm")
                .contains("crm " + crmId("bob@example.com") + "  bob@example.com  (deleted in shop: ")
                .contains("nothing written; pass --yes to re-create 1 record in shop");
        assertThat(CliFixture.rows(f.shopDb, "contacts")).isEqualTo(before);
    }

    @Test
    void withYes_recreatesFromTheCrmCopy_linkSyncing_nextRunWritesNothing() throws Exception {
        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: re-created 1 record in shop");
        assertThat(shopRow("bob@example.com").get(2)).isEqualTo("Bobby");
        assertThat(f.cli("records", "--state", "failed").out()).doesNotContain("RECORD_DELETED");
        JsonNode next = JSON.readTree(f.cli("run", "--json").out());
        assertThat(next.at("/objectSyncs/0/writes").asInt()).isZero();
        assertThat(f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop", "--yes")
                .out()).contains("nothing to re-create");
    }

    @Test
    void json_withYes_namesTheSurvivorTheDeletedIdAndTheNewId() throws Exception {
        String deletedBefore = CliFixture.rows(f.shopDb, "contacts").toString();

        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--yes", "--json");

        JsonNode root = JSON.readTree(r.out());
        assertThat(root.get("into").asText()).isEqualTo("shop");
        assertThat(root.get("written").asBoolean()).isTrue();
        JsonNode rec = root.at("/objectSyncs/0/records/0");
        assertThat(rec.get("id").asText()).isEqualTo(crmId("bob@example.com"));
        assertThat(rec.get("name").asText()).isEqualTo("bob@example.com");
        assertThat(rec.get("newId").asText()).isEqualTo(shopRow("bob@example.com").get(0));
        assertThat(rec.get("state").asText()).isEqualTo("SYNCING");
        assertThat(root.at("/objectSyncs/0/created").asInt()).isEqualTo(1);
        assertThat(deletedBefore).doesNotContain("bob@example.com");
    }

    @Test
    void ids_unknownId_exit2_nothingWritten() {
        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--ids", crmId("bob@example.com") + ",999", "--yes");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .contains("error: --ids 999: no record with this id is deleted in shop in crm-shop/contacts");
        assertThat(shopRow("bob@example.com")).isNull();
    }

    @Test
    void ids_survivorId_recreatesThatRecord() {
        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "shop",
                "--ids", crmId("bob@example.com"), "--yes");

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(shopRow("bob@example.com")).isNotNull();
    }

    @Test
    void badUsage_unknownAppOrObjectSync_appNotInSync_exit2() {
        assertThat(f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "web").err())
                .contains("error: --into web: no app named web; the apps are: crm, shop");
        CliFixture.Result noSuchObject = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "deals", "--into",
                "shop");
        assertThat(noSuchObject.code()).isEqualTo(Main.USAGE);
        assertThat(noSuchObject.err()).contains("no object sync named crm-shop/deals");
        CliFixture.Result restore = f.cli("restore-deleted", "--object", "deals", "--into", "shop");
        assertThat(restore.code()).isEqualTo(Main.USAGE);
        assertThat(restore.err()).contains("error: --object deals: no object sync of app shop has the object type or"
                + " name deals; its synced object types are: contacts");
        assertThat(f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts").code())
                .isEqualTo(Main.USAGE);
    }

    @Test
    void intoTheSourceOfAOneWaySync_refused_exit2() {
        f.writeConfig(f.yaml().replace("direction: two-way", "direction: \"crm -> shop\""));

        CliFixture.Result r = f.cli("resync-deleted", "--sync", "crm-shop", "--object", "contacts", "--into", "crm");

        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("error: crm-shop/contacts is one-way crm -> shop: crm is its source");
    }

    @Test
    void intoAnAppWithNothingDeleted_saysSo_exit0() {
        CliFixture.Result r = f.cli("restore-deleted", "--object", "contacts", "--into", "crm");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("crm-shop/contacts: 0 records deleted in crm")
                .contains("nothing to re-create: no record deleted in crm can be re-created");
    }

    /** Runs resync-deleted --into shop without --yes, the user answering {@code answer}; returns the exit code. */
    private int answered(String answer, List<String> asked) {
        try (Workspace w = Workspace.open(f.config, Map.of())) {
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            Console console = new Console(quiet, quiet, Map.of(), true, true);
            DeletedRecords flow = new DeletedRecords(w, console, "shop", false, question -> {
                asked.add(question);
                return answer;
            });
            flow.add(w.select("crm-shop", "contacts").get(0), null);
            return flow.confirmAndWrite(false);
        }
    }

    @Test
    void onATerminal_askedHowManyAndWhere_yesRecreates() {
        List<String> asked = new ArrayList<>();

        assertThat(answered("y", asked)).isZero();

        assertThat(asked).containsExactly("Re-create 1 record in shop? [y/N] ");
        assertThat(shopRow("bob@example.com")).isNotNull();
    }

    @Test
    void onATerminal_anythingButYes_writesNothing() {
        for (String answer : new String[] {"", "n", "no", "maybe"}) {
            assertThat(answered(answer, new ArrayList<>())).isZero();
        }
        assertThat(answered(null, new ArrayList<>())).as("end of input").isZero();

        assertThat(shopRow("bob@example.com")).isNull();
    }
}
