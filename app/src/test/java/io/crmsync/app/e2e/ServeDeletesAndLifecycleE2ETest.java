package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.Side;
import io.crmsync.engine.state.RecordRow;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code crmsync serve} with the features around deleted and merged records, in process, polling off: deletes
 * reported by a PostgreSQL notification (README "Deleted records"), deletes no feed reports found by serve's
 * reconciling runs (DESIGN.md §2.5), HubSpot merges re-pointing links from the merge webhook's run (README "Merged
 * records"), and an object sync turned off and on while serve runs (README "Turning a sync off and on").
 */
class ServeDeletesAndLifecycleE2ETest extends ServeTestBase {
    private static final String NO_POLL_NO_RECONCILE = "pollInterval: 0, reconcileInterval: 0";
    private static final String NO_POLL_RECONCILE_EVERY_SECOND = "pollInterval: 0, reconcileInterval: 1s";

    private Map<String, Map<String, Integer>> stateCounts() {
        return workspace.store().runs().stateCounts(osId());
    }

    private int recordDeleted() {
        return stateCounts().getOrDefault("FAILED", Map.of()).getOrDefault("RECORD_DELETED", 0);
    }

    private List<RecordRow> failed() {
        return workspace.store().runs().records(osId(), "FAILED", null, null, 100);
    }

    private void awaitLinked(int n) {
        await(n + " pairs linked", () -> stateCounts().equals(Map.of("SYNCING", Map.of("", n))));
    }

    /** Runs serve has finished, from {@code GET /health}. */
    private int servedRuns() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port()
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("objectSyncs").path(0).path("runs").asInt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Timeout(300)
    void shopRowDeleted_notificationRun_deletesPropagate_hubSpotPartnerArchived() throws Exception {
        insertCustomers(2);
        writeServeConfig(NO_POLL_NO_RECONCILE, "", "changeTrigger: true", "deletes: propagate");
        startServe();
        awaitLinked(2);
        String person0 = hubspotIdOf("person0@example.com");

        exec(pgUrl, "DELETE FROM customers WHERE email = 'person0@example.com'");
        await("the notification's run archived the HubSpot partner", () -> hubspot(person0, "email") == null);
        await("the link failed RECORD_DELETED", () -> recordDeleted() == 1);
        assertThat(send("GET", "/crm/v3/objects/contacts/" + person0, null).statusCode()).isEqualTo(404);
        assertThat(hubspotIdOf("person1@example.com")).as("the other contact").isNotNull();
    }

    @Test
    @Timeout(300)
    void shopRowDeleted_notificationRun_deletesKeep_linkFailsRecordDeleted_hubSpotContactKept() throws Exception {
        insertCustomers(2);
        writeServeConfig(NO_POLL_NO_RECONCILE, "", "changeTrigger: true", "deletes: keep");
        startServe();
        awaitLinked(2);
        String person0 = hubspotIdOf("person0@example.com");

        exec(pgUrl, "DELETE FROM customers WHERE email = 'person0@example.com'");
        await("the notification's run marked the link", () -> recordDeleted() == 1);
        assertThat(failed()).singleElement().satisfies(r -> {
            assertThat(r.idB()).isEqualTo(person0);
            assertThat(r.message()).contains("deleted in shop");
        });
        assertThat(hubspot(person0, "firstname")).as("deletes: keep").isEqualTo("First0");
    }

    @Test
    @Timeout(300)
    void hubSpotGdprDelete_webhooksOff_foundByServesReconcilingRun() throws Exception {
        insertCustomers(2);
        writeServeConfig(NO_POLL_RECONCILE_EVERY_SECOND, "", "changeTrigger: true", "deletes: keep");
        startServe(false);
        awaitLinked(2);
        String person1 = hubspotIdOf("person1@example.com");

        // A GDPR delete purges the contact: it is in no list, search or recycle bin, so no change feed reports it.
        admin("POST", "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + person1 + "\"}");
        await("a reconciling run found the purged contact", () -> recordDeleted() == 1);
        assertThat(failed()).singleElement().satisfies(r -> assertThat(r.idB()).isEqualTo(person1));
        assertThat(shop("first", "person1@example.com")).as("deletes: keep").isEqualTo("First1");
        assertThat(log).anyMatch(l -> l.contains("reconciling run") && l.contains("deletes found hubspot 1"));
    }

    @Test
    @Timeout(300)
    void shopRowDeletedWithoutChangeTrigger_foundByServesReconcilingRun() throws Exception {
        insertCustomers(2);
        writeServeConfig(NO_POLL_RECONCILE_EVERY_SECOND, "", "", "deletes: keep");
        startServe(false);
        awaitLinked(2);
        String person0 = hubspotIdOf("person0@example.com");

        // Without the change trigger no notification comes, and the updated_at feed never shows a deleted row.
        exec(pgUrl, "DELETE FROM customers WHERE email = 'person0@example.com'");
        await("a reconciling run found the deleted row", () -> recordDeleted() == 1);
        assertThat(failed()).singleElement().satisfies(r -> assertThat(r.idB()).isEqualTo(person0));
        assertThat(hubspot(person0, "firstname")).as("deletes: keep").isEqualTo("First0");
    }

