package io.crmsync.connector.jdbc;

import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteOperation.Kind;
import io.crmsync.api.WriteResult;
import io.crmsync.connector.jdbc.JdbcSettings.PropertyConfig;
import io.crmsync.connector.jdbc.TableInfo.JoinInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one batch of operations inside the caller's transaction.
 *
 * <p>Each operation is validated and converted first; the valid ones are grouped by statement shape
 * (creates, then updates, then deletes; creates and updates by the set of columns they set) and run as JDBC
 * batches of {@value #CHUNK} rows, each chunk under a savepoint. When the database rejects a chunk, it is
 * rolled back to its savepoint and run again row by row, each row under its own savepoint, so that only the
 * rows at fault fail. Finally the written rows are read back, inside the same transaction, to return them as
 * stored. Operations of one call should concern distinct records: their relative order across kinds is not
 * kept. A multi-valued association ({@link JoinTables}) is written right after its record, under the same
 * savepoint, and the record's updated-at is stamped even when only its associations change, so that other
 * readers of the change feed see the change.
 *
 * <p>Not thread-safe per call (one call uses one connection); instances hold no state and may be shared.
 */
final class JdbcWriter {
    static final int CHUNK = 1000;

    private final String appName;
    private final Dialect dialect;
    private final ValueCodec codec;
    private final TableReader reader;
    private final SqlFailures failures;
    private final JoinTables joins;

    JdbcWriter(String appName, Dialect dialect, ValueCodec codec, TableReader reader, SqlFailures failures) {
        this.appName = appName;
        this.dialect = dialect;
        this.codec = codec;
        this.reader = reader;
        this.failures = failures;
        this.joins = reader.joins();
    }

    /** One operation on its way to the database. */
    private static final class Row {
        final WriteOperation op;
        final List<ColumnInfo> columns = new ArrayList<>();
        final List<Object> values = new ArrayList<>();
        /** Join-table associations to set: each to its ids ({@link JoinTables#targets}). */
        final Map<JoinInfo, Map<String, Object>> joins = new LinkedHashMap<>();
        Object idValue;
        String id;
        Failure failure;
        boolean missing;

        Row(WriteOperation op) {
            this.op = op;
            this.id = op.id();
        }

        String shape() {
            StringBuilder key = new StringBuilder(op.kind().name());
            columns.forEach(c -> key.append('|').append(c.name()));
            return key.toString();
        }
    }

    /**
     * Writes the operations and returns one result per operation, in operation order.
     *
     * @param now the time stamped into the updated-at column of every row written
     * @throws SQLException when the connection or transaction fails as a whole
     */
    List<WriteResult> write(Connection c, TableInfo t, List<WriteOperation> ops, Instant now) throws SQLException {
        List<Row> rows = new ArrayList<>(ops.size());
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (WriteOperation op : ops) {
            Row row = prepare(t, op, now);
            rows.add(row);
            if (row.failure == null) {
                groups.computeIfAbsent(row.shape(), k -> new ArrayList<>()).add(row);
            }
        }
        List<Map.Entry<String, List<Row>>> ordered = new ArrayList<>(groups.entrySet());
        // Stable sort: creates, then updates, then deletes, each kind's shapes in order of first appearance.
        ordered.sort((a, b) -> Integer.compare(kindOrder(a.getKey()), kindOrder(b.getKey())));
        for (Map.Entry<String, List<Row>> group : ordered) {
            if (!group.getValue().isEmpty()) {
                execute(c, t, group.getValue());
            }
        }
        List<String> written = new ArrayList<>();
        for (Row row : rows) {
            if (row.failure == null && row.missing) {
                row.failure = Failure.of(FailureCategory.RECORD_DELETED, prefix(t, row) + "no such record");
            } else if (row.failure == null && row.id == null) {
                row.failure = Failure.of(FailureCategory.UNKNOWN, prefix(t, row) + "the database returned no id");
            } else if (row.failure == null && row.op.kind() != Kind.DELETE) {
                written.add(row.id);
            }
        }
        Map<String, Record> stored = new HashMap<>();
        for (Record r : reader.byIds(c, t, written)) {
            stored.put(r.id(), r);
        }
        List<WriteResult> results = new ArrayList<>(rows.size());
        for (Row row : rows) {
            results.add(row.failure != null ? WriteResult.failed(row.op.ref(), row.id, row.failure)
                    : WriteResult.ok(row.op.ref(), row.id, stored.get(row.id)));
        }
        return results;
    }

    private static int kindOrder(String shape) {
        return shape.startsWith("CREATE") ? 0 : shape.startsWith("UPDATE") ? 1 : 2;
    }

    /** Validates and converts one operation; a problem is recorded in {@code row.failure}. */
    private Row prepare(TableInfo t, WriteOperation op, Instant now) {
        Row row = new Row(op);
        if (op.kind() != Kind.CREATE) {
            row.idValue = codec.idToJdbc(t.id(), op.id());
            if (row.idValue == null) {
                row.failure = Failure.of(FailureCategory.RECORD_DELETED, prefix(t, row) + "no such record");
                return row;
            }
            if (op.kind() == Kind.DELETE) {
                return row;
            }
        }
        for (String name : op.properties().keySet()) {
            PropertyConfig p = t.config().byName(name);
            JoinInfo join = t.joins().get(name);
            if (join != null) {
                try {
                    row.joins.put(join, joins.targets(join, op.properties().get(name)));
                } catch (IllegalArgumentException e) {
                    row.failure = Failure.ofProperty(FailureCategory.INVALID_VALUE, name,
                            prefix(t, row) + "property \"" + name + "\": " + e.getMessage());
                    return row;
                }
                continue;
            }
            if (p == null) {
                row.failure = Failure.ofProperty(FailureCategory.UNKNOWN_PROPERTY, name,
                        prefix(t, row) + "property \"" + name + "\" does not exist");
                return row;
            }
            if (p.def().readOnly()) {
                row.failure = Failure.ofProperty(FailureCategory.READ_ONLY_PROPERTY, name,
                        prefix(t, row) + "property \"" + name + "\" is read-only");
                return row;
            }
        }
        // Columns in config order, so that operations setting the same properties share one statement.
        for (PropertyConfig p : t.config().properties()) {
            String name = p.def().name();
            if (!op.properties().containsKey(name)) {
                continue;
            }
            ColumnInfo column = t.columns().get(name);
            try {
                row.values.add(codec.toJdbc(p.def(), column, op.properties().get(name)));
                row.columns.add(column);
            } catch (ValueCodec.BadValue e) {
                row.failure = Failure.ofProperty(e.category, name, prefix(t, row) + e.getMessage());
                return row;
            }
        }
        if (t.updatedAt() != null) {
            row.columns.add(t.updatedAt());
            row.values.add(codec.timeToJdbc(t.updatedAt(), now));
        }
        if (op.kind() == Kind.CREATE && !t.databaseMakesIds()) {
            row.id = UUID.randomUUID().toString();
            row.columns.add(t.id());
            row.values.add(codec.idToJdbc(t.id(), row.id));
        }
        return row;
    }

    private void execute(Connection c, TableInfo t, List<Row> rows) throws SQLException {
        Kind kind = rows.get(0).op.kind();
        String sql = sql(t, rows.get(0));
        boolean keys = kind == Kind.CREATE && t.databaseMakesIds();
        boolean batch = !keys || dialect.batchReturnsKeys();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            Savepoint savepoint = c.setSavepoint();
            try {
                clearJoins(c, t, chunk);
                if (batch) {
                    runBatch(c, t, sql, chunk, keys);
                } else {
                    runEach(c, t, sql, chunk, keys);
                }
                writeJoins(c, chunk);
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                if (SqlFailures.isCallLevel(e)) {
                    throw e;
                }
                c.rollback(savepoint);
                for (Row row : chunk) {
                    isolate(c, t, sql, row, keys);
                }
            }
        }
    }

    private void runBatch(Connection c, TableInfo t, String sql, List<Row> chunk, boolean keys)
            throws SQLException {
        try (PreparedStatement ps = prepareStatement(c, t, sql, keys)) {
            for (Row row : chunk) {
                bind(ps, t, row);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < chunk.size() && i < counts.length; i++) {
                chunk.get(i).missing = counts[i] == 0;
            }
            if (keys) {
                List<String> ids = new ArrayList<>(chunk.size());
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) {
                        ids.add(ValueCodec.readId(rs, 1));
                    }
                }
                if (ids.size() != chunk.size()) {
                    // Row by row instead: each single insert reports its own key.
                    throw new SQLException("the driver returned " + ids.size() + " keys for " + chunk.size()
                            + " rows");
                }
                for (int i = 0; i < chunk.size(); i++) {
                    chunk.get(i).id = ids.get(i);
                }
            }
        }
    }

    /** One statement per row, prepared once: for drivers that return a key only for the last row of a batch. */
    private void runEach(Connection c, TableInfo t, String sql, List<Row> rows, boolean keys) throws SQLException {
        try (PreparedStatement ps = prepareStatement(c, t, sql, keys)) {
            for (Row row : rows) {
                bind(ps, t, row);
                row.missing = ps.executeUpdate() == 0;
                if (keys) {
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        row.id = rs.next() ? ValueCodec.readId(rs, 1) : null;
                    }
                }
            }
        }
    }

    /** Runs one row under its own savepoint, turning a rejection into the row's failure. */
    private void isolate(Connection c, TableInfo t, String sql, Row row, boolean keys) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            clearJoins(c, t, List.of(row));
            runEach(c, t, sql, List.of(row), keys);
            writeJoins(c, List.of(row));
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (SqlFailures.isCallLevel(e)) {
                throw e;
            }
            c.rollback(savepoint);
            row.failure = e instanceof JoinRejected j
                    ? Failure.ofProperty(SqlFailures.isForeignKeyViolation(j.cause) ? FailureCategory.ASSOCIATION
                    : SqlFailures.rowCategory(j.cause), j.property, prefix(t, row) + "property \"" + j.property
                    + "\": rejected by the database: " + failures.message(j.cause))
                    : rowFailure(c, t, row, e);
            if (row.op.kind() == Kind.CREATE) {
                row.id = null;
            }
        }
    }

    /**
     * Replaces the join rows of the rows just written, inside their savepoint: the record and its associations
     * are written together or not at all.
     */
    private void writeJoins(Connection c, List<Row> rows) throws SQLException {
        // Per join table, all rows at once: their existing join rows are read in one query, not one per record.
        Map<JoinInfo, Map<Object, Map<String, Object>>> byJoin = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.joins.isEmpty() || row.missing || row.id == null) {
                continue;
            }
            for (Map.Entry<JoinInfo, Map<String, Object>> e : row.joins.entrySet()) {
                JoinInfo join = e.getKey();
                byJoin.computeIfAbsent(join, k -> new LinkedHashMap<>())
                        .put(codec.idToJdbc(join.from(), row.id), e.getValue());
            }
        }
        for (Map.Entry<JoinInfo, Map<Object, Map<String, Object>>> e : byJoin.entrySet()) {
            JoinInfo join = e.getKey();
            try {
                joins.replaceAll(c, join, e.getValue());
            } catch (SQLException ex) {
                if (SqlFailures.isCallLevel(ex)) {
                    throw ex;
                }
                throw new JoinRejected(join.config().def().name(), ex);
            }
        }
    }

    /** Deletes the join rows of records about to be deleted (no-op for other kinds). */
    private void clearJoins(Connection c, TableInfo t, List<Row> rows) throws SQLException {
        if (t.joins().isEmpty() || rows.get(0).op.kind() != Kind.DELETE) {
            return;
        }
        List<Object> ids = rows.stream().map(r -> r.idValue).toList();
        for (JoinInfo join : t.joins().values()) {
            joins.deleteAll(c, join, ids);
        }
    }

    /** A join row the database refused, with the association property it belongs to. */
    private static final class JoinRejected extends SQLException {
        final String property;
        final SQLException cause;

        JoinRejected(String property, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.property = property;
            this.cause = cause;
        }
    }

    private PreparedStatement prepareStatement(Connection c, TableInfo t, String sql, boolean keys)
            throws SQLException {
        if (!keys) {
            return c.prepareStatement(sql);
        }
        return dialect == Dialect.SQLITE ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
                : c.prepareStatement(sql, new String[] {t.id().name()});
    }

    private static void bind(PreparedStatement ps, TableInfo t, Row row) throws SQLException {
        int index = 1;
        for (int i = 0; i < row.columns.size(); i++) {
            ValueCodec.bind(ps, index++, row.columns.get(i), row.values.get(i));
        }
        if (row.op.kind() != Kind.CREATE) {
            ValueCodec.bind(ps, index, t.id(), row.idValue);
        }
    }

    private static String sql(TableInfo t, Row row) {
        String id = t.id().quoted();
        List<String> names = row.columns.stream().map(ColumnInfo::quoted).toList();
        return switch (row.op.kind()) {
            case CREATE -> names.isEmpty() ? "INSERT INTO " + t.table() + " DEFAULT VALUES"
                    : "INSERT INTO " + t.table() + " (" + String.join(", ", names) + ") VALUES ("
                    + TableReader.placeholders(names.size()) + ")";
            case UPDATE -> "UPDATE " + t.table() + " SET "
                    + (names.isEmpty() ? id + " = " + id : String.join(" = ?, ", names) + " = ?")
                    + " WHERE " + id + " = ?";
            case DELETE -> "DELETE FROM " + t.table() + " WHERE " + id + " = ?";
        };
    }

    /** The failure of a row the database rejected, naming the property when the message names its column. */
    private Failure rowFailure(Connection c, TableInfo t, Row row, SQLException e) {
        FailureCategory category = SqlFailures.rowCategory(e);
        String dbMessage = failures.message(e);
        PropertyConfig property = propertyNamed(t, row, dbMessage);
        if (property == null && SqlFailures.isForeignKeyViolation(e)) {
            property = onlyAssociationWritten(t, row);
        }
        if (property == null && category == FailureCategory.VALUE_TOO_LONG) {
            property = tooLong(t, row);
        }
        String name = property == null ? null : property.def().name();
        if (property != null && property.def().associatedType() != null && SqlFailures.isForeignKeyViolation(e)) {
            category = FailureCategory.ASSOCIATION;
        }
        String text;
        if (category == FailureCategory.DUPLICATE && property != null) {
            String other = otherId(c, t, property, row);
            text = "property \"" + name + "\": value \"" + row.op.properties().get(name) + "\" is already used by "
                    + (other == null ? "another record" : "record " + other);
        } else {
            text = (name == null ? "" : "property \"" + name + "\": ") + "rejected by the database: " + dbMessage;
        }
        return Failure.ofProperty(category, name, prefix(t, row) + text);
    }

    /**
     * The one association column the row writes, or {@code null}: SQLite's "FOREIGN KEY constraint failed" names
     * no column, but when the row sets a single association it can only be that one.
     */
    private static PropertyConfig onlyAssociationWritten(TableInfo t, Row row) {
        List<PropertyConfig> written = t.config().properties().stream()
                .filter(p -> p.def().associatedType() != null && row.op.properties().containsKey(p.def().name()))
                .toList();
        return written.size() == 1 ? written.get(0) : null;
    }

    private static PropertyConfig propertyNamed(TableInfo t, Row row, String message) {
        // PostgreSQL appends the whole row ("Failing row contains (...)") and H2 the statement ("SQL statement:
        // insert into ... (every column)"); only the part before them names the column at fault.
        String text = message;
        for (String tail : new String[] {"Failing row contains", "SQL statement:"}) {
            int cut = text.indexOf(tail);
            text = cut < 0 ? text : text.substring(0, cut);
        }
        PropertyConfig best = null;
        int bestAt = Integer.MAX_VALUE;
        for (PropertyConfig p : t.config().properties()) {
            String column = t.columns().get(p.def().name()).name();
            Matcher m = Pattern.compile("(?i)(?<![A-Za-z0-9_])" + Pattern.quote(column) + "(?![A-Za-z0-9_])")
                    .matcher(text);
            if (m.find()) {
                // A column the operation sets beats one it does not; then the first one named.
                int at = m.start() + (row.op.properties().containsKey(p.def().name()) ? 0 : text.length());
                if (at < bestAt) {
                    best = p;
                    bestAt = at;
                }
            }
        }
        return best;
    }

    /** PostgreSQL does not name the column of a too-long value: the first text value longer than its column. */
    private static PropertyConfig tooLong(TableInfo t, Row row) {
        for (int i = 0; i < row.columns.size(); i++) {
            ColumnInfo column = row.columns.get(i);
            if (row.values.get(i) instanceof String s && column.size() > 0
                    && s.codePointCount(0, s.length()) > column.size()) {
                for (PropertyConfig p : t.config().properties()) {
                    if (t.columns().get(p.def().name()) == column) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /** The id of the row already holding the value, or {@code null} when it cannot be found. */
    private String otherId(Connection c, TableInfo t, PropertyConfig property, Row row) {
        int at = row.columns.indexOf(t.columns().get(property.def().name()));
        if (at < 0 || row.values.get(at) == null) {
            return null;
        }
        String sql = "SELECT " + t.id().quoted() + " FROM " + t.table() + " WHERE "
                + row.columns.get(at).quoted() + " = ?" + (row.idValue == null ? "" : " AND " + t.id().quoted()
                + " <> ?") + " ORDER BY " + t.id().quoted() + " LIMIT 1";
        Savepoint savepoint = null;
        try {
            savepoint = c.setSavepoint();
            String other;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ValueCodec.bind(ps, 1, row.columns.get(at), row.values.get(at));
                if (row.idValue != null) {
                    ValueCodec.bind(ps, 2, t.id(), row.idValue);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    other = rs.next() ? ValueCodec.readId(rs, 1) : null;
                }
            }
            c.releaseSavepoint(savepoint);
            return other;
        } catch (SQLException lookupFailed) {
            // Only a nicer message is lost; keep the transaction usable for the other rows.
            try {
                if (savepoint != null) {
                    c.rollback(savepoint);
                }
            } catch (SQLException ignored) {
                // the caller's next statement reports a broken transaction
            }
            return null;
        }
    }

    private String prefix(TableInfo t, Row row) {
        String record = row.id == null ? "new record" : "record " + row.id;
        return "app " + appName + ": " + t.config().name() + " " + record + ": ";
    }
}
