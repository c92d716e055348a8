package io.crmsync.connector.jdbc;

import io.crmsync.testkit.AssociationContractTest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The association contract's fixture on a {@link JoinTableDatabase}: deals associated with contacts through
 * {@code deal_contacts}; direct changes touch the deal's updated-at, as the README tells other programs to.
 */
final class JoinTableFixture implements AssociationContractTest.AssociationFixture {
    private final JoinTableDatabase db;
    private final Connection direct;
    private final JdbcConnector connector;
    private int count;

    JoinTableFixture(JoinTableDatabase db) throws SQLException {
        this.db = db;
        this.direct = db.connect();
        try (Statement s = direct.createStatement()) {
            for (String ddl : db.ddl()) {
                s.execute(ddl);
            }
        }
        this.connector = (JdbcConnector) new JdbcConnectorFactory().open(db.settings(JoinTableDatabase.JOIN));
    }

    @Override
    public JdbcConnector connector() {
        return connector;
    }

    @Override
    public String objectType() {
        return "deals";
    }

    @Override
    public String associatedType() {
        return "contacts";
    }

    @Override
    public String insert() {
        return insertInto("deals", "name", "Deal " + (++count));
    }

    @Override
    public String insertAssociated() {
        return insertInto("contacts", "email", "person" + (++count) + "@example.com");
    }

    private String insertInto(String table, String column, String value) {
        try (Statement s = direct.createStatement()) {
            s.execute("INSERT INTO " + table + " (" + column + ", updated_at) VALUES ('" + value + "', " + db.now()
                    + ")");
            try (ResultSet rs = s.executeQuery("SELECT id FROM " + table + " WHERE " + column + " = '" + value
                    + "'")) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void associate(String id, Set<String> ids) {
        try (Statement s = direct.createStatement()) {
            s.execute("DELETE FROM deal_contacts WHERE deal_id = " + Long.parseLong(id));
            for (String contact : ids) {
                s.execute("INSERT INTO deal_contacts (deal_id, contact_id) VALUES (" + Long.parseLong(id) + ", "
                        + Long.parseLong(contact) + ")");
            }
            s.execute("UPDATE deals SET updated_at = " + db.now() + " WHERE id = " + Long.parseLong(id));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A deleted contact, whose id no later contact gets (the tables never reuse ids), when the join table's
     * foreign key is enforced; otherwise none.
     */
    @Override
    public String missingAssociated() {
        if (!db.enforcesForeignKeys()) {
            return null;
        }
        String gone = insertAssociated();
        try (Statement s = direct.createStatement()) {
            s.execute("DELETE FROM contacts WHERE id = " + Long.parseLong(gone));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return gone;
    }

    @Override
    public void close() throws SQLException {
        connector.close();
        direct.close();
    }
}
