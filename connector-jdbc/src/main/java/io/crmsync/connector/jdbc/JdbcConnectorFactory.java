package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorFactory;
import io.crmsync.api.FailureCategory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes {@link JdbcConnector}s for apps of type {@code jdbc}: tables of SQLite, H2, PostgreSQL (and, with
 * standard SQL and {@code LIMIT}, other databases whose driver is on the class path).
 *
 * <p>Settings (under the app in the config):
 * <pre>
 * type: jdbc
 * url: jdbc:sqlite:crm.db            # required; may be jdbc:h2:file:..., jdbc:postgresql://...
 * user: crm                           # optional
 * password: ${CRM_DB_PASSWORD}        # optional; a secret, never printed
 * changeLagMs: 3000                   # optional; see ChangeFeed: how long recent changes are re-read
 * batchSize: 1000                     # optional; records per write call
 * objects:
 *   contacts:                         # object type name
 *     table: contacts                 # or schema.table
 *     id: id                          # id column (integer ids come from the database; text ids without a
 *                                     # default get a UUID)
 *     updatedAt: updated_at           # optional; without it every change read is a full scan
 *     properties:
 *       email: {column: email, type: string, unique: true}
 *       interests: {column: interests, type: multiselect, delimiter: "|", options: [red, green]}
 *       status: {column: status, type: enumeration, options: [{value: a, label: Active}, b]}
 *     associations:                   # optional; DESIGN.md §2.6
 *       companies: company_id         # one associated record: a foreign-key column, property @companies
 *       deals: {table: contact_deals, from: contact_id, to: deal_id}   # any number: a join table, @deals
 * </pre>
 * An association names another object type of the same app. A join-table association is a multi-valued
 * property ({@code PropertyDef.associations}); see {@link JoinTables} for how it is read, written and seen by the
 * change feed (other programs changing join rows must touch the parent row's updated-at).
 * Types: string, number, bool, date, datetime, enumeration, multiselect, phone, owner (default string; an owner
 * column holds an id of the app-level {@code users: {table, id, email}} table and is reported as an enumeration of
 * the users, labelled by email). Flags:
 * {@code readOnly}; {@code unique}, which reports that the table enforces unique values (a unique index; the
 * connector turns its violations into {@code DUPLICATE} failures but does not check by itself). Table and
 * column names are plain identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}); they are matched case-insensitively
 * against the database and always quoted.
 *
 * <p>Timestamps: {@code TIMESTAMP} columns without a time zone hold UTC. In SQLite, text timestamps are compared
 * after {@code strftime} normalisation, so {@code 2024-01-02 03:04:05} and {@code 2024-01-02T03:04:05.000Z}
 * both work; apps that stamp the updated-at column themselves should use UTC (e.g.
 * {@code strftime('%Y-%m-%dT%H:%M:%fZ','now')}). Rows whose updated-at is NULL are seen by full reads only.
 *
 * <p>Thread-safe and stateless.
 */
public final class JdbcConnectorFactory implements ConnectorFactory {

    @Override
    public String type() {
        return JdbcConnector.TYPE;
    }

    /**
     * Every problem in the settings, with dotted paths such as {@code objects.contacts.properties.email.type};
     * also a URL that no driver on the class path accepts, and a SQLite database file that does not exist
     * (checked here, before anything connects, because connecting would create it empty).
     */
    @Override
    public List<ConfigProblem> validate(AppSettings settings) {
        List<ConfigProblem> problems = new ArrayList<>();
        JdbcSettings parsed = JdbcSettings.parse(settings, problems);
        JdbcUrlCheck.check(parsed.url(), problems);
        return problems.stream()
                .map(p -> new ConfigProblem(p.path(), settings.redact(p.message())))
                .toList();
    }

    /**
     * Opens a connector without connecting (the pool connects on first use; {@link Connector#check()}
     * connects at once).
     *
     * @throws ConnectorException {@code UNKNOWN} listing the problems when the settings are invalid
     */
    @Override
    public Connector open(AppSettings settings) {
        List<ConfigProblem> problems = new ArrayList<>();
        JdbcSettings parsed = JdbcSettings.parse(settings, problems);
        if (!problems.isEmpty()) {
            String list = problems.stream().map(p -> p.path() + ": " + p.message())
                    .collect(Collectors.joining("; "));
            throw new ConnectorException(FailureCategory.UNKNOWN,
                    settings.redact("app " + settings.name() + ": invalid settings: " + list));
        }
        return new JdbcConnector(settings, parsed, Clock.systemUTC());
    }
}
