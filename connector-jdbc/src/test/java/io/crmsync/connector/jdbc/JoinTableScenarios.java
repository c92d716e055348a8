package io.crmsync.connector.jdbc;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deal's contacts kept in a join table ({@code associations: {contacts: {table: deal_contacts, from: deal_id,
 * to: contact_id}}}), read and written through the connector against a real database: what the association
 * contract ({@code AssociationContractTest}) leaves out. Each subclass names the database.
 */
abstract class JoinTableScenarios {
    abstract JoinTableDatabase database();

    private Connection direct;
    private JdbcConnector connector;

    @AfterEach
    void close() throws SQLException {
        if (connector != null) {
            connector.close();
        }
        if (direct != null) {
            direct.close();
        }
    }

    private JdbcConnector open(Map<String, Object> join) throws SQLException {
        JoinTableDatabase db = database();
        direct = db.connect();
        try (Statement s = direct.createStatement()) {
            for (String ddl : db.ddl()) {
                s.execute(ddl);
            }
        }
        connector = (JdbcConnector) new JdbcConnectorFactory().open(db.settings(join));
        return connector;
    }

    private JdbcConnector open() throws SQLException {
        return open(JoinTableDatabase.JOIN);
    }

    private void sql(String... statements) throws SQLException {
        try (Statement s = direct.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private String contact(String email) throws SQLException {
        sql("INSERT INTO contacts (email, updated_at) VALUES ('" + email + "', " + database().longAgo() + ")");
        return single("SELECT id FROM contacts WHERE email = '" + email + "'");
    }

    private String deal(String name, String... contactIds) throws SQLException {
        sql("INSERT INTO deals (name, updated_at) VALUES ('" + name + "', " + database().longAgo() + ")");
        String id = single("SELECT id FROM deals WHERE name = '" + name + "'");
        for (String c : contactIds) {
            sql("INSERT INTO deal_contacts (deal_id, contact_id, role) VALUES (" + id + ", " + c + ", 'kept')");
        }
        return id;
    }

    private String single(String query) throws SQLException {
        try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** contact_id → role of the deal's join rows. */
    private Map<String, String> joinRows(String dealId) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement s = direct.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT contact_id, role FROM deal_contacts WHERE deal_id = " + dealId)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Set<String> ids(Record r) {
        return Set.copyOf(PropertyDef.associations("contacts").split(r.get("@contacts")));
    }

    @Test
    void write_createWithTwoContacts_insertsJoinRowsAndReturnsTheStoredSet() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");

        WriteResult r = connector.write("deals", List.of(WriteOperation.create("d1",
                Map.of("name", "New", "@contacts", ann + ";" + bob)))).get(0);

        assertThat(r.succeeded()).isTrue();
        assertThat(joinRows(r.id()).keySet()).containsExactlyInAnyOrder(ann, bob);
        assertThat(ids(r.stored())).containsExactlyInAnyOrder(ann, bob);
    }

    @Test
    void write_updateWithOneContactSwapped_deletesTheRemovedInsertsTheAddedKeepsTheOther() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");
        String cy = contact("cy@x.example");
        String big = deal("Big", ann, bob);

        WriteResult r = connector.write("deals", List.of(WriteOperation.update("u", big,
                Map.of("@contacts", cy + ";" + ann)))).get(0);

        assertThat(r.succeeded()).isTrue();
        // Ann's row is the same row (its unmapped role survives); Bob's is gone; Cy's is new.
        assertThat(joinRows(big)).containsOnlyKeys(ann, cy).containsEntry(ann, "kept").containsEntry(cy, null);
        assertThat(ids(r.stored())).containsExactlyInAnyOrder(ann, cy);
    }

    @Test
    void write_twoDealsSwappingContactsInOneWrite_eachKeepsItsOwnRowsAndGetsItsNewOne() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");
        String cy = contact("cy@x.example");
        String big = deal("Big", ann, bob);
        String small = deal("Small", bob, cy);

