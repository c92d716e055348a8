package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.RunReport;
import io.crmsync.sandbox.SandboxSeed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code crmsync serve} end to end, in process: the HubSpot sandbox sends its signed webhooks to serve's endpoint
 * and PostgreSQL sends change notifications, with polling off, so every change below reaches the other app through
 * a push alone.
 */
class ServeE2ETest extends ServeTestBase {

    @Test
    @Timeout(300)
    void changesOnEachSide_pushedByWebhookAndNotification_appearOnTheOtherWithoutEchoWrites() throws Exception {
        insertCustomers(3);
        create("contacts", "{\"email\":\"hub@example.com\",\"firstname\":\"Hub\",\"lastname\":\"Spot\"}");
        writeServeConfig();
        startServe();
        await("the start-up run synced both ways", () -> "Hub".equals(shop("first", "hub@example.com"))
                && hubspotIdOf("person2@example.com") != null);
        String person0 = hubspotIdOf("person0@example.com");
        String person1 = hubspotIdOf("person1@example.com");

        exec(pgUrl, "UPDATE customers SET first = 'Ada', updated_at = now() WHERE email = 'person0@example.com'");
        await("the shop's update reached HubSpot", () -> "Ada".equals(hubspot(person0, "firstname")));

        admin("PATCH", "/crm/v3/objects/contacts/" + person1, "{\"properties\":{\"firstname\":\"Grace\"}}");
        await("HubSpot's update reached the shop", () -> "Grace".equals(shop("first", "person1@example.com")));

        exec(pgUrl, "INSERT INTO customers (email, first, last, updated_at) VALUES ('new@example.com', 'New', "
                + "'Customer', now())");
        await("the shop's new customer reached HubSpot", () -> hubspotIdOf("new@example.com") != null);

        create("contacts", "{\"email\":\"created@example.com\",\"firstname\":\"Created\",\"lastname\":\"InHub\"}");
        await("HubSpot's new contact reached the shop", () -> "Created".equals(shop("first", "created@example.com")));

        // The writes above come back as webhooks and notifications: let those runs finish, then stop.
        long osId = osId();
        Thread.sleep(2_000);
        stopServe();
        List<RunReport> after = Runs.runAll(config, ENV);
        assertThat(after.get(0).counts().writes()).as("a feed run after serve").isZero();
        try (var w = io.crmsync.app.bind.Workspace.openStateOnly(config, ENV)) {
            // start-up: 3 HubSpot creates + 1 shop create; then 4 pushed changes: one write each, no echo written
            assertThat(w.store().runs().auditCount(osId)).as("writes audited").isEqualTo(8);
            assertThat(w.store().runs().stateCounts(osId)).isEqualTo(Map.of("SYNCING", Map.of("", 6)));
        }
        assertThat(Jdbc.query(pgUrl, "SELECT count(*) FROM customers")).isEqualTo("6");
        assertThat(SandboxSeed.records(sandbox, "contacts")).hasSize(6);
    }

    @Test
    @Timeout(300)
    void deletionWebhook_partnerFailsRecordDeleted_shopRowKept() throws Exception {
        insertCustomers(2);
        writeServeConfig();
        startServe();
        await("the start-up run created the contacts", () -> hubspotIdOf("person1@example.com") != null);
        String id = hubspotIdOf("person1@example.com");
        await("linked", () -> workspace.store().runs().stateCounts(osId())
                .equals(Map.of("SYNCING", Map.of("", 2))));

        admin("DELETE", "/crm/v3/objects/contacts/" + id, null);
        await("the deletion webhook's run marked the link", () -> workspace.store().runs().stateCounts(osId())
                .getOrDefault("FAILED", Map.of()).getOrDefault("RECORD_DELETED", 0) == 1);
        assertThat(shop("first", "person1@example.com")).as("deletes: keep").isEqualTo("First1");
    }

