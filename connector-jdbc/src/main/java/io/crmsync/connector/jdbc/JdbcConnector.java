package io.crmsync.connector.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.crmsync.api.AppSettings;
import io.crmsync.api.Capability;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.connector.jdbc.JdbcSettings.ObjectConfig;
import io.crmsync.connector.jdbc.JdbcSettings.PropertyConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link Connector} for one database: each object type is a table, each property a column (see
 * {@link JdbcConnectorFactory} for the settings).
 *
 * <p><b>Values</b> cross the SPI as text (see {@link ValueCodec}); ids as text too (integers as plain digits).
 * <b>Changes</b> are read through the updated-at column when one is configured ({@link ChangeFeed} explains the
 * checkpoints); without one, every change read is a full scan ({@link ChangePage#fullScan()}) with the constant
 * checkpoint {@value #FULL_SCAN_CHECKPOINT}. <b>Writes</b> run in one transaction per call and stamp the
 * updated-at column with this JVM's clock at millisecond precision ({@link JdbcWriter}).
 *
 * <p><b>Threading:</b> thread-safe. Connections come from a small HikariCP pool (2 for SQLite, 4 otherwise),
 * opened on first use; table metadata is resolved once per object type and cached.
 *
 * <p><b>Errors:</b> an unknown object type or a missing table or column throws {@link ConnectorException}
 * with {@code UNKNOWN_PROPERTY}; refused credentials {@code AUTHENTICATION}; a missing privilege
 * {@code PERMISSION}; anything else about the database {@code REMOTE_ERROR}; a malformed checkpoint or page
 * token {@code UNKNOWN}. Messages name the app and never contain the password.
 */
public final class JdbcConnector implements Connector {
    /** The connector type, as written in the config's {@code type} key. */
    public static final String TYPE = "jdbc";
    /** The checkpoint of object types without an updated-at column. */
    public static final String FULL_SCAN_CHECKPOINT = "full";

    private final AppSettings app;
    private final JdbcSettings settings;
    /** The users table as owner options, once read; see {@link #users()}. */
    private List<PropertyOption> users;
    private final Dialect dialect;
    private final SqlFailures failures;
    private final TableReader reader;
    private final ChangeFeed changes;
    private final JdbcWriter writer;
    private final Clock clock;
    private final HikariDataSource pool;
    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();
    /** Object types whose change trigger this connector has installed. */
    private final Set<String> triggers = ConcurrentHashMap.newKeySet();

    JdbcConnector(AppSettings app, JdbcSettings settings, Clock clock) {
        this.app = app;
        this.settings = settings;
        this.clock = clock;
        this.dialect = Dialect.of(settings.url());
        this.failures = new SqlFailures(app, settings.password());
        ValueCodec codec = new ValueCodec(dialect);
        this.reader = new TableReader(codec);
        this.changes = new ChangeFeed(reader, codec, settings.changeLagMs(), clock);
        this.writer = new JdbcWriter(app.name(), dialect, codec, reader, failures);
        HikariConfig config = new HikariConfig();
        config.setPoolName("crmsync-" + app.name());
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setDataSourceProperties(dialect.driverProperties());
        config.setMaximumPoolSize(dialect.poolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        // Do not connect now: opening a connector is cheap, and check() reports connection problems.
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    @Override
    public ConnectorInfo info() {
        Set<Capability> capabilities = EnumSet.of(Capability.BATCH_WRITE);
        if (settings.objects().values().stream().allMatch(o -> o.updatedAtColumn() != null)) {
            capabilities.add(Capability.INCREMENTAL_CHANGES);
        }
        if (settings.objects().values().stream().allMatch(ObjectConfig::changeTrigger)) {
            capabilities.add(Capability.DELETES_IN_CHANGE_FEED);
            capabilities.add(Capability.PUSH_NOTIFICATIONS);
        }
        return new ConnectorInfo(TYPE, List.copyOf(settings.objects().keySet()), capabilities,
                settings.maxBatchSize());
    }

    /**
     * Connects without the pool (so that a refused password fails at once rather than after the pool's
     * timeout) and checks that every configured table and column exists.
     */
    @Override
    public void check() {
        List<ConfigProblem> problems = schemaProblems();
        if (!problems.isEmpty()) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY,
                    failures.redact("app " + app.name() + ": " + describe(problems)));
        }
    }

    /**
     * Like {@link #check()}, but returns the missing tables and columns instead of throwing them: one problem
     * each, with its path relative to the app (e.g. {@code objects.contacts.properties.email.column}), so that
     * each can be reported on its own config line.
     *
     * @return the problems; empty when every table and column exists
     * @throws ConnectorException when the database cannot be reached or refuses the credentials
     */
    public List<ConfigProblem> schemaProblems() {
        Properties props = dialect.driverProperties();
        if (settings.user() != null) {
            props.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        List<ConfigProblem> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(settings.url(), props)) {
            for (ObjectConfig object : settings.objects().values()) {
                TableInfo t = TableInfo.resolve(c, dialect, object, problems);
                if (t != null) {
                    tables.put(object.name(), t);
                }
            }
            if (settings.users() != null) {
                TableInfo.checkUsers(c, dialect, settings.users(), problems);
            }
        } catch (SQLException e) {
            throw failures.callFailure("connect to " + failures.redact(settings.url()), e);
        }
        return problems.stream().map(p -> new ConfigProblem(p.path(), failures.redact(p.message()))).toList();
    }

    /** Problems on one line: {@code table "x" not found (objects.contacts.table); ...}. */
    private static String describe(List<ConfigProblem> problems) {
        return problems.stream().map(p -> p.message() + " (" + p.path() + ")").collect(Collectors.joining("; "));
    }

    @Override
    public ObjectSchema schema(String objectType) {
        List<PropertyDef> defs = new ArrayList<>();
        for (PropertyConfig p : config(objectType).properties()) {
            defs.add(p.owner() ? p.def().withOptions(users()) : p.def());
        }
        config(objectType).joins().forEach(j -> defs.add(j.def()));
        return ObjectSchema.of(objectType, defs);
    }

    /**
     * The users table as options (value: user id, label: email), read once per connector: an owner property's
     * value is written through the user's email in the other app. Users without an email are left out.
     */
    private synchronized List<PropertyOption> users() {
        if (users == null) {
            JdbcSettings.UsersConfig u = settings.users();
            users = withConnection("read the users table " + u.table(), c -> {
                List<PropertyOption> out = new ArrayList<>();
                // Names are plain identifiers (checked when parsed), written unquoted so that each database
                // folds their case the way it did when the table was created.
                String sql = "SELECT " + u.idColumn() + ", " + u.emailColumn() + " FROM " + u.table()
                        + " ORDER BY " + u.idColumn();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        String email = rs.getString(2);
                        if (email != null && !email.isBlank()) {
                            out.add(new PropertyOption(rs.getString(1), email.strip()));
                        }
                    }
                }
                return List.copyOf(out);
            });
        }
        return users;
    }

    /**
     * The table feed's position; for an object with {@code changeTrigger: true} also the change table's
     * ({@link PgChangeTrigger}), installing the trigger first if this connector has not yet done so.
     */
    @Override
    public Checkpoint checkpoint(String objectType) {
        ObjectConfig o = config(objectType);
        String inner = o.updatedAtColumn() == null ? FULL_SCAN_CHECKPOINT
                : withConnection("read the change position of " + objectType,
                        c -> changes.checkpoint(c, table(c, objectType)).value());
        if (!o.changeTrigger()) {
            return new Checkpoint(inner);
        }
        return withConnection("read the deletes of " + objectType, c -> {
            installTrigger(c, objectType);
            return new Checkpoint(PgChangeTrigger.encode(PgChangeTrigger.lastSeq(c, o.qualifiedTable()), inner));
        });
    }

    /** Installs the change trigger of an object once per connector (idempotent in the database too). */
    private void installTrigger(Connection c, String objectType) throws SQLException {
        if (triggers.contains(objectType)) {
            return;
        }
        ObjectConfig o = config(objectType);
        try {
            PgChangeTrigger.install(c, table(c, objectType), o.qualifiedTable());
        } catch (SQLException e) {
            throw failures.callFailure("install the change trigger on table " + o.qualifiedTable() + " (objects."
                    + objectType + ".changeTrigger)", e);
        }
        triggers.add(objectType);
    }

    /** Keyset pages in id order; the page token is the last id returned. */
    @Override
    public RecordPage readAll(String objectType, String pageToken, int pageSize) {
        return withConnection("read " + objectType, c -> {
            TableInfo t = table(c, objectType);
            List<Record> rows = reader.page(c, t, pageToken, pageSize + 1);
            if (rows.size() <= pageSize) {
                return new RecordPage(rows, null);
            }
            List<Record> page = rows.subList(0, pageSize);
            return new RecordPage(page, page.get(pageSize - 1).id());
        });
    }

    /**
     * Changed rows through the updated-at column, or every row (a full scan) without one. For an object with
     * {@code changeTrigger: true}, the last page also reports the ids deleted since the checkpoint
     * ({@link PgChangeTrigger}).
     */
    @Override
    public ChangePage readChanges(String objectType, Checkpoint since, String pageToken, int pageSize) {
        ObjectConfig o = config(objectType);
        if (!o.changeTrigger()) {
            // A checkpoint made while changeTrigger was on still holds the table feed's position.
            return readTableChanges(objectType, new Checkpoint(PgChangeTrigger.inner(since.value())), pageToken,
                    pageSize);
        }
        ChangePage page = readTableChanges(objectType, new Checkpoint(PgChangeTrigger.inner(since.value())), pageToken,
                pageSize);
        if (page.checkpoint() == null) {
            return page;
        }
        return withConnection("read the deletes of " + objectType, c -> {
            installTrigger(c, objectType);
            List<String> deleted = new ArrayList<>();
            long seq = PgChangeTrigger.deletedSince(c, o.qualifiedTable(), PgChangeTrigger.seq(since.value()),
                    clock.instant().minusMillis(settings.changeLagMs()), deleted);
            return new ChangePage(page.records(), deleted, page.fullScan(), null,
                    new Checkpoint(PgChangeTrigger.encode(seq, page.checkpoint().value())));
        });
    }

    private ChangePage readTableChanges(String objectType, Checkpoint since, String pageToken, int pageSize) {
        if (config(objectType).updatedAtColumn() == null) {
            RecordPage page = readAll(objectType, pageToken, pageSize);
            return new ChangePage(page.records(), List.of(), true, page.nextPageToken(),
                    page.nextPageToken() == null ? new Checkpoint(FULL_SCAN_CHECKPOINT) : null);
        }
        return withConnection("read changes of " + objectType, c -> {
            TableInfo t = table(c, objectType);
            return changes.read(c, t, since, pageToken, pageSize);
        });
    }

    @Override
    public List<Record> readByIds(String objectType, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return withConnection("read " + objectType, c -> reader.byIds(c, table(c, objectType), ids));
    }

    @Override
    public List<Record> findByIdentifier(String objectType, String property, Collection<String> values) {
        PropertyConfig p = property(objectType, property);
        if (values.isEmpty()) {
            return List.of();
        }
        return withConnection("search " + objectType, c -> reader.byIdentifier(c, table(c, objectType), p, values));
    }

    private PropertyConfig property(String objectType, String property) {
        PropertyConfig p = config(objectType).byName(property);
        if (p == null) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY,
                    "app " + app.name() + ": " + objectType + " has no property \"" + property + "\"");
        }
        return p;
    }

    /** Also finds URLs with a path or a port, by pattern ({@code LIKE}), which equality cannot. */
    @Override
    public List<Record> findByDomain(String objectType, String property, Collection<String> hosts) {
        PropertyConfig p = property(objectType, property);
        if (hosts.isEmpty()) {
            return List.of();
        }
        return withConnection("search " + objectType, c -> reader.byDomain(c, table(c, objectType), p, hosts));
    }

    /** One transaction per call; see {@link JdbcWriter} for batching and per-row failures. */
    @Override
    public List<WriteResult> write(String objectType, List<WriteOperation> operations) {
        config(objectType);
        if (operations.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return withConnection("write " + objectType, c -> {
            TableInfo t = table(c, objectType);
            c.setAutoCommit(false);
            try {
                List<WriteResult> results = writer.write(c, t, operations, now);
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (RuntimeException e) {
            // close() never throws: the pool is gone either way.
        }
    }

    @Override
    public String toString() {
        return "JdbcConnector[app=" + app.name() + ", " + dialect + "]";
    }

    // ---------------------------------------------------------------- internals

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String what, SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failures.callFailure(what, e);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new ConnectorException(FailureCategory.UNKNOWN,
                    failures.redact("app " + app.name() + ": cannot " + what + ": " + e.getMessage()));
        }
    }

    private ObjectConfig config(String objectType) {
        ObjectConfig object = settings.objects().get(objectType);
        if (object == null) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY, "app " + app.name()
                    + ": unknown object type \"" + objectType + "\"; configured: " + settings.objects().keySet());
        }
        return object;
    }

    private TableInfo table(Connection c, String objectType) throws SQLException {
        TableInfo t = tables.get(objectType);
        if (t != null) {
            return t;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        t = TableInfo.resolve(c, dialect, config(objectType), problems);
        if (t == null) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY,
                    failures.redact("app " + app.name() + ": " + describe(problems)));
        }
        tables.put(objectType, t);
        return t;
    }
}
