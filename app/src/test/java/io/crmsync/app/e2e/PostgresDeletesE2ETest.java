package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.records;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletes between the HubSpot sandbox (over HTTP) and an embedded PostgreSQL whose table has
 * {@code changeTrigger: true}: a row deleted in the shop is reported by the change feed of the next incremental
 * run, without reconciliation. Each run opens a new workspace on the same H2 state file (a restart).
 */
class PostgresDeletesE2ETest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private SandboxHttp hubspot;
    private String pg;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxServer.start(0, dir.resolve("hubspot"));
        hubspot = new SandboxHttp(sandbox);
        pg = POSTGRES.newDatabase();
        exec(pg, "CREATE TABLE leads (id SERIAL PRIMARY KEY, email TEXT, status TEXT, updated_at TIMESTAMPTZ)");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static Map<String, String> env() {
        return Map.of("HUBSPOT_TOKEN", SandboxServer.DEFAULT_TOKEN);
    }

    /** HubSpot contacts (jobtitle) ↔ shop leads (status), two-way, the shop filter letting no Junk lead in. */
    private Path config(String deletes) throws Exception {
        return writeConfig(dir, """
                state: jdbc:h2:file:%s
                apps:
                  hubspot:
                    type: hubspot
                    token: ${HUBSPOT_TOKEN}
                    baseUrl: http://127.0.0.1:%d
                    objects: [contacts]
                  shop:
                    type: jdbc
                    url: "%s"
                    objects:
                      leads:
                        table: leads
                        id: id
                        updatedAt: updated_at
                        changeTrigger: true
                        properties:
                          email: {column: email, type: string}
                          jobtitle: {column: status, type: string}
                syncs:
                  crm:
                    apps: [hubspot, shop]
                    objects:
                      contacts:
                        types: {hubspot: contacts, shop: leads}
                        direction: two-way
                        defaultApp: hubspot
                        filters:
                          shop: [{property: jobtitle, operator: NEQ, value: Junk}]
                        deletes: %s
                """.formatted(dir.resolve("state"), sandbox.port(), pg, deletes));
    }

    private static RunReport run(Path config) {
        try (Workspace w = Workspace.open(config, env())) {
            return w.run(w.objectSyncs().get(0), RunOptions.defaults(), null);
        }
    }

    private RecordRow row(Path config, String hubspotId) {
        return records(config, env(), "FAILED").stream().filter(r -> hubspotId.equals(r.idA())).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED row for " + hubspotId));
    }

    @Test
    void c17_leadLeavesTheFilter_staysLinked_thenItsDeleteIsRecognised_andPropagated() throws Exception {
        Path cfg = config("{shop: propagate, hubspot: keep}");
        String a3 = hubspot.createContact("a3@example.com", "jobtitle", "Open");
        exec(pg, "INSERT INTO leads (email, status, updated_at) VALUES ('a3@example.com', 'Open', now())");
        assertThat(run(cfg).counts().matched()).isEqualTo(1);
        String b3 = query(pg, "SELECT id FROM leads");

        // (1) The lead leaves the filter: filters gate entry only, so the pair keeps syncing.
        exec(pg, "UPDATE leads SET status = 'Junk', updated_at = now()");
        RunReport step1 = run(cfg);
        assertThat(step1.counts().updatedA()).isEqualTo(1);
        assertThat(hubspot.contacts("jobtitle")).containsExactly(Map.entry("a3@example.com", "Junk"));
        assertThat(records(cfg, env(), "SYNCING")).extracting(RecordRow::idA, RecordRow::idB)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a3, b3));

        // (2) The lead is deleted: the change trigger reports it to the next incremental run.
        exec(pg, "DELETE FROM leads");
        RunReport step2 = run(cfg);

        assertThat(step2.deletesFound()).containsEntry("shop", 1);
        assertThat(step2.counts().deletedA()).isEqualTo(1);
        assertThat(hubspot.contacts("jobtitle")).isEmpty();
        assertThat(hubspot.json("GET", "/crm/v3/objects/contacts/" + a3 + "?archived=true", null).path("archived")
                .asBoolean()).isTrue();
        RecordRow row = row(cfg, a3);
        assertThat(row.idB()).isEqualTo(b3);
        assertThat(row.reason()).isEqualTo("RECORD_DELETED");
        assertThat(row.message()).startsWith("deleted in shop; archived in hubspot");
        assertThat(run(cfg).counts().writes()).isZero();
    }

    @Test
    void keep_rowDeletedInPostgres_hubspotContactKept_laterHubSpotEditRecreatesNoRow() throws Exception {
        Path cfg = config("keep");
        String a1 = hubspot.createContact("k1@example.com", "jobtitle", "Open");
        run(cfg);
        assertThat(query(pg, "SELECT count(*) FROM leads")).isEqualTo("1");

        exec(pg, "DELETE FROM leads");
        RunReport r = run(cfg);

        assertThat(r.deletesFound()).containsEntry("shop", 1);
        assertThat(r.counts().writes()).isZero();
        assertThat(row(cfg, a1).message()).isEqualTo("deleted in shop");
        assertThat(hubspot.contacts("jobtitle")).containsOnlyKeys("k1@example.com");

        hubspot.json("PATCH", "/crm/v3/objects/contacts/" + a1, "{\"properties\":{\"jobtitle\":\"Won\"}}");
        assertThat(run(cfg).counts().writes()).isZero();
        assertThat(query(pg, "SELECT count(*) FROM leads")).isEqualTo("0");
        assertThat(row(cfg, a1).reason()).isEqualTo("RECORD_DELETED");
    }

    @Test
    void propagate_archiveInHubSpot_rowDeletedInPostgres_theTriggersEchoChangesNothing() throws Exception {
        Path cfg = config("propagate");
        String a1 = hubspot.createContact("p1@example.com", "jobtitle", "Open");
        hubspot.createContact("p2@example.com", "jobtitle", "Open");
        run(cfg);

        hubspot.json("DELETE", "/crm/v3/objects/contacts/" + a1, null);
        RunReport r = run(cfg);

        assertThat(r.counts().deletedB()).isEqualTo(1);
        assertThat(query(pg, "SELECT string_agg(email, ',') FROM leads")).isEqualTo("p2@example.com");
        assertThat(query(pg, "SELECT count(*) FROM crmsync_deleted")).isEqualTo("1");
        // The next run reads crmsync's own delete back from the change table: already known, nothing to do.
        RunReport echo = run(cfg);
        assertThat(echo.counts().writes()).isZero();
        assertThat(echo.deletesFound().values()).allMatch(n -> n == 0);
        assertThat(row(cfg, a1).message()).startsWith("deleted in hubspot; archived in shop");
    }
}
