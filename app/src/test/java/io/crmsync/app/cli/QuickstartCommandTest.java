package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import io.crmsync.app.quickstart.QuickstartData;
import io.crmsync.app.quickstart.QuickstartExpectations;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync quickstart}: generate, sync, then a second call that writes nothing. */
class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void theFirstCallSyncsAndTheSecondMakesZeroWrites() {
        Path qs = dir.resolve("quickstart");

        Result first = CliFixture.run("quickstart", "--dir", qs.toString());

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote ").contains("hubspot-shop/companies: initial sync")
                .contains("hubspot-shop/contacts: initial sync").contains("status:")
                .contains("expected from the generated data").contains("linked by match (pairs)");

        Result second = CliFixture.run("quickstart", "--dir", qs.toString());

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("using the quickstart in").doesNotContain("expected from");
        assertThat(second.out().lines().filter(l -> l.startsWith("  writes")).toList())
                .hasSize(2).allSatisfy(l -> assertThat(l).endsWith(" 0"));
    }

    @Test
    void theFirstCallWritesWhatTheDataPredictsIntoTheHubSpotSandboxAndTheShop(@TempDir Path other) {
        Path qs = dir.resolve("quickstart");
        QuickstartExpectations expected = QuickstartData.generate(other.resolve("qs"), QuickstartData.DEFAULT_SEED);

        Result r = CliFixture.run("quickstart", "--dir", qs.toString());

        assertThat(r.code()).as(r.err()).isZero();
        for (QuickstartExpectations.ObjectSync e : expected.objectSyncs()) {
            String section = r.out().substring(r.out().indexOf("hubspot-shop/" + e.object() + ": initial sync"));
            assertThat(section).contains("matched          " + e.linked() + "\n")
                    .contains("created          hubspot " + e.createdInHubSpot() + ", shop " + e.createdInShop())
                    .contains("updated          hubspot " + e.updatedInHubSpot() + ", shop " + e.updatedInShop())
                    .contains("conflicts        " + e.conflicts() + "\n");
            // The sandbox's own store now holds its records plus every one created in HubSpot.
            try (SandboxServer sandbox = SandboxServer.start(0, qs.resolve(QuickstartData.HUBSPOT_SANDBOX))) {
                assertThat(SandboxSeed.records(sandbox, e.object())).as(e.object())
                        .hasSize(e.hubspotRecords() + e.createdInHubSpot());
            }
        }
    }

    @Test
    void reset_whileASandboxServesItsFolder_isRefusedAndDeletesNothing() throws Exception {
        Path qs = dir.resolve("quickstart");
        assertThat(CliFixture.run("quickstart", "--dir", qs.toString()).code()).isZero();
        Path sandboxDir = qs.resolve(QuickstartData.HUBSPOT_SANDBOX);
        try (SandboxServer running = SandboxServer.start(0, sandboxDir)) {
            Result r = CliFixture.run("quickstart", "--dir", qs.toString(), "--reset");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains(sandboxDir + " is in use by another process").contains("stop it first");
            assertThat(SandboxSeed.records(running, "contacts")).isNotEmpty();
        }
        assertThat(qs.resolve(QuickstartData.SHOP_DB)).isRegularFile();
    }

    @Test
    void resetStartsOverWithAnInitialSync() {
        Path qs = dir.resolve("quickstart");
        assertThat(CliFixture.run("quickstart", "--dir", qs.toString()).code()).isZero();

        Result again = CliFixture.run("quickstart", "--dir", qs.toString(), "--reset");

        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("deleted the quickstart files").contains("initial sync")
                .contains("expected from the generated data");
    }

    @Test
    void aFolderHoldingTheUsersOwnFilesIsNeitherUsedNorReset() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("crmsync.yaml"), "my own config\n");
        Files.writeString(mine.resolve("shop.db"), "my own data\n");

        for (String[] args : List.of(new String[] {"quickstart", "--dir", mine.toString()},
                new String[] {"quickstart", "--dir", mine.toString(), "--reset"})) {
            Result r = CliFixture.run(args);

            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.err()).startsWith("error: --dir " + mine + " holds files that crmsync quickstart did not"
                    + " write (there is no .crmsync-quickstart in it), so it is left alone; use another folder, e.g."
                    + " --dir crmsync-quickstart");
            assertThat(Files.readString(mine.resolve("crmsync.yaml"))).isEqualTo("my own config\n");
            assertThat(Files.readString(mine.resolve("shop.db"))).isEqualTo("my own data\n");
            try (var files = Files.list(mine)) {
                assertThat(files).hasSize(2);
            }
        }
    }

    @Test
    void anEmptyFolderIsUsedAndMarkedAsTheQuickstarts() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        Result r = CliFixture.run("quickstart", "--dir", empty.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(empty.resolve(".crmsync-quickstart")).isRegularFile();
        assertThat(CliFixture.run("quickstart", "--dir", empty.toString(), "--reset").out())
                .contains("deleted the quickstart files");
    }

    @Test
    void aFolderWithSpacesWorksAndTheHintQuotesIt() {
        Path spaced = dir.resolve("my demo");
        String config = spaced.resolve("crmsync.yaml").toString();

        Result r = CliFixture.run("quickstart", "--dir", spaced.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("next: ./crmsync plan --config '" + config + "'   (then edit a row in '"
                + spaced.resolve("shop.db") + "' and run again)");
        Result plan = CliFixture.run("plan", "--config", config);
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("plan of an incremental run");
    }
}