    @Test
    @Timeout(300)
    void duplicatedAndShuffledDeliveries_oneCreateInTheShop() throws Exception {
        writeServeConfig();
        startServe();
        await("the start-up run", () -> workspace.store().checkpoint(osId(), Side.B).isPresent());
        admin("POST", "/_sandbox/webhooks", "{\"duplicateRate\":1.0,\"shuffle\":true,\"seed\":7}");
        long before = workspace.store().runs().auditCount(osId());

        create("contacts", "{\"email\":\"twice@example.com\",\"firstname\":\"Twice\",\"lastname\":\"Sent\"}");
        await("the contact reached the shop", () -> "Sent".equals(shop("last", "twice@example.com")));
        Thread.sleep(2_000); // later duplicates and the echoes of the shop write
        assertThat(Jdbc.query(pgUrl, "SELECT count(*) FROM customers WHERE email = 'twice@example.com'"))
                .isEqualTo("1");
        assertThat(workspace.store().runs().auditCount(osId()) - before).as("writes").isEqualTo(1);
        stopServe();
        assertThat(Runs.runAll(config, ENV).get(0).counts().writes()).as("a feed run after serve").isZero();
    }

    @Test
    @Timeout(300)
    void noPushes_pollIntervalCatchesChangesOnBothSides() throws Exception {
        insertCustomers(2);
        writeServeConfig("pollInterval: 0", "", "", "");
        workspace = io.crmsync.app.bind.Workspace.open(config, ENV);
        // No change trigger, no webhooks: only the poll can find these changes.
        serve = new io.crmsync.app.serve.Serve(workspace, workspace.config().serve()
                .withPollInterval(java.time.Duration.ofMillis(500)), io.crmsync.engine.run.RunOptions.defaults(),
                log::add).start();
        await("the start-up run", () -> hubspotIdOf("person1@example.com") != null);
        String person1 = hubspotIdOf("person1@example.com");

        exec(pgUrl, "UPDATE customers SET last = 'Polled', updated_at = now() WHERE email = 'person0@example.com'");
        admin("PATCH", "/crm/v3/objects/contacts/" + person1, "{\"properties\":{\"lastname\":\"Found\"}}");

        String person0 = hubspotIdOf("person0@example.com");
        await("the shop's change polled into HubSpot", () -> "Polled".equals(hubspot(person0, "lastname")));
        await("HubSpot's change polled into the shop", () -> "Found".equals(shop("last", "person1@example.com")));
    }

    @Test
    @Timeout(300)
    void stopWhileARunIsGoing_runCompletesWithCheckpoint_restartResumes() throws Exception {
        insertCustomers(4000);
        writeServeConfig();
        startServe();
        await("the start-up run is writing to HubSpot", () -> !SandboxSeed.records(sandbox, "contacts").isEmpty());
        int atStop = SandboxSeed.records(sandbox, "contacts").size();
        long osId = osId();
        stopServe();
        assertThat(atStop).as("contacts in HubSpot when the stop began").isLessThan(4000);
        assertThat(SandboxSeed.records(sandbox, "contacts")).as("the run went on to the end").hasSize(4000);

        exec(pgUrl, "UPDATE customers SET first = 'Offline', updated_at = now() WHERE email = 'person7@example.com'");
        try (var w = io.crmsync.app.bind.Workspace.openStateOnly(config, ENV)) {
            assertThat(w.store().checkpoint(osId, Side.A)).as("shop checkpoint").isPresent();
            assertThat(w.store().checkpoint(osId, Side.B)).as("HubSpot checkpoint").isPresent();
            assertThat(w.store().runs().auditCount(osId)).isEqualTo(4000);
        }
        startServe();
        String id = hubspotIdOf("person7@example.com");
        await("the restart's feed run synced the change made while stopped",
                () -> "Offline".equals(hubspot(id, "firstname")));
        assertThat(SandboxSeed.records(sandbox, "contacts")).as("no duplicates").hasSize(4000);
        assertThat(workspace.store().runs().auditCount(osId)).as("only the offline change written").isEqualTo(4001);
    }
}
