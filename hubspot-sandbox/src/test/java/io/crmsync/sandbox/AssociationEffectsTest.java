package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What association writes do to the records at both ends (calculated properties, last-modified dates, the search
 * change feed), and per-record paging of the v4 batch read, over raw HTTP.
 */
class AssociationEffectsTest extends SandboxTestBase {
    private static final Duration LATER = Duration.ofMinutes(5);

    /** Associates {@code company} with {@code contacts} (default type) in one v4 batch. */
    private void associateContacts(String company, String... contacts) {
        Response r = post("/crm/v4/associations/companies/contacts/batch/associate/default", "{\"inputs\":["
                + Arrays.stream(contacts).map(c -> pair(company, c)).collect(Collectors.joining(",")) + "]}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    }

    private String contactCount(String company) {
        return props("companies", company, "num_associated_contacts").get("num_associated_contacts").asText();
    }

    private static String pair(String from, String to) {
        return "{\"from\":{\"id\":\"" + from + "\"},\"to\":{\"id\":\"" + to + "\"}}";
    }

    private String iso(Duration after) {
        return RecordJson.iso(T0.plus(after));
    }

    @Test
    void primaryCompanySet_contactGetsAssociatedcompanyidAndNewLastModified_companyCountsIt() {
        String ann = createContact("ann@acme.example");
        String acme = create("companies", "{\"name\":\"Acme\"}");
        clock.advance(LATER);

        Response r = post("/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":["
                + AssociationBatchAndLabelsTest.createInput(ann, acme, 1) + "]}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        JsonNode contact = props("contacts", ann, "associatedcompanyid,lastmodifieddate");
        assertThat(contact.get("associatedcompanyid").asText()).isEqualTo(acme);
        assertThat(contact.get("lastmodifieddate").asText()).isEqualTo(iso(LATER));
        JsonNode company = props("companies", acme, "num_associated_contacts,hs_lastmodifieddate");
        assertThat(company.get("num_associated_contacts").asText()).isEqualTo("1");
        assertThat(company.get("hs_lastmodifieddate").asText()).isEqualTo(iso(LATER));
    }

    @Test
    void unlabeledCompanyAdded_contactBumped_butAssociatedcompanyidStaysThePrimary() {
        String ann = createContact("ann@acme.example");
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String globex = create("companies", "{\"name\":\"Globex\"}");
        post("/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":["
                + AssociationBatchAndLabelsTest.createInput(ann, acme, 1) + "]}");
        clock.advance(LATER);

        Response r = call("PUT", "/crm/v4/objects/contacts/" + ann + "/associations/default/companies/" + globex, "");

        assertThat(r.status()).isEqualTo(200);
        JsonNode contact = props("contacts", ann, "associatedcompanyid,lastmodifieddate");
        assertThat(contact.get("associatedcompanyid").asText()).isEqualTo(acme);
        assertThat(contact.get("lastmodifieddate").asText()).isEqualTo(iso(LATER));
        assertThat(props("companies", acme, "hs_lastmodifieddate").get("hs_lastmodifieddate").asText())
                .as("Acme's association did not change").isEqualTo(RecordJson.iso(T0));
    }

    @Test
    void dealContactsAddedThenOneRemoved_numAssociatedContactsFollows_andSearchFeedFindsTheDeal() {
        String deal = create("deals", "{\"dealname\":\"Big one\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        clock.advance(LATER);
        Response added = post("/crm/v4/associations/deals/contacts/batch/associate/default", "{\"inputs\":["
                + pair(deal, ann) + "," + pair(deal, bob) + "]}");
        assertThat(added.status()).as(added.raw().body()).isEqualTo(200);
        assertThat(props("deals", deal, "num_associated_contacts").get("num_associated_contacts").asText())
                .isEqualTo("2");
        clock.advance(LATER);

        Response removed = post("/crm/v4/associations/deals/contacts/batch/archive", "{\"inputs\":[{\"from\":{\"id\":\""
                + deal + "\"},\"to\":[{\"id\":\"" + bob + "\"}]}]}");

        assertThat(removed.status()).isEqualTo(204);
        JsonNode after = props("deals", deal, "num_associated_contacts,hs_lastmodifieddate");
        assertThat(after.get("num_associated_contacts").asText()).isEqualTo("1");
        assertThat(after.get("hs_lastmodifieddate").asText()).isEqualTo(iso(LATER.multipliedBy(2)));
        Response feed = post("/crm/v3/objects/deals/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":"
                + "\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"" + T0.plus(LATER.multipliedBy(2))
                .toEpochMilli() + "\"}]}]}");
        assertThat(feed.status()).as(feed.raw().body()).isEqualTo(200);
        assertThat(feed.json().get("results")).extracting(n -> n.get("id").asText()).containsExactly(deal);
    }

    @Test
    void companyGainsContactsInTwoBatchesThenLosesItsPrimaryContact_countsAndPrimaryFollowEachWrite() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        String carl = createContact("carl@example.com");
        String deal = create("deals", "{\"dealname\":\"Big one\"}");
        String batch = "/crm/v4/associations/contacts/companies/batch/create";
        post(batch, "{\"inputs\":[" + AssociationBatchAndLabelsTest.createInput(ann, acme, 1) + ","
                + AssociationBatchAndLabelsTest.createInput(bob, acme, 1) + "]}");
        post("/crm/v4/associations/deals/companies/batch/associate/default", "{\"inputs\":[" + pair(deal, acme)
                + "]}");
        Response second = post("/crm/v4/associations/companies/contacts/batch/associate/default", "{\"inputs\":["
                + pair(acme, carl) + "," + pair(acme, ann) + "]}");
        assertThat(second.status()).as(second.raw().body()).isEqualTo(200);
        JsonNode company = props("companies", acme, "num_associated_contacts,num_associated_deals");
        assertThat(company.get("num_associated_contacts").asText()).as("ann was associated already").isEqualTo("3");
        assertThat(company.get("num_associated_deals").asText()).isEqualTo("1");
        assertThat(props("contacts", carl, "associatedcompanyid").path("associatedcompanyid").asText(null))
                .as("an unlabeled association is no primary").isNull();

        Response removed = call("DELETE", "/crm/v4/objects/contacts/" + ann + "/associations/companies/" + acme, null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(contactCount(acme)).isEqualTo("2");
        JsonNode contact = props("contacts", ann, "associatedcompanyid,num_associated_deals");
        assertThat(contact.path("associatedcompanyid").asText(null)).isNull();
        assertThat(contact.get("num_associated_deals").asText()).isEqualTo("0");
        assertThat(props("contacts", bob, "associatedcompanyid").get("associatedcompanyid").asText()).isEqualTo(acme);
    }

    @Test
    void dealContactsBatchWithOneArchivedContact_207_theOthersAssociatedAndCounted() {
        String deal = create("deals", "{\"dealname\":\"Big one\"}");
        String ann = createContact("ann@example.com");
        String gone = createContact("gone@example.com");
        String bob = createContact("bob@example.com");
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + gone, null).status()).isEqualTo(204);

        Response r = post("/crm/v4/associations/deals/contacts/batch/associate/default", "{\"inputs\":["
                + pair(deal, ann) + "," + pair(deal, gone) + "," + pair(deal, bob) + "]}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(207);
        assertThat(r.json().get("numErrors").asInt()).isEqualTo(1);
        assertThat(r.json().get("results")).hasSize(4);
        assertThat(props("deals", deal, "num_associated_contacts").get("num_associated_contacts").asText())
                .isEqualTo("2");
        assertThat(typeIds("deals", deal, "contacts", ann)).containsExactly(3);
        assertThat(typeIds("contacts", bob, "deals", deal)).containsExactly(4);
    }

    @Test
    void contactArchivedThenSandboxRestarted_companyGetsAnotherContact_countLeavesTheArchivedOneOut() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        String carl = createContact("carl@example.com");
        associateContacts(acme, ann, bob);
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + bob, null).status()).isEqualTo(204);
        server.stop();
        server = SandboxServer.start(0, dataDir, options());

        associateContacts(acme, carl);

        assertThat(contactCount(acme)).as("ann and carl; bob is archived").isEqualTo("2");
    }

    @Test
    void contactGdprDeleted_companyGetsAnotherContact_countLeavesTheDeletedOneOut() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        String carl = createContact("carl@example.com");
        associateContacts(acme, ann, bob);
        assertThat(post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + bob + "\"}").status())
                .isEqualTo(204);

        associateContacts(acme, carl);

        assertThat(contactCount(acme)).as("ann and carl; bob is deleted for good").isEqualTo("2");
    }