    @Test
    @Timeout(300)
    void twoLinkedContactsMergedInHubSpot_mergeWebhookRun_mergedLinkFails_noShopRowCreatedOrDuplicated()
            throws Exception {
        insertCustomers(3);
        writeServeConfig();
        startServe();
        awaitLinked(3);
        String person0 = hubspotIdOf("person0@example.com");
        String person1 = hubspotIdOf("person1@example.com");

        admin("POST", "/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + person0
                + "\",\"objectIdToMerge\":\"" + person1 + "\"}");
        await("the merge webhook's run re-pointed the links", () -> recordDeleted() == 1);
        assertThat(failed()).singleElement().satisfies(r -> {
            assertThat(r.idB()).isEqualTo(person1);
            assertThat(r.message()).contains("merged into " + person0 + " in hubspot");
        });
        assertThat(stateCounts().get("SYNCING")).isEqualTo(Map.of("", 2));
        Thread.sleep(2_000); // webhooks of the merge that come later, and the echoes of any write
        assertThat(Jdbc.query(pgUrl, "SELECT count(*) FROM customers")).as("no shop row created").isEqualTo("3");
        assertThat(shop("first", "person1@example.com")).as("the merged contact's partner is left as it is")
                .isEqualTo("First1");
        stopServe();
        assertThat(Runs.runAll(config, ENV).get(0).counts().writes()).as("a feed run after serve").isZero();
        assertThat(Jdbc.query(pgUrl, "SELECT count(*) FROM customers")).isEqualTo("3");
    }

    @Test
    @Timeout(300)
    void contactMergedIntoAnUnlinkedOne_mergeWebhookRun_linkMovesToSurvivor_shopRowUpdatedNotDuplicated()
            throws Exception {
        insertCustomers(1);
        // No email: excluded (NO_IDENTIFIER), so it stays unlinked until the merge gives it person0's email.
        String survivor = create("contacts", "{\"firstname\":\"Survivor\",\"lastname\":\"Kept\"}");
        writeServeConfig();
        startServe();
        await("person0 linked", () -> stateCounts().getOrDefault("SYNCING", Map.of()).getOrDefault("", 0) == 1);
        String person0 = hubspotIdOf("person0@example.com");
        // The creation webhook of person0 must be served before the merge: read after it, it would find no record
        // and take person0 for deleted (a race of pushes named before a merge, reported, not fixed here).
        await("the creation webhook's run", () -> servedRuns() >= 2);

        admin("POST", "/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + survivor
                + "\",\"objectIdToMerge\":\"" + person0 + "\"}");
        await("the survivor's values reached person0's shop row", () -> "Survivor".equals(shop("first",
                "person0@example.com")));
        assertThat(shop("last", "person0@example.com")).isEqualTo("Kept");
        assertThat(Jdbc.query(pgUrl, "SELECT count(*) FROM customers")).as("no shop row created").isEqualTo("1");
        assertThat(recordDeleted()).isZero();
        assertThat(workspace.store().links().find(osId(), Map.of(Side.A, Set.of(), Side.B, Set.of(survivor)))
                .get(Side.B)).as("the survivor's link").containsKey(survivor);
    }

    @Test
    @Timeout(300)
    void turnedOffWhileServing_pushesWriteNothing_turnedOnAgain_nextPushSyncsWhatChangedMeanwhile()
            throws Exception {
        insertCustomers(3);
        writeServeConfig();
        startServe();
        awaitLinked(3);
        String person0 = hubspotIdOf("person0@example.com");
        String person1 = hubspotIdOf("person1@example.com");
        String person2 = hubspotIdOf("person2@example.com");
        // What `crmsync disable shop-hubspot --object contacts` does.
        workspace.store().setEnabled("shop-hubspot", "contacts", "customers", "contacts", false);
        long audited = workspace.store().runs().auditCount(osId());
        int runs = servedRuns();

        exec(pgUrl, "UPDATE customers SET first = 'WhileOff', updated_at = now() WHERE email = 'person0@example.com'");
        admin("PATCH", "/crm/v3/objects/contacts/" + person1, "{\"properties\":{\"firstname\":\"AlsoOff\"}}");
        await("the pushes reached serve", () -> servedRuns() > runs);
        Thread.sleep(2_000); // the other push, if it came in a run of its own
        assertThat(workspace.store().runs().auditCount(osId())).as("writes while off").isEqualTo(audited);
        assertThat(hubspot(person0, "firstname")).isEqualTo("First0");
        assertThat(shop("first", "person1@example.com")).isEqualTo("First1");

        workspace.store().setEnabled("shop-hubspot", "contacts", "customers", "contacts", true);
        exec(pgUrl, "UPDATE customers SET first = 'AfterOn', updated_at = now() WHERE email = 'person2@example.com'");
        await("the pushed change synced", () -> "AfterOn".equals(hubspot(person2, "firstname")));
        await("the shop's change made while off synced", () -> "WhileOff".equals(hubspot(person0, "firstname")));
        await("HubSpot's change made while off synced", () -> "AlsoOff".equals(shop("first", "person1@example.com")));
        assertThat(log).anyMatch(l -> l.contains("turned on again"));
    }
}