        // One chunk: both deals' existing join rows are read together and must not be mixed up.
        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.update("a", big, Map.of("@contacts", ann + ";" + cy)),
                WriteOperation.update("b", small, Map.of("@contacts", ann + ";" + bob))));

        assertThat(results).allMatch(WriteResult::succeeded);
        assertThat(joinRows(big)).containsOnlyKeys(ann, cy).containsEntry(ann, "kept").containsEntry(cy, null);
        assertThat(joinRows(small)).containsOnlyKeys(ann, bob).containsEntry(bob, "kept").containsEntry(ann, null);
    }

    @Test
    void write_associationsCleared_deletesEveryJoinRow_otherPropertyWriteLeavesThemAlone() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String big = deal("Big", ann);
        String small = deal("Small", ann);
        Map<String, String> cleared = new HashMap<>();
        cleared.put("@contacts", null);

        connector.write("deals", List.of(WriteOperation.update("a", big, cleared),
                WriteOperation.update("b", small, Map.of("name", "Smaller"))));

        assertThat(joinRows(big)).isEmpty();
        assertThat(joinRows(small)).containsOnlyKeys(ann);
    }

    @Test
    void delete_dealWithContacts_itsJoinRowsGoWithIt_otherDealsKeepTheirs() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String big = deal("Big", ann);
        String small = deal("Small", ann);

        WriteResult r = connector.write("deals", List.of(WriteOperation.delete("d", big))).get(0);

        assertThat(r.succeeded()).isTrue();
        assertThat(joinRows(big)).isEmpty();
        assertThat(joinRows(small)).containsOnlyKeys(ann);
    }

    @Test
    void joinRowsChangedByAnotherApp_withTouchTriggers_additionAndRemovalSeenByTheChangeFeed() throws SQLException {
        open();
        sql(database().touchTriggers().toArray(String[]::new));
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");
        String big = deal("Big", ann);
        String small = deal("Small", ann, bob);
        sql("UPDATE deals SET updated_at = " + database().longAgo());
        Checkpoint cp = connector.checkpoint("deals");

        sql("INSERT INTO deal_contacts (deal_id, contact_id) VALUES (" + big + ", " + bob + ")",
                "DELETE FROM deal_contacts WHERE deal_id = " + small + " AND contact_id = " + ann);

        Map<String, Record> changed = new HashMap<>();
        ChangePage page = connector.readChanges("deals", cp, null, 100);
        page.records().forEach(r -> changed.put(r.id(), r));
        assertThat(changed).containsOnlyKeys(big, small);
        assertThat(ids(changed.get(big))).containsExactlyInAnyOrder(ann, bob);
        assertThat(ids(changed.get(small))).containsExactly(bob);
    }

    @Test
    void write_contactIdThatIsNotAnId_failsThatRecordOnItsAssociation_otherRecordWritten() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String big = deal("Big");
        String small = deal("Small");

        List<WriteResult> results = connector.write("deals", List.of(
                WriteOperation.update("bad", big, Map.of("name", "Bigger", "@contacts", ann + ";not-a-number")),
                WriteOperation.update("good", small, Map.of("@contacts", ann))));

        assertThat(results.get(0).failure().category()).isEqualTo(FailureCategory.INVALID_VALUE);
        assertThat(results.get(0).failure().property()).isEqualTo("@contacts");
        assertThat(results.get(0).failure().message()).contains("not-a-number").contains("contact_id");
        assertThat(single("SELECT name FROM deals WHERE id = " + big)).isEqualTo("Big");
        assertThat(results.get(1).succeeded()).isTrue();
        assertThat(joinRows(small)).containsOnlyKeys(ann);
    }

    @Test
    void schemaProblems_unknownJoinTableOrColumn_namesTheAssociationKey() throws SQLException {
        open(Map.of("table", "deal_people", "from", "deal_id", "to", "contact_id"));
        assertThat(connector.schemaProblems()).extracting(ConfigProblem::path)
                .containsExactly("objects.deals.associations.contacts.table");
        connector.close();

        connector = (JdbcConnector) new JdbcConnectorFactory().open(database().settings(
                Map.of("table", "deal_contacts", "from", "deal_id", "to", "person_id")));
        List<ConfigProblem> problems = new ArrayList<>(connector.schemaProblems());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objects.deals.associations.contacts.to");
            assertThat(p.message()).contains("person_id").contains("deal_contacts");
        });
    }
}