    @Test
    void contactMergedAway_companyGetsAnotherContact_countLeavesTheMergedOneOut() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        String carl = createContact("carl@example.com");
        String dan = createContact("dan@example.com");
        associateContacts(acme, ann, bob);
        assertThat(post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + dan
                + "\",\"objectIdToMerge\":\"" + bob + "\"}").status()).isEqualTo(200);

        associateContacts(acme, carl);

        assertThat(contactCount(acme)).as("ann, dan (bob's associations moved to it) and carl; bob is gone")
                .isEqualTo("3");
    }

    private List<Integer> typeIds(String fromType, String fromId, String toType, String toId) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode n : get("/crm/v4/objects/" + fromType + "/" + fromId + "/associations/" + toType).json()
                .get("results")) {
            if (n.get("toObjectId").asText().equals(toId)) {
                n.get("associationTypes").forEach(t -> out.add(t.get("typeId").asInt()));
            }
        }
        return out;
    }

    @Test
    void dealNewPrimaryCompany_demotesThatDealsOldPrimaryOnly_otherDealsKeepTheirs() {
        String big = create("deals", "{\"dealname\":\"Big\"}");
        String other = create("deals", "{\"dealname\":\"Other\"}");
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String globex = create("companies", "{\"name\":\"Globex\"}");
        String batch = "/crm/v4/associations/deals/companies/batch/create";
        post(batch, "{\"inputs\":[" + AssociationBatchAndLabelsTest.createInput(big, acme, 5) + ","
                + AssociationBatchAndLabelsTest.createInput(other, acme, 5) + "]}");

        Response r = post(batch, "{\"inputs\":[" + AssociationBatchAndLabelsTest.createInput(big, globex, 5) + "]}");

        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        assertThat(typeIds("deals", big, "companies", globex)).containsExactlyInAnyOrder(341, 5);
        assertThat(typeIds("deals", big, "companies", acme)).containsExactly(341);
        assertThat(typeIds("deals", other, "companies", acme)).containsExactlyInAnyOrder(341, 5);
    }

    @Test
    void associationAlreadyThere_writtenAgain_recordsNotModified() {
        String deal = create("deals", "{\"dealname\":\"Big one\"}");
        String ann = createContact("ann@example.com");
        post("/crm/v4/associations/deals/contacts/batch/associate/default", "{\"inputs\":[" + pair(deal, ann) + "]}");
        clock.advance(LATER);

        post("/crm/v4/associations/deals/contacts/batch/associate/default", "{\"inputs\":[" + pair(deal, ann) + "]}");
        call("DELETE", "/crm/v4/objects/deals/" + deal + "/associations/companies/12345", null);

        assertThat(props("deals", deal, "hs_lastmodifieddate").get("hs_lastmodifieddate").asText())
                .isEqualTo(RecordJson.iso(T0));
    }

    @Test
    void calculatedAssociationProperties_areReadOnlyNumbers() {
        Response r = get("/crm/v3/properties/deals/num_associated_contacts");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("type").asText()).isEqualTo("number");
        assertThat(r.json().path("modificationMetadata").path("readOnlyValue").asBoolean()).isTrue();
        String ann = createContact("ann@example.com");
        Response patch = call("PATCH", "/crm/v3/objects/contacts/" + ann,
                "{\"properties\":{\"associatedcompanyid\":\"7\"}}");
        assertThat(patch.status()).isEqualTo(400);
    }

    @Test
    void batchRead_recordWith501Companies_pagesThatRecordAt500_andAfterReadsTheRest() {
        String note = create("notes", "{\"hs_timestamp\":\"2026-01-15T10:00:00.000Z\"}");
        String other = create("notes", "{\"hs_timestamp\":\"2026-01-15T10:00:00.000Z\"}");
        List<String> companies = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            StringBuilder inputs = new StringBuilder("{\"inputs\":[");
            for (int i = 0; i < (batch < 5 ? 100 : 1); i++) {
                inputs.append(i == 0 ? "" : ",").append("{\"properties\":{\"name\":\"C").append(batch * 100 + i)
                        .append("\"}}");
            }
            Response created = post("/crm/v3/objects/companies/batch/create", inputs.append("]}").toString());
            assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
            created.json().get("results").forEach(n -> companies.add(n.get("id").asText()));
        }
        for (int i = 0; i < companies.size(); i += 100) {
            String inputs = String.join(",", companies.subList(i, Math.min(companies.size(), i + 100)).stream()
                    .map(c -> pair(note, c)).toList());
            Response r = post("/crm/v4/associations/notes/companies/batch/associate/default",
                    "{\"inputs\":[" + inputs + "]}");
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        }
        post("/crm/v4/associations/notes/companies/batch/associate/default", "{\"inputs\":["
                + pair(other, companies.get(0)) + "]}");

        Response first = post("/crm/v4/associations/notes/companies/batch/read", "{\"inputs\":[{\"id\":\"" + note
                + "\"},{\"id\":\"" + other + "\"}]}");

        assertThat(first.status()).isEqualTo(200);
        JsonNode big = first.json().get("results").get(0);
        assertThat(big.get("to")).hasSize(500);
        String after = big.at("/paging/next/after").asText();
        assertThat(after).isNotEmpty();
        assertThat(first.json().get("results").get(1).has("paging")).isFalse();
        Response rest = post("/crm/v4/associations/notes/companies/batch/read", "{\"inputs\":[{\"id\":\"" + note
                + "\",\"after\":\"" + after + "\"}]}");
        JsonNode tail = rest.json().get("results").get(0);
        assertThat(tail.get("to")).hasSize(1);
        assertThat(tail.has("paging")).isFalse();
        List<String> seen = new ArrayList<>();
        big.get("to").forEach(n -> seen.add(n.get("toObjectId").asText()));
        tail.get("to").forEach(n -> seen.add(n.get("toObjectId").asText()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(companies);
    }
}
