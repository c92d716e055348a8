package io.crmsync.connector.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * The change trigger crmsync installs on a PostgreSQL table whose object has {@code changeTrigger: true}: it
 * records deleted ids in a change table and notifies every change on a channel.
 *
 * <p><b>What is installed</b>, idempotently, the first time the connector reads the object (its checkpoint or a
 * change read), in one transaction under an advisory lock so that two processes cannot race:
 * <ul>
 *   <li>the change table {@value #CHANGE_TABLE}{@code (seq bigserial primary key, table_name text, record_id text,
 *       deleted_at timestamptz default now())}, with an index on {@code (table_name, seq)}, in the connection's
 *       current schema (usually {@code public});</li>
 *   <li>per table, a PL/pgSQL function {@code crmsync_changes_<schema>_<table>} and an
 *       {@code AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW} trigger {@value #TRIGGER} that (a) on DELETE inserts
 *       {@code (table, id)} into the change table and (b) on every operation calls
 *       {@code pg_notify('crmsync_changes', payload)}.</li>
 * </ul>
 * The database user needs to own the table (to create triggers) and to be allowed to create tables and functions
 * in its current schema; otherwise the read fails with {@code PERMISSION} naming the table and the key.
 *
 * <p><b>Notification</b> (for listeners such as {@code crmsync serve}): channel {@value #CHANNEL}; payload a JSON
 * object {@code {"table": <table as configured: "schema.table" or "table">, "id": <record id as text>,
 * "op": "INSERT" | "UPDATE" | "DELETE"}}, made by {@code json_build_object(...)::text}. PostgreSQL delivers
 * notifications on commit only, once per distinct payload per transaction, and drops them for a listener that is
 * not connected: a listener must still read changes on a schedule.
 *
 * <p><b>Deletes in the change feed</b>: a change read reports the ids of the object's change-table rows with
 * {@code seq} beyond the one in its checkpoint. The checkpoint ({@code pgt1|<seq>|<inner checkpoint>}) moves only
 * past rows older than the connector's {@code changeLagMs}, because sequence values are taken before commit and a
 * slower transaction can commit a lower one later; such rows are read (and ignored by the engine) once more. The
 * change table is never pruned by crmsync: delete old rows by hand when every object sync has read past them.
 *
 * <p>Thread-safe (stateless).
 */
public final class PgChangeTrigger {
    /** The channel every change is notified on. */
    public static final String CHANNEL = "crmsync_changes";
    /** Payload key: the table as configured ({@code schema.table} or {@code table}). */
    public static final String PAYLOAD_TABLE = "table";
    /** Payload key: the record's id, as text. */
    public static final String PAYLOAD_ID = "id";
    /** Payload key: the operation, {@code INSERT}, {@code UPDATE} or {@code DELETE} (PostgreSQL's TG_OP). */
    public static final String PAYLOAD_OP = "op";
    /** The change table holding deleted ids. */
    public static final String CHANGE_TABLE = "crmsync_deleted";
    /** The name of the trigger on each table. */
    public static final String TRIGGER = "crmsync_changes";

    private static final String POSITION = "pgt1";

    private PgChangeTrigger() {
    }

    /**
     * Installs (or replaces) the change table, the table's function and its trigger.
     *
     * @param c      a connection in auto-commit mode; left in auto-commit mode
     * @param t      the resolved table
     * @param config the table as configured (its name goes into the change table and the payload)
     * @throws SQLException when the database refuses (e.g. the user does not own the table)
     */
    static void install(Connection c, TableInfo t, String config) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('" + CHANGE_TABLE + "'))");
            String schema;
            try (ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = quote(rs.getString(1));
            }
            String changes = schema + "." + CHANGE_TABLE;
            st.execute("CREATE TABLE IF NOT EXISTS " + changes + " (seq bigserial PRIMARY KEY, table_name text NOT NULL,"
                    + " record_id text NOT NULL, deleted_at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE INDEX IF NOT EXISTS " + CHANGE_TABLE + "_table_seq ON " + changes
                    + " (table_name, seq)");
            String function = schema + "." + functionName(config);
            String name = literal(config);
            String id = t.id().quoted();
            st.execute("CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $crmsync$\n"
                    + "DECLARE rid text;\n"
                    + "BEGIN\n"
                    + "  IF TG_OP = 'DELETE' THEN\n"
                    + "    rid := OLD." + id + "::text;\n"
                    + "    INSERT INTO " + changes + " (table_name, record_id) VALUES (" + name + ", rid);\n"
                    + "  ELSE\n"
                    + "    rid := NEW." + id + "::text;\n"
                    + "  END IF;\n"
                    + "  PERFORM pg_notify('" + CHANNEL + "', json_build_object('" + PAYLOAD_TABLE + "', " + name
                    + ", '" + PAYLOAD_ID + "', rid, '" + PAYLOAD_OP + "', TG_OP)::text);\n"
                    + "  RETURN NULL;\n"
                    + "END\n$crmsync$");
            st.execute("DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + t.table());
            st.execute("CREATE TRIGGER " + TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + t.table()
                    + " FOR EACH ROW EXECUTE FUNCTION " + function + "()");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The highest seq recorded for the table so far (0 when none): where a new checkpoint starts. */
    static long lastSeq(Connection c, String config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM " + CHANGE_TABLE
                + " WHERE table_name = ?")) {
            ps.setString(1, config);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Adds the ids deleted after {@code sinceSeq} to {@code into}, in seq order.
     *
     * @param horizon rows deleted before it are settled: the returned position moves past them only
     * @return the seq to store in the next checkpoint
     */
    static long deletedSince(Connection c, String config, long sinceSeq, Instant horizon, List<String> into)
            throws SQLException {
        long next = sinceSeq;
        boolean settled = true;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, record_id, deleted_at FROM " + CHANGE_TABLE
                + " WHERE table_name = ? AND seq > ? ORDER BY seq")) {
            ps.setString(1, config);
            ps.setLong(2, sinceSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getString(2));
                    settled &= rs.getObject(3, OffsetDateTime.class).toInstant().isBefore(horizon);
                    if (settled) {
                        next = rs.getLong(1);
                    }
                }
            }
        }
        return next;
    }

    /** A checkpoint value carrying the change table position and the table feed's own checkpoint. */
    static String encode(long seq, String inner) {
        return POSITION + "|" + seq + "|" + inner;
    }

    /** The change table position of a checkpoint value; 0 for one made before the trigger was configured. */
    static long seq(String value) {
        return value.startsWith(POSITION + "|") ? Long.parseLong(value.split("\\|", 3)[1]) : 0;
    }

    /** The table feed's own checkpoint inside a checkpoint value. */
    static String inner(String value) {
        return value.startsWith(POSITION + "|") ? value.split("\\|", 3)[2] : value;
    }

    /** {@code crmsync_changes_<schema>_<table>}, lower case, at most PostgreSQL's 63 characters. */
    static String functionName(String config) {
        String name = "crmsync_changes_" + config.replace('.', '_').toLowerCase(Locale.ROOT);
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
