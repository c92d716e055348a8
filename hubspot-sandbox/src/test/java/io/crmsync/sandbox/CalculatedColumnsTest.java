package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calculated association properties kept in their own columns ({@link CalculatedColumns}): record writes by
 * clients leave them alone, reads and search still show them, and a store written while they lived in the
 * properties JSON is upgraded when it opens.
 */
class CalculatedColumnsTest extends SandboxTestBase {
    @TempDir
    Path oldDir;

    private void associate(String from, String to, String fromId, String... toIds) {
        StringBuilder inputs = new StringBuilder();
        for (String toId : toIds) {
            inputs.append(inputs.length() == 0 ? "" : ",").append("{\"from\":{\"id\":\"").append(fromId)
                    .append("\"},\"to\":{\"id\":\"").append(toId).append("\"}}");
        }
        Response r = post("/crm/v4/associations/" + from + "/" + to + "/batch/associate/default",
                "{\"inputs\":[" + inputs + "]}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    }

    @Test
    void dealCountsSet_thenDealUpdatedByClient_countsKeptInResponseReadAndSearch_andMoveOnNextAssociation() {
        String deal = create("deals", "{\"dealname\":\"Big one\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        String carl = createContact("carl@example.com");
        associate("deals", "contacts", deal, ann, bob);

        Response patched = call("PATCH", "/crm/v3/objects/deals/" + deal,
                "{\"properties\":{\"dealname\":\"Bigger one\",\"amount\":\"1200\"}}");

        assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
        assertThat(patched.json().at("/properties/num_associated_contacts").asText()).isEqualTo("2");
        JsonNode read = props("deals", deal, "dealname,num_associated_contacts");
        assertThat(read.get("dealname").asText()).isEqualTo("Bigger one");
        assertThat(read.get("num_associated_contacts").asText()).isEqualTo("2");
        Response found = post("/crm/v3/objects/deals/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":"
                + "\"num_associated_contacts\",\"operator\":\"EQ\",\"value\":\"2\"}]}],"
                + "\"properties\":[\"num_associated_contacts\"]}");
        assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
        assertThat(found.json().get("results")).extracting(n -> n.get("id").asText()).containsExactly(deal);
        associate("deals", "contacts", deal, carl);
        assertThat(props("deals", deal, "num_associated_contacts").get("num_associated_contacts").asText())
                .isEqualTo("3");
    }

    @Test
    void contactWithPrimaryCompany_upsertedByEmailThenArchivedAndRestored_associatedcompanyidKept() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        Response linked = post("/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":["
                + AssociationBatchAndLabelsTest.createInput(ann, acme, 1) + "]}");
        assertThat(linked.status()).as(linked.raw().body()).isEqualTo(201);

        Response upserted = post("/crm/v3/objects/contacts/batch/upsert", "{\"inputs\":[{\"idProperty\":\"email\","
                + "\"id\":\"ann@example.com\",\"properties\":{\"firstname\":\"Ann\"}}]}");
        assertThat(upserted.status()).as(upserted.raw().body()).isEqualTo(200);
        assertThat(call("DELETE", "/crm/v3/objects/contacts/" + ann, null).status()).isEqualTo(204);
        Response restored = post("/_sandbox/objects/contacts/" + ann + "/restore", "{}");

        assertThat(restored.status()).as(restored.raw().body()).isEqualTo(200);
        JsonNode contact = props("contacts", ann, "firstname,associatedcompanyid,num_associated_deals");
        assertThat(contact.get("firstname").asText()).isEqualTo("Ann");
        assertThat(contact.get("associatedcompanyid").asText()).isEqualTo(acme);
        assertThat(contact.get("num_associated_deals").asText()).isEqualTo("0");
    }

    @Test
    void contactsMerged_primaryWithoutCompany_survivorTakesTheMergedContactsAssociatedcompanyid() {
        String acme = create("companies", "{\"name\":\"Acme\"}");
        String ann = createContact("ann@example.com");
        String bob = createContact("bob@example.com");
        post("/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":["
                + AssociationBatchAndLabelsTest.createInput(bob, acme, 1) + "]}");

        Response merged = post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + ann
                + "\",\"objectIdToMerge\":\"" + bob + "\"}");

        assertThat(merged.status()).as(merged.raw().body()).isEqualTo(200);
        assertThat(merged.json().at("/properties/associatedcompanyid").asText()).isEqualTo(acme);
        assertThat(props("contacts", ann, "associatedcompanyid").get("associatedcompanyid").asText())
                .isEqualTo(acme);
    }

    /**
     * A store as the sandbox wrote it before the columns: company 1 with contacts 1 and 2 (1 primary), their
     * calculated values in the properties JSON, no record ever archived. {@code companyContacts} is the company's
     * stored {@code num_associated_contacts} and {@code contact2Deals} contact 2's {@code num_associated_deals};
     * contact 2 has {@code deals} deals (ids 1..n) associated.
     */
    private void writeOldStore(String companyContacts, String contact2Deals, int deals) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + oldDir.toAbsolutePath().resolve("sandbox"));
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE objects (type VARCHAR(40) NOT NULL, id BIGINT NOT NULL, "
                    + "properties CLOB NOT NULL, email_key VARCHAR(400), "
                    + "created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, updated_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                    + "archived BOOLEAN NOT NULL, archived_at TIMESTAMP(3) WITH TIME ZONE, PRIMARY KEY (type, id))");
            st.execute("CREATE TABLE id_sequences (type VARCHAR(40) PRIMARY KEY, next_id BIGINT)");
            st.execute("CREATE TABLE store_marks (name VARCHAR(40) PRIMARY KEY)");
            AssociationStore.createSchema(st);
            insert(c, "companies", 1, "{\"name\":\"Acme\",\"num_associated_contacts\":\"" + companyContacts + "\","
                    + "\"num_associated_deals\":\"0\"}", null);
            insert(c, "contacts", 1, "{\"email\":\"ann@example.com\",\"num_associated_deals\":\"0\","
                    + "\"associatedcompanyid\":\"1\"}", "ann@example.com");
            insert(c, "contacts", 2, "{\"email\":\"bob@example.com\",\"num_associated_deals\":\"" + contact2Deals
                    + "\"}", "bob@example.com");
            for (int d = 1; d <= deals; d++) {
                insert(c, "deals", d, "{\"dealname\":\"D" + d + "\",\"num_associated_contacts\":\"1\"}", null);
                associationPair(st, "deals", d, "contacts", 2, 3, 4);
            }
            st.execute("INSERT INTO id_sequences VALUES ('companies', 1), ('contacts', 2), ('deals', " + deals + ")");
            associationPair(st, "contacts", 1, "companies", 1, 279, 280);
            associationPair(st, "contacts", 1, "companies", 1, 1, 2);
            associationPair(st, "contacts", 2, "companies", 1, 279, 280);
        }
    }

