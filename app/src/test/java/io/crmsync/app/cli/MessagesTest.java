package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user reads after a small mistake: each message says what to do. */
class MessagesTest {
    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
    }

    @Test
    void anUnknownCommandListsTheCommands() {
        Result r = CliFixture.run("stauts");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: unknown command 'stauts'; commands: validate, plan, run, serve, status,"
                + " records, resync-deleted, restore-deleted, quickstart, sandbox, disable, enable, delete, undo, help\n");
    }

    @Test
    void aFolderGivenAsTheConfigSaysItIsAFolder() {
        Result r = CliFixture.run("validate", "--config", dir.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + dir + ": is a directory, not a config file; use --config FILE\n");
    }

    @Test
    void aMissingConfigSaysHowToNameOne() {
        Result r = CliFixture.run("status", "--config", dir.resolve("crmsync.yml").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file; use --config FILE or run in the folder holding crmsync.yaml");
    }

    @Test
    void anUnknownObjectSyncListsTheObjectSyncs() {
        for (String command : new String[] {"plan", "status", "records"}) {
            Result r = fx.cli(command, "--sync", "nope");

            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).contains("no object sync named nope/*; the object syncs are:"
                    + " crm-shop/contacts");
        }
    }

    @Test
    void anExportIntoAMissingFolderSaysTheFolderDoesNotExist() {
        Path out = dir.resolve("nodir").resolve("out.csv");

        Result r = fx.cli("records", "--export", out.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot export to \"" + out + "\": the folder " + out.getParent()
                + " does not exist; create it or choose another\n");
    }

    @Test
    void oneRecordIsCountedInTheSingular() {
        CliFixture.sql(fx.crmDb, "DELETE FROM contacts WHERE id > 1");
        CliFixture.sql(fx.shopDb, "DELETE FROM contacts");

        Result plan = fx.cli("plan");
        Result run = fx.cli("run");
        Result exported = fx.cli("records", "--export", dir.resolve("one.csv").toString());

        assertThat(plan.out()).contains("crm-shop/contacts: plan of the initial sync, 1 record read (nothing");
        assertThat(run.out()).contains("crm-shop/contacts: initial sync, 1 record read\n");
        assertThat(exported.out()).startsWith("exported 1 record to ");
        assertThat(fx.cli("status").out()).contains("last run         1 write (created crm 0, shop 1;")
                .contains(", 0 matched, 0 conflicts");
    }
}
