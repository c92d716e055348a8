package io.crmsync.connector.hubspot;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads against the sandbox over HTTP: schema mapping, full reads, change reads and identifier lookups. */
class HubSpotReadTest {
    @TempDir
    Path dir;
    private Sandbox sandbox;
    private Connector connector;

    @AfterEach
    void close() {
        if (connector != null) {
            connector.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private void start(SandboxServer.Options options, Map<String, Object> settings) {
        sandbox = new Sandbox(dir, options);
        connector = sandbox.open(settings);
    }

    @Test
    void schema_contactsAndTickets_mapsTypesOptionsReadOnlyAndUnique() {
        start(SandboxServer.Options.defaults(), Map.of());

        ObjectSchema contacts = connector.schema("contacts");
        ObjectSchema tickets = connector.schema("tickets");

        assertThat(contacts.property("email").orElseThrow().unique()).isTrue();
        assertThat(contacts.property("phone").orElseThrow().type()).isEqualTo(PropertyType.PHONE);
        assertThat(contacts.property("hs_email_optout").orElseThrow().type()).isEqualTo(PropertyType.BOOL);
        assertThat(contacts.property("lastmodifieddate").orElseThrow().type()).isEqualTo(PropertyType.DATETIME);
        assertThat(contacts.property("lastmodifieddate").orElseThrow().readOnly()).isTrue();
        assertThat(contacts.property("hs_additional_emails").orElseThrow().readOnly()).isTrue();
        assertThat(contacts.property("firstname").orElseThrow().readOnly()).isFalse();
        assertThat(contacts.property("lifecyclestage").orElseThrow().type()).isEqualTo(PropertyType.ENUMERATION);
        assertThat(contacts.property("lifecyclestage").orElseThrow().options()).extracting(o -> o.value())
                .contains("lead", "customer");
        assertThat(tickets.property("hs_ticket_category").orElseThrow().type()).isEqualTo(PropertyType.MULTISELECT);
        assertThat(tickets.property("hs_ticket_category").orElseThrow().delimiter()).isEqualTo(";");
    }

    @Test
    void readAll_150Contacts_returnsAllInPagesOfAtMost100() {
        start(SandboxServer.Options.defaults(), Map.of());
        List<String> ids = sandbox.seedContacts(150);

        List<Record> all = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            RecordPage page = connector.readAll("contacts", token, 500);
            pageSizes.add(page.records().size());
            all.addAll(page.records());
            token = page.nextPageToken();
        } while (token != null);

        assertThat(pageSizes).containsExactly(100, 50);
        assertThat(all).extracting(Record::id).containsExactlyElementsOf(ids);
        assertThat(all.get(0).get("email")).isEqualTo("seed1@example.com");
        assertThat(all.get(0).updatedAt()).isNotNull();
    }

    @Test
    void readChanges_afterDirectEdit_returnsEditedRecordAndAdvancesCheckpoint() {
        start(SandboxServer.Options.defaults(), Map.of("indexingLagMs", 0));
        List<String> ids = sandbox.seedContacts(3);
        Checkpoint since = connector.checkpoint("contacts");
        sleepPastMillisecond();
        sandbox.update("contacts", ids.get(1), "firstname", "Edited");

        ChangePage page = connector.readChanges("contacts", since, null, 100);

        assertThat(page.records()).extracting(Record::id).contains(ids.get(1));
        assertThat(page.records()).filteredOn(r -> r.id().equals(ids.get(1)))
                .extracting(r -> r.get("firstname")).containsExactly("Edited");
        assertThat(Long.parseLong(page.checkpoint().value())).isGreaterThan(Long.parseLong(since.value()));
    }

    @Test
    void readChanges_recordsArchivedSinceCheckpoint_areReportedDeleted_olderArchivesAndPurgesAreNot()
            throws Exception {
        start(SandboxServer.Options.defaults(), Map.of("indexingLagMs", 0));
        List<String> ids = sandbox.seedContacts(105);
        // Archived before the checkpoint: in the recycle bin, but not a change since.
        sandbox.delete("contacts", ids.get(0));
        Thread.sleep(1_100); // past the Date header's whole second the checkpoint may be taken from
        Checkpoint since = connector.checkpoint("contacts");
        Thread.sleep(1_100);
        // 103 archives put the recycle bin over one list page of 100.
        sandbox.archive("contacts", ids.subList(1, 101));
        sandbox.archive("contacts", ids.subList(101, 104));
        sandbox.gdprDelete(ids.get(104));

        List<String> deleted = new ArrayList<>();
        List<Record> changed = new ArrayList<>();
        String token = null;
        Checkpoint next = null;
        do {
            ChangePage page = connector.readChanges("contacts", since, token, 100);
            deleted.addAll(page.deletedIds());
            changed.addAll(page.records());
            token = page.nextPageToken();
            next = page.checkpoint() != null ? page.checkpoint() : next;
        } while (token != null);

        assertThat(deleted).containsExactlyInAnyOrderElementsOf(ids.subList(1, 104));
        assertThat(changed).extracting(Record::id).doesNotContainAnyElementsOf(ids.subList(0, 105));
        assertThat(next).isNotNull();
    }

    @Test
    void readChanges_restoredRecord_comesBackAsAChangeWithItsOldId() throws Exception {
        start(SandboxServer.Options.defaults(), Map.of("indexingLagMs", 0));
        List<String> ids = sandbox.seedContacts(2);
        sandbox.delete("contacts", ids.get(0));
        Thread.sleep(1_100);
        Checkpoint since = connector.checkpoint("contacts");
        Thread.sleep(1_100);
        sandbox.restore("contacts", ids.get(0));

        ChangePage page = connector.readChanges("contacts", since, null, 100);

        assertThat(page.records()).extracting(Record::id).containsExactly(ids.get(0));
        assertThat(page.records().get(0).archived()).isFalse();
        assertThat(page.deletedIds()).isEmpty();
    }

    @Test
    void readChanges_editNotYetIndexedAtCheckpoint_isFoundOnceIndexed() throws Exception {
        // The sandbox hides a record from search for 1.5 s after its write, as HubSpot's index lags (§B.5).
        start(SandboxServer.Options.defaults().withSearchIndexDelay(1_500), Map.of("indexingLagMs", 5_000));
        List<String> ids = sandbox.seedContacts(2);
        Thread.sleep(1_600);
        sandbox.update("contacts", ids.get(0), "firstname", "Late");
        Checkpoint since = connector.checkpoint("contacts"); // the late edit is not indexed yet
        Thread.sleep(1_600);

        ChangePage page = connector.readChanges("contacts", since, null, 100);

        assertThat(page.records()).filteredOn(r -> r.id().equals(ids.get(0)))
                .extracting(r -> r.get("firstname")).containsExactly("Late");
    }

    @Test
    void readChanges_quietAccountAfterABurstOfWrites_nextReadFindsNothingUntilAnEdit() {
        start(SandboxServer.Options.defaults(), Map.of("indexingLagMs", 5_000));
        List<String> ids = sandbox.seedContacts(3);
        Checkpoint start = connector.checkpoint("contacts");
        sandbox.advanceClock(60_000); // a minute of quiet: every write is long indexed

        ChangePage first = connector.readChanges("contacts", new Checkpoint("0"), null, 100);
        ChangePage second = connector.readChanges("contacts", first.checkpoint(), null, 100);
        sandbox.update("contacts", ids.get(2), "firstname", "Edited");
        ChangePage third = connector.readChanges("contacts", second.checkpoint(), null, 100);

        assertThat(first.records()).hasSize(3);
        // The burst's last write is within the indexing lag of the others, but HubSpot's clock has moved on.
        assertThat(Long.parseLong(first.checkpoint().value())).isGreaterThan(Long.parseLong(start.value()) + 50_000);
        assertThat(second.records()).isEmpty();
        assertThat(third.records()).extracting(Record::id).containsExactly(ids.get(2));
    }

    @Test
    void readChanges_pageSizeSmallerThanChanges_pagesWithCheckpointOnlyOnLastPage() {
        start(SandboxServer.Options.defaults(), Map.of());
        sandbox.seedContacts(5);

        List<ChangePage> pages = new ArrayList<>();
        String token = null;
        do {
            ChangePage page = connector.readChanges("contacts", new Checkpoint("0"), token, 2);
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null);

        assertThat(pages).hasSize(3);
        assertThat(pages.subList(0, 2)).allSatisfy(p -> assertThat(p.checkpoint()).isNull());
        assertThat(pages.get(2).checkpoint()).isNotNull();
        assertThat(pages.stream().mapToInt(p -> p.records().size()).sum()).isEqualTo(5);
    }

    @Test
    void findByIdentifier_companyNameDifferentCase_foundBySearchIn() {
        start(SandboxServer.Options.defaults(), Map.of());
        String id = sandbox.insert("companies", Map.of("name", "Acme", "domain", "acme.example"));
        sandbox.insert("companies", Map.of("name", "Other", "domain", "other.example"));

        List<Record> found = connector.findByIdentifier("companies", "domain", List.of(" ACME.example "));

        assertThat(found).extracting(Record::id).containsExactly(id);
    }

    @Test
    void findByDomain_urlWithPathInCapitals_foundByWildcardTokenSearch_manyHostsInFewCalls() {
        start(SandboxServer.Options.defaults(), Map.of());
        String bare = sandbox.insert("companies", Map.of("name", "A", "domain", "amazon.de"));
        String url = sandbox.insert("companies", Map.of("name", "B", "domain", "HTTPS://AMAZON.DE/DAPIBUS/NULLA.JS"));
        sandbox.insert("companies", Map.of("name", "C", "domain", "other.example"));
        List<String> hosts = new ArrayList<>(List.of("amazon.de"));
        for (int i = 0; i < 9; i++) {
            hosts.add("nobody" + i + ".example");
        }

        List<Record> found = connector.findByDomain("companies", "domain", hosts);

        assertThat(found).extracting(Record::id).containsExactlyInAnyOrder(bare, url);
    }

    @Test
    void readByIds_moreThanOneBatch_readsAllInChunksOf100() {
        start(SandboxServer.Options.defaults(), Map.of());
        List<String> ids = sandbox.seedContacts(130);

        List<Record> read = connector.readByIds("contacts", ids);

        assertThat(read).extracting(Record::id).containsExactlyInAnyOrderElementsOf(ids);
    }

    /** Last-modified dates have millisecond resolution; make sure the edit lands after the checkpoint. */
    private static void sleepPastMillisecond() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
