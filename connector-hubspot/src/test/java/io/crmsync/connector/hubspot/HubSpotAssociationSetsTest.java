package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.sandbox.MutableClock;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-valued association properties ({@code @contacts} of deals, an activity's {@code @contacts}, {@code
 * @companies}, {@code @deals}) next to the primary company, against the sandbox over HTTP: every read carries the
 * full set, writes add and remove only the difference, and an association-only change reaches the change feed.
 */
class HubSpotAssociationSetsTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private Sandbox sandbox;
    private Connector connector;

    @BeforeEach
    void start() {
        // The test clock stands still unless a test moves it: rate windows would never roll, so they are lifted.
        sandbox = new Sandbox(dir, SandboxServer.Options.defaults().withClock(clock)
                .withRateLimiter(c -> new RollingWindowRateLimiter(c, 100_000, 10_000, 100_000_000))
                .withSearchPerSecond(Integer.MAX_VALUE));
        connector = sandbox.open(Map.of("indexingLagMs", 0, "objects", List.of("contacts", "companies", "deals",
                "notes"), "associations", List.of("companies", "contacts", "deals")));
    }

    @AfterEach
    void stop() {
        connector.close();
        sandbox.close();
    }

    private static Record byId(List<Record> records, String id) {
        return records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private String deal(String name) {
        return sandbox.insert("deals", Map.of("dealname", name));
    }

    private static void assertAllSucceeded(List<WriteResult> results) {
        assertThat(results).allSatisfy(r -> assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue());
    }

    @Test
    void schema_perObjectType_reportsPrimaryCompanyAndSetsOfTheAskedTypesOnly() {
        assertThat(connector.schema("deals").property("@companies")).get().satisfies(p -> {
            assertThat(p.manyAssociated()).isFalse();
            assertThat(p.associatedType()).isEqualTo("companies");
        });
        assertThat(connector.schema("deals").property("@contacts")).get().extracting(PropertyDef::manyAssociated)
                .isEqualTo(true);
        assertThat(connector.schema("notes").properties().keySet())
                .contains("@contacts", "@companies", "@deals");
        assertThat(connector.schema("notes").property("@companies")).get().extracting(PropertyDef::manyAssociated)
                .isEqualTo(true);
        assertThat(connector.schema("contacts").properties().keySet().stream().filter(n -> n.startsWith("@")))
                .containsExactly("@companies");
        assertThat(connector.schema("tickets").properties().keySet().stream().filter(n -> n.startsWith("@")))
                .containsExactly("@companies", "@contacts");
        assertThat(connector.schema("invoices").properties().keySet().stream().filter(n -> n.startsWith("@")))
                .as("invoices associate with contacts only").containsExactly("@contacts");
        assertThat(connector.schema("companies").properties().keySet().stream().filter(n -> n.startsWith("@")))
                .isEmpty();
        try (Connector companiesOnly = sandbox.open(Map.of("objects", List.of("deals"),
                "associations", List.of("companies")))) {
            assertThat(companiesOnly.schema("deals").property("@contacts")).isEmpty();
            assertThat(companiesOnly.schema("deals").property("@companies")).isPresent();
        }
    }

    @Test
    void dealReads_listSearchBatchRead_carryTheFullContactSetAndThePrimaryCompany() {
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String globex = sandbox.insert("companies", Map.of("name", "Globex"));
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String bob = sandbox.insert("contacts", Map.of("email", "bob@acme.example"));
        String big = deal("Big");
        String lone = deal("Lone");
        sandbox.associate("deals", big, "contacts", List.of(bob, ann));
        // Globex is associated but not primary: it is not the deal's @companies.
        sandbox.associate("deals", big, "companies", List.of(globex));
        connector.write("deals", List.of(WriteOperation.update("p", big, Map.of("@companies", acme))));

        connector.schema("deals");
        long before = sandbox.requests();
        List<Record> listed = connector.readAll("deals", null, 100).records();
        // One list call (primary company from its associations block) plus one batch read for the contacts.
        assertThat(sandbox.requests() - before).isEqualTo(2);
        List<Record> changed = connector.readChanges("deals", new Checkpoint("0"), null, 100).records();
        List<Record> byIds = connector.readByIds("deals", List.of(big, lone));

        String contacts = Long.parseLong(ann) < Long.parseLong(bob) ? ann + ";" + bob : bob + ";" + ann;
        for (List<Record> read : List.of(listed, changed, byIds)) {
            assertThat(byId(read, big).get("@contacts")).isEqualTo(contacts);
            assertThat(byId(read, big).get("@companies")).isEqualTo(acme);
            assertThat(byId(read, lone).properties()).doesNotContainKeys("@contacts", "@companies");
        }
    }

    @Test
    void noteReads_carryContactsCompaniesAndDeals() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String big = deal("Big");
        String note = sandbox.insert("notes", Map.of("hs_timestamp", "2026-03-02T09:00:00.000Z", "hs_note_body",
                "Called"));
        sandbox.associate("notes", note, "contacts", List.of(ann));
        sandbox.associate("notes", note, "companies", List.of(acme));
        sandbox.associate("notes", note, "deals", List.of(big));

        Record read = connector.readByIds("notes", List.of(note)).get(0);

        assertThat(read.get("@contacts")).isEqualTo(ann);
        assertThat(read.get("@companies")).isEqualTo(acme);
        assertThat(read.get("@deals")).isEqualTo(big);
        assertThat(read.get("hs_note_body")).isEqualTo("Called");
    }

    @Test
    void dealWith501Contacts_readFollowsTheRecordsPaging() {
        List<String> contacts = sandbox.seedContacts(501);
        String big = deal("Big");
        String small = deal("Small");
        sandbox.associate("deals", big, "contacts", contacts);
        sandbox.associate("deals", small, "contacts", contacts.subList(0, 2));

        List<Record> read = connector.readByIds("deals", List.of(big, small));

        assertThat(HubSpotAssociations.split(byId(read, big).get("@contacts")))
                .containsExactlyInAnyOrderElementsOf(contacts);
        assertThat(HubSpotAssociations.split(byId(read, small).get("@contacts")))
                .containsExactlyInAnyOrderElementsOf(contacts.subList(0, 2));
    }

    @Test
    void dealContactsWrite_addsTheMissing_removesOnlyTheDropped_leavesTheRestAndOtherDealsAlone() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String bob = sandbox.insert("contacts", Map.of("email", "bob@acme.example"));
        String cy = sandbox.insert("contacts", Map.of("email", "cy@acme.example"));
        String big = deal("Big");
        String other = deal("Other");
        sandbox.associate("deals", big, "contacts", List.of(ann, bob));
        sandbox.associate("deals", other, "contacts", List.of(ann));
        long before = sandbox.requests();

        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.update("u1", big, Map.of("dealname", "Bigger", "@contacts", bob + ";" + cy)),
                WriteOperation.create("c1", Map.of("dealname", "New", "@contacts", " " + cy + " ;" + ann))));

        assertAllSucceeded(results);
        // update, create, one read of the current sets, one archive, one associate (both records' adds together).
        assertThat(sandbox.requests() - before).isEqualTo(5);
        assertThat(sandbox.associations("deals", big, "contacts").keySet()).containsExactlyInAnyOrder(bob, cy);
        assertThat(sandbox.associations("deals", results.get(1).id(), "contacts").keySet())
                .containsExactlyInAnyOrder(ann, cy);
        assertThat(sandbox.associations("deals", other, "contacts").keySet()).containsExactly(ann);
        assertThat(HubSpotAssociations.split(results.get(0).stored().get("@contacts")))
                .containsExactlyInAnyOrder(bob, cy);
        assertThat(results.get(0).stored().get("dealname")).isEqualTo("Bigger");
    }

    @Test
    void createdDeals_contactsAndCompanyWritten_withoutReadingAssociationsFirst() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String bob = sandbox.insert("contacts", Map.of("email", "bob@acme.example"));
        String acme = sandbox.insert("companies", Map.of("name", "Acme", "domain", "acme.example"));
        Map<String, String> noCompany = new HashMap<>(Map.of("dealname", "Two", "@contacts", bob));
        noCompany.put("@companies", null);
        long before = sandbox.requests();

        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.create("c1", Map.of("dealname", "One", "@contacts", ann + ";" + bob,
                        "@companies", acme)),
                WriteOperation.create("c2", noCompany)));

        assertAllSucceeded(results);
        // A new record has no associations to diff against or to clear: create, primary company, associate.
        assertThat(sandbox.requests() - before).isEqualTo(3);
        assertThat(sandbox.associations("deals", results.get(0).id(), "contacts").keySet())
                .containsExactlyInAnyOrder(ann, bob);
        assertThat(sandbox.associations("deals", results.get(1).id(), "contacts").keySet()).containsExactly(bob);
        assertThat(sandbox.associations("deals", results.get(0).id(), "companies").keySet()).containsExactly(acme);
        assertThat(sandbox.associations("deals", results.get(1).id(), "companies")).isEmpty();
        assertThat(results.get(1).stored().get("@companies")).isNull();
    }

    @Test
    void dealContactsWrite_sameSetAgain_makesNoAssociationWrite() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String big = deal("Big");
        sandbox.associate("deals", big, "contacts", List.of(ann));
        long before = sandbox.requests();

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u1", big, Map.of("@contacts", ann))))
                .get(0);

        assertThat(r.succeeded()).isTrue();
        assertThat(sandbox.requests() - before).as("only the read of the current set").isEqualTo(1);
    }

    @Test
    void dealContactsCleared_removesThemAll_companyAssociationsUntouched() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String big = deal("Big");
        sandbox.associate("deals", big, "contacts", List.of(ann));
        sandbox.associate("deals", big, "companies", List.of(acme));
        Map<String, String> clear = new HashMap<>();
        clear.put("@contacts", null);

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u1", big, clear))).get(0);

        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        assertThat(sandbox.associations("deals", big, "contacts")).isEmpty();
        assertThat(sandbox.associations("deals", big, "companies")).containsKey(acme);
    }

    @Test
    void dealPrimaryCompanyWrite_otherDealsPrimaryAndLabelsUntouched() {
        String acme = sandbox.insert("companies", Map.of("name", "Acme"));
        String globex = sandbox.insert("companies", Map.of("name", "Globex"));
        String first = deal("First");
        String second = deal("Second");
        assertAllSucceeded(connector.write("deals", List.of(
                WriteOperation.update("a", first, Map.of("@companies", acme)),
                WriteOperation.update("b", second, Map.of("@companies", globex)))));

        assertAllSucceeded(connector.write("deals", List.of(
                WriteOperation.update("b", second, Map.of("@companies", acme)))));

        assertThat(sandbox.associations("deals", first, "companies").get(acme)).contains(5);
        assertThat(sandbox.associations("deals", second, "companies").get(acme)).contains(5);
        assertThat(connector.readByIds("deals", List.of(first)).get(0).get("@companies")).isEqualTo(acme);
    }

    @Test
    void unknownContact_failsThatDealWithAssociation_itsSetLeftAsItWas_itsPropertiesAndTheOtherDealWritten() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String bob = sandbox.insert("contacts", Map.of("email", "bob@acme.example"));
        String bad = deal("Bad");
        String good = deal("Good");
        sandbox.associate("deals", bad, "contacts", List.of(bob));

        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.update("bad", bad, Map.of("dealname", "Bad 2", "@contacts", ann + ";999999")),
                WriteOperation.update("good", good, Map.of("@contacts", bob))));

        assertThat(results.get(0).succeeded()).isFalse();
        assertThat(results.get(0).failure().category().name()).isEqualTo("ASSOCIATION");
        assertThat(results.get(0).failure().property()).isEqualTo("@contacts");
        assertThat(results.get(0).failure().message()).contains("999999");
        assertThat(results.get(1).succeeded()).isTrue();
        // Whole or nothing, like a join table: Ann's addition is taken back and Bob is not removed.
        assertThat(sandbox.associations("deals", bad, "contacts").keySet()).containsExactly(bob);
        assertThat(sandbox.associations("deals", good, "contacts").keySet()).containsExactly(bob);
        assertThat(connector.readByIds("deals", List.of(bad)).get(0).get("dealname")).isEqualTo("Bad 2");
    }

    @Test
    void archivedContactWithTheDealsOwnIdNumber_onlyItIsRefused_theOtherAdditionTakenBack() {
        String deal = deal("Twin");
        // Ids are unique per object type only: find the contact numbered like the deal, and archive it.
        String twin = null;
        for (int i = 0; i < 100 && twin == null; i++) {
            String c = sandbox.insert("contacts", Map.of("email", "c" + i + "@acme.example"));
            twin = c.equals(deal) ? c : null;
        }
        assertThat(twin).as("a contact numbered " + deal).isNotNull();
        sandbox.delete("contacts", twin);
        String bob = sandbox.insert("contacts", Map.of("email", "bob@acme.example"));

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u", deal,
                Map.of("@contacts", bob + ";" + twin)))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category().name()).isEqualTo("ASSOCIATION");
        assertThat(r.failure().message()).contains("contacts " + twin);
        assertThat(sandbox.associations("deals", deal, "contacts")).as("Bob's addition taken back").isEmpty();
    }

    @Test
    void associationPropertyTheTypeDoesNotCarry_failsUnknownPropertyNamingIt_otherValuesWritten() {
        String big = deal("Big");

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u1", big,
                Map.of("dealname", "Bigger", "@deals", "1")))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category().name()).isEqualTo("UNKNOWN_PROPERTY");
        assertThat(r.failure().property()).isEqualTo("@deals");
        assertThat(connector.readByIds("deals", List.of(big)).get(0).get("dealname")).isEqualTo("Bigger");
    }

    @Test
    void associateCallRateLimitedForTheDay_failsTheDealRateLimitedOnItsAssociation_itsPropertiesStayWritten() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String big = deal("Big");
        sandbox.faults("{\"rules\":[{\"path\":\"/batch/associate/default\",\"status\":429,"
                + "\"policyName\":\"DAILY\"}]}");

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u1", big,
                Map.of("dealname", "Bigger", "@contacts", ann)))).get(0);

        assertThat(r.succeeded()).isFalse();
        assertThat(r.failure().category().name()).isEqualTo("RATE_LIMITED");
        assertThat(r.failure().property()).isEqualTo("@contacts");
        assertThat(r.failure().isTransient()).isTrue();
        assertThat(connector.readByIds("deals", List.of(big)).get(0).get("dealname")).isEqualTo("Bigger");
    }

    @Test
    void incrementalRead_associationOnlyChange_returnsTheDealWithItsNewContacts() {
        String ann = sandbox.insert("contacts", Map.of("email", "ann@acme.example"));
        String big = deal("Big");
        clock.advance(Duration.ofMinutes(1));
        ChangePage initial = connector.readChanges("deals", new Checkpoint("0"), null, 100);
        assertThat(initial.records()).extracting(Record::id).contains(big);
        clock.advance(Duration.ofMinutes(1));
        assertThat(connector.readChanges("deals", initial.checkpoint(), null, 100).records())
                .as("nothing changed yet").isEmpty();
        clock.advance(Duration.ofMinutes(1));

        sandbox.associate("deals", big, "contacts", List.of(ann));
        ChangePage next = connector.readChanges("deals", initial.checkpoint(), null, 100);

        assertThat(next.records()).extracting(Record::id).containsExactly(big);
        assertThat(next.records().get(0).get("@contacts")).isEqualTo(ann);
        assertThat(next.records().get(0).get("dealname")).isEqualTo("Big");
    }
}