    private static void insert(Connection c, String type, long id, String json, String emailKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO objects VALUES (?, ?, ?, ?, "
                + "TIMESTAMP WITH TIME ZONE '2026-01-15 10:00:00.123+00', "
                + "TIMESTAMP WITH TIME ZONE '2026-01-15 10:00:00.123+00', FALSE, NULL)")) {
            ps.setString(1, type);
            ps.setLong(2, id);
            ps.setString(3, json);
            ps.setString(4, emailKey);
            ps.executeUpdate();
        }
    }

    private static void associationPair(Statement st, String from, long fromId, String to, long toId, int typeId,
                                        int inverseTypeId) throws SQLException {
        st.execute("INSERT INTO associations VALUES ('" + from + "', " + fromId + ", '" + to + "', " + toId + ", "
                + typeId + ", 'HUBSPOT_DEFINED'), ('" + to + "', " + toId + ", '" + from + "', " + fromId + ", "
                + inverseTypeId + ", 'HUBSPOT_DEFINED')");
    }

    /** The stored properties JSON and calculated column of one record, read from the closed sandbox's file. */
    private String[] raw(String type, long id, String column) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + oldDir.toAbsolutePath().resolve("sandbox"));
             PreparedStatement ps = c.prepareStatement("SELECT properties, " + column
                     + " FROM objects WHERE type = ? AND id = ?")) {
            ps.setString(1, type);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    @Test
    void storeWrittenBeforeTheColumns_opened_valuesMovedOutOfJson_shownAndMovedByTheNextAssociation()
            throws SQLException {
        writeOldStore("2", "0", 0);
        server.stop();
        server = SandboxServer.start(0, oldDir, options());

        JsonNode ann = props("contacts", "1", "email,associatedcompanyid,num_associated_deals");
        assertThat(ann.get("associatedcompanyid").asText()).isEqualTo("1");
        assertThat(ann.get("num_associated_deals").asText()).isEqualTo("0");
        String carl = createContact("carl@example.com");
        associate("companies", "contacts", "1", carl);
        assertThat(props("companies", "1", "num_associated_contacts").get("num_associated_contacts").asText())
                .as("the stored 2 moved by one, not counted from scratch").isEqualTo("3");
        server.stop();
        server = SandboxServer.start(0, oldDir, options());
        JsonNode company = props("companies", "1", "num_associated_contacts,num_associated_deals");
        assertThat(company.get("num_associated_contacts").asText()).isEqualTo("3");
        assertThat(company.get("num_associated_deals").asText()).isEqualTo("0");
        server.stop();

        String[] stored = raw("companies", 1, "num_associated_contacts");
        assertThat(stored[0]).isEqualTo("{\"name\":\"Acme\"}");
        assertThat(stored[1]).isEqualTo("3");
        String[] contact = raw("contacts", 1, "associated_company_id");
        assertThat(contact[0]).doesNotContain("associatedcompanyid").contains("ann@example.com");
        assertThat(contact[1]).isEqualTo("1");
    }

    @Test
    void storeWrittenBeforeTheColumns_withACountThatIsNoNumber_opened_countRecountedFromAssociations()
            throws SQLException {
        writeOldStore("2", "lots", 2);
        server.stop();
        server = SandboxServer.start(0, oldDir, options());
        String third = create("deals", "{\"dealname\":\"D3\"}");

        associate("deals", "contacts", third, "2");

        assertThat(props("contacts", "2", "num_associated_deals").get("num_associated_deals").asText())
                .as("deals 1, 2 and 3").isEqualTo("3");
        assertThat(props("deals", "1", "num_associated_contacts").get("num_associated_contacts").asText())
                .isEqualTo("1");
    }

    @Test
    void storedCountBelowTheAssociations_contactRemovedFromCompany_companyRecountedInsteadOfGoingBelowZero()
            throws SQLException {
        writeOldStore("0", "0", 0);
        server.stop();
        server = SandboxServer.start(0, oldDir, options());

        Response removed = call("DELETE", "/crm/v4/objects/contacts/1/associations/companies/1", null);

        assertThat(removed.status()).isEqualTo(204);
        assertThat(props("companies", "1", "num_associated_contacts").get("num_associated_contacts").asText())
                .as("contact 2 is still associated").isEqualTo("1");
        assertThat(props("contacts", "1", "associatedcompanyid").path("associatedcompanyid").asText(null)).isNull();
    }
}
