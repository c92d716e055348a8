package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync disable | enable | delete} on two real SQLite apps with an H2 state store file. */
class LifecycleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
        assertThat(fx.runOnceWithOldChangeTimes().code()).isZero();
    }

    @Test
    void disabled_changesInBothApps_skippedWhileOff_thenExactlyThoseSyncedAfterEnable() throws Exception {
        Result off = fx.cli("disable", "crm-shop");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).contains("crm-shop/contacts: turned off; links and checkpoints kept");

        // Changed while off, in both apps.
        CliFixture.sql(fx.crmDb, "UPDATE contacts SET first_name = 'Robert', updated_at = " + NOW
                + " WHERE email = 'bob@example.com'");
        CliFixture.sql(fx.shopDb, "UPDATE contacts SET first_name = 'Cyrus', updated_at = " + NOW
                + " WHERE email = 'cy@example.com'");
        // Changed with a time before the kept checkpoint: only a full re-read would see it.
        CliFixture.sql(fx.crmDb, "UPDATE contacts SET first_name = 'Hidden', updated_at = '2000-01-01T00:00:00.000Z'"
                + " WHERE email = 'ann@example.com'");

        Result skipped = fx.cli("run", "--json");
        assertThat(skipped.code()).as(skipped.err()).isZero();
        assertThat(skipped.err()).contains("crm-shop/contacts is turned off (crmsync disable); skipped")
                .contains("crmsync enable crm-shop --object contacts");
        assertThat(JSON.readTree(skipped.out()).get("objectSyncs").size()).isZero();
        assertThat(firstName(fx.shopDb, "bob@example.com")).isEqualTo("Bob");

        Result status = fx.cli("status");
        assertThat(status.out()).contains("crm-shop/contacts: crm contacts ↔ shop contacts (turned off)")
                .contains("turned off by    crmsync disable; turn it on with: crmsync enable crm-shop --object"
                        + " contacts");
        JsonNode statusJson = JSON.readTree(fx.cli("status", "--json").out()).get("objectSyncs").get(0);
        assertThat(statusJson.get("enabled").asBoolean()).isFalse();
        assertThat(statusJson.get("syncing").asInt()).as("links kept while off").isEqualTo(3);

        Result on = fx.cli("enable", "crm-shop", "--object", "contacts");
        assertThat(on.code()).as(on.err()).isZero();
        assertThat(on.out()).contains("crm-shop/contacts: turned on");

        Result run = fx.cli("run", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode os = JSON.readTree(run.out()).get("objectSyncs").get(0);
        assertThat(os.get("updated").get("shop").asInt()).isEqualTo(1);
        assertThat(os.get("updated").get("crm").asInt()).isEqualTo(1);
        assertThat(os.get("created").get("crm").asInt() + os.get("created").get("shop").asInt()).isZero();
        assertThat(firstName(fx.shopDb, "bob@example.com")).isEqualTo("Robert");
        assertThat(firstName(fx.crmDb, "cy@example.com")).isEqualTo("Cyrus");
        assertThat(firstName(fx.shopDb, "ann@example.com")).as("read from the kept checkpoints, not from scratch")
                .isEqualTo("Ann");
        assertThat(fx.cli("status", "--json").out()).doesNotContain("\"enabled\"");
    }

    @Test
    void enable_whileTheConfigTurnsItOff_saysBothMustBeOn() {
        fx.writeConfig(fx.yaml().replace("defaultApp: crm", "defaultApp: crm\n        enabled: false"));

        Result on = fx.cli("enable", "crm-shop");

        assertThat(on.code()).isZero();
        assertThat(on.out()).contains("already on").contains("the config also turns it off: enabled: false");
        assertThat(fx.cli("run").err()).contains("crm-shop/contacts is turned off (enabled: false); skipped");
    }

    @Test
    void delete_afterConfirmation_removesStateOnly_andTheNextRunMatchesWithoutDuplicates() throws Exception {
        List<List<String>> crm = CliFixture.rows(fx.crmDb, "contacts");
        List<List<String>> shop = CliFixture.rows(fx.shopDb, "contacts");

        Result declined = fx.cliWithInput("n\n", "delete", "crm-shop");
        assertThat(declined.code()).as(declined.err()).isZero();
        assertThat(declined.out()).contains("crm-shop/contacts").contains("cancelled; nothing deleted");
        assertThat(declined.err()).contains("Delete? [y/N]");
        assertThat(syncing()).isEqualTo(3);

        Result noAnswer = fx.cliWithInput("", "delete", "crm-shop");
        assertThat(noAnswer.code()).isEqualTo(2);
        assertThat(noAnswer.err()).contains("no answer on standard input").contains("--yes");
        assertThat(syncing()).isEqualTo(3);

        Result deleted = fx.cliWithInput("y\n", "delete", "crm-shop", "--object", "contacts");
        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("crm-shop/contacts: deleted 4 links, 2 checkpoints, 1 run and 3 audit rows");
        assertThat(CliFixture.rows(fx.crmDb, "contacts")).isEqualTo(crm);
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).isEqualTo(shop);
        assertThat(syncing()).isZero();

        Result again = fx.cli("run", "--json");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).as("initial sync again").isNotNull();
        JsonNode os = JSON.readTree(again.out()).get("objectSyncs").get(0);
        assertThat(os.get("linked").asInt()).as("matched by email anew").isEqualTo(3);
        assertThat(os.get("writes").asInt()).isZero();
        assertThat(CliFixture.rows(fx.crmDb, "contacts")).isEqualTo(crm);
        assertThat(CliFixture.rows(fx.shopDb, "contacts")).isEqualTo(shop);
        assertThat(syncing()).isEqualTo(3);
    }

    @Test
    void delete_withYes_asksNothing() {
        Result deleted = fx.cli("delete", "crm-shop", "--yes");

        assertThat(deleted.code()).as(deleted.err()).isZero();
        assertThat(deleted.err()).doesNotContain("[y/N]");
        assertThat(syncing()).isZero();
    }

    @Test
    void unknownSyncOrObject_exitCode2NamingTheObjectSyncs() {
        Result sync = fx.cli("disable", "nope");
        assertThat(sync.code()).isEqualTo(2);
        assertThat(sync.err()).contains("error: no sync named nope in " + fx.config + "; the syncs are: crm-shop");

        Result object = fx.cli("delete", "crm-shop", "--object", "deals", "--yes");
        assertThat(object.code()).isEqualTo(2);
        assertThat(object.err()).contains("error: sync crm-shop has no object sync named deals; its object syncs"
                + " are: contacts");
        assertThat(syncing()).isEqualTo(3);
    }

    private int syncing() {
        try {
            return JSON.readTree(fx.cli("status", "--json").out()).get("objectSyncs").get(0).get("syncing").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstName(Path db, String email) {
        return CliFixture.rows(db, "contacts").stream().filter(r -> email.equals(r.get(1))).findFirst()
                .map(r -> r.get(2)).orElseThrow();
    }
}
