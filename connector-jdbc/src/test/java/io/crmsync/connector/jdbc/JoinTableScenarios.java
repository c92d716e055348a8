package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deal's contacts kept in a join table ({@code associations: {contacts: {table: deal_contacts, from: deal_id,
 * to: contact_id}}}), read and written through the connector against a real database; each subclass names the
 * database and its SQL.
 */
abstract class JoinTableScenarios {
    /** The database for one test: its URL and user, and the DDL of deals, contacts and deal_contacts. */
    interface Database {
        String url();

        String user();

        /** Fresh tables; deal_contacts has a {@code role} column the connector does not map. */
        List<String> ddl();

        /** Triggers stamping {@code deals.updated_at} when a deal_contacts row is inserted or deleted. */
        List<String> touchTriggers();

        /** The SQL expression of an updated-at long past, for rows another app wrote a while ago. */
        String longAgo();
    }

    abstract Database database();

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
        Database db = database();
        direct = java.sql.DriverManager.getConnection(db.url(), db.user(), null);
        try (Statement s = direct.createStatement()) {
            for (String ddl : db.ddl()) {
                s.execute(ddl);
            }
        }
        connector = (JdbcConnector) new JdbcConnectorFactory().open(settings(db, join));
        return connector;
    }

    private JdbcConnector open() throws SQLException {
        return open(Map.of("table", "deal_contacts", "from", "deal_id", "to", "contact_id"));
    }

    private static AppSettings settings(Database db, Map<String, Object> join) {
        Map<String, Object> contacts = Map.of("table", "contacts", "id", "id", "updatedAt", "updated_at",
                "properties", Map.of("email", Map.of("column", "email")));
        Map<String, Object> deals = Map.of("table", "deals", "id", "id", "updatedAt", "updated_at",
                "properties", Map.of("name", Map.of("column", "name")),
                "associations", Map.of("contacts", join));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "jdbc");
        values.put("url", db.url());
        if (db.user() != null) {
            values.put("user", db.user());
        }
        // No lag: a change read moves past every row it returned, so that a later read returns only new changes.
        values.put("changeLagMs", 0);
        values.put("objects", Map.of("contacts", contacts, "deals", deals));
        return new AppSettings("shop", "jdbc", values, Set.of());
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
    void schema_joinTableAssociation_isAMultiValuedAssociationProperty() throws SQLException {
        PropertyDef def = open().schema("deals").property("@contacts").orElseThrow();

        assertThat(def.manyAssociated()).isTrue();
        assertThat(def.associatedType()).isEqualTo("contacts");
    }

    @Test
    void readAll_dealWithTwoContactsAndOneWithout_fullSetOnEachAbsentOnTheOther() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");
        String big = deal("Big", ann, bob);
        String none = deal("None");

        Map<String, Record> read = new HashMap<>();
        connector.readAll("deals", null, 100).records().forEach(r -> read.put(r.id(), r));

        assertThat(ids(read.get(big))).containsExactlyInAnyOrder(ann, bob);
        assertThat(read.get(none).get("@contacts")).isNull();
        assertThat(ids(connector.readByIds("deals", List.of(big)).get(0))).containsExactlyInAnyOrder(ann, bob);
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
    void write_associationOnlyChange_stampsTheDealSoTheChangeFeedReturnsIt() throws SQLException {
        open();
        String ann = contact("ann@x.example");
        String bob = contact("bob@x.example");
        String big = deal("Big", ann);
        deal("Other", ann);
        Checkpoint cp = connector.checkpoint("deals");
        assertThat(connector.readChanges("deals", cp, null, 100).records()).isEmpty();

        connector.write("deals", List.of(WriteOperation.update("u", big, Map.of("@contacts", ann + ";" + bob))));

        List<Record> changed = connector.readChanges("deals", cp, null, 100).records();
        assertThat(changed).extracting(Record::id).containsExactly(big);
        assertThat(ids(changed.get(0))).containsExactlyInAnyOrder(ann, bob);
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

        connector = (JdbcConnector) new JdbcConnectorFactory().open(settings(database(),
                Map.of("table", "deal_contacts", "from", "deal_id", "to", "person_id")));
        List<ConfigProblem> problems = new ArrayList<>(connector.schemaProblems());
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objects.deals.associations.contacts.to");
            assertThat(p.message()).contains("person_id").contains("deal_contacts");
        });
    }
}
