package io.crmsync.bench;

import static io.crmsync.bench.ObjectsData.COMPANIES;
import static io.crmsync.bench.ObjectsData.CONTACTS;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code shop} side of {@code objects-initial}: one PostgreSQL table per object type, named as the type, with
 * the HubSpot property names as columns, a {@code BIGSERIAL} id, {@code updated_at}, and for each
 * {@link ObjectsInitialBench.Link} from the type a foreign-key column holding the associated record's id, or, for
 * a many-valued link, a join table with one row per associated record (without the README's touch trigger: the
 * benchmark's initial sync writes the join rows through crmsync, which stamps the record itself).
 */
final class ObjectsShop {
    /**
     * The shop's enumerations (text columns) with their options, value → label: the sandbox's default pipeline
     * and the stages the generator uses, labelled as the sandbox labels them, so that they map onto HubSpot's
     * enumerations (which HubSpot requires to create a deal).
     */
    private static final Map<String, Map<String, String>> ENUMERATIONS = Map.of(
            "pipeline", Map.of("default", "Sales Pipeline"),
            "dealstage", stages());

    private final BenchPostgres postgres;

    ObjectsShop(BenchPostgres postgres) {
        this.postgres = postgres;
    }

    static String[] properties(String type) {
        return switch (type) {
            case COMPANIES -> ObjectsData.COMPANY_PROPERTIES;
            case CONTACTS -> ObjectsData.CONTACT_PROPERTIES;
            default -> ObjectsData.DEAL_PROPERTIES;
        };
    }

    private static Map<String, String> stages() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("appointmentscheduled", "Appointment scheduled");
        out.put("qualifiedtobuy", "Qualified to buy");
        out.put("presentationscheduled", "Presentation scheduled");
        out.put("decisionmakerboughtin", "Decision maker bought-in");
        out.put("contractsent", "Contract sent");
        return out;
    }

    private static List<ObjectsInitialBench.Link> linksFrom(String type) {
        return ObjectsInitialBench.LINKS.stream().filter(l -> l.from().equals(type)).toList();
    }

    /** The links from {@code type} kept in a column of its table. */
    private static List<ObjectsInitialBench.Link> columnLinksFrom(String type) {
        return linksFrom(type).stream().filter(l -> l.shopColumn() != null).toList();
    }

    private static String sqlType(String property) {
        return property.equals("amount") ? "NUMERIC" : "TEXT";
    }

    void create() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String type : ObjectsInitialBench.TYPES) {
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + type + " (id BIGSERIAL PRIMARY KEY");
                for (String p : properties(type)) {
                    ddl.append(", ").append(p).append(' ').append(sqlType(p));
                }
                for (ObjectsInitialBench.Link l : columnLinksFrom(type)) {
                    ddl.append(", ").append(l.shopColumn()).append(" BIGINT REFERENCES ").append(l.to())
                            .append(" (id)");
                }
                s.execute(ddl.append(", updated_at TIMESTAMP)").toString());
            }
            for (ObjectsInitialBench.Link l : ObjectsInitialBench.LINKS) {
                ObjectsInitialBench.JoinTable j = l.joinTable();
                if (j != null) {
                    s.execute("CREATE TABLE " + j.table() + " (" + j.from() + " BIGINT NOT NULL REFERENCES " + l.from()
                            + " (id) ON DELETE CASCADE, " + j.to() + " BIGINT NOT NULL REFERENCES " + l.to()
                            + " (id), PRIMARY KEY (" + j.from() + ", " + j.to() + "))");
                }
            }
        }
    }

    /** This app's part of {@code crmsync.yaml} for {@code type}, indented under {@code objects:}. */
    String config(String type) {
        StringBuilder y = new StringBuilder();
        y.append("      ").append(type).append(":\n");
        y.append("        table: ").append(type).append("\n        id: id\n        updatedAt: updated_at\n");
        y.append("        properties:\n");
        for (String p : properties(type)) {
            y.append("          ").append(p).append(": {column: ").append(p).append(", type: ");
            Map<String, String> options = ENUMERATIONS.get(p);
            if (options == null) {
                y.append(p.equals("amount") ? "number" : "string").append("}\n");
            } else {
                y.append("enumeration, options: [");
                y.append(options.entrySet().stream().map(o -> "{value: " + o.getKey() + ", label: " + o.getValue() + "}")
                        .collect(java.util.stream.Collectors.joining(", "))).append("]}\n");
            }
        }
        List<ObjectsInitialBench.Link> links = linksFrom(type);
        if (!links.isEmpty()) {
            y.append("        associations: {");
            for (int i = 0; i < links.size(); i++) {
                ObjectsInitialBench.Link l = links.get(i);
                ObjectsInitialBench.JoinTable j = l.joinTable();
                y.append(i == 0 ? "" : ", ").append(l.to()).append(": ").append(j == null ? l.shopColumn()
                        : "{table: " + j.table() + ", from: " + j.from() + ", to: " + j.to() + "}");
            }
            y.append("}\n");
        }
        return y.toString();
    }

    /**
     * Inserts the side's records with ids 1..n in list order (so an association index i is id i + 1), in JDBC
     * batches, last changed 30 days ago; then moves each id sequence past them.
     */
    void load(ObjectsData.Side side) throws SQLException {
        long start = System.nanoTime();
        Properties props = props();
        props.setProperty("reWriteBatchedInserts", "true");
        LocalDateTime old = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
        try (Connection c = DriverManager.getConnection(postgres.url(), props)) {
            c.setAutoCommit(false);
            for (String type : ObjectsInitialBench.TYPES) {
                String[] columns = properties(type);
                List<ObjectsInitialBench.Link> links = columnLinksFrom(type);
                List<String> names = new ArrayList<>(List.of("id"));
                names.addAll(List.of(columns));
                links.forEach(l -> names.add(l.shopColumn()));
                names.add("updated_at");
                String sql = "INSERT INTO " + type + " (" + String.join(", ", names) + ") VALUES ("
                        + "?, ".repeat(names.size() - 1) + "?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    List<ObjectsData.Row> rows = side.of(type);
                    for (int i = 0; i < rows.size(); i++) {
                        ObjectsData.Row r = rows.get(i);
                        int col = 1;
                        ps.setLong(col++, i + 1);
                        for (String p : columns) {
                            String v = r.properties().get(p);
                            if (v == null) {
                                ps.setNull(col++, Types.VARCHAR);
                            } else if (p.equals("amount")) {
                                ps.setBigDecimal(col++, new java.math.BigDecimal(v));
                            } else {
                                ps.setString(col++, v);
                            }
                        }
                        for (ObjectsInitialBench.Link l : links) {
                            int to = r.one(l.to());
                            if (to < 0) {
                                ps.setNull(col++, Types.BIGINT);
                            } else {
                                ps.setLong(col++, to + 1);
                            }
                        }
                        ps.setObject(col, old);
                        ps.addBatch();
                        if ((i + 1) % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + type + "', 'id'), "
                            + Math.max(1, side.of(type).size()) + ")");
                }
            }
            for (ObjectsInitialBench.Link l : ObjectsInitialBench.LINKS) {
                if (l.joinTable() != null) {
                    loadJoinTable(c, l, side.of(l.from()));
                }
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE");
            }
        }
        Log.info("loaded %,d rows into PostgreSQL in %.1f s", side.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The join rows of {@code link}: record i's associated index j is the row (i + 1, j + 1). */
    private static void loadJoinTable(Connection c, ObjectsInitialBench.Link link, List<ObjectsData.Row> rows)
            throws SQLException {
        ObjectsInitialBench.JoinTable j = link.joinTable();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + j.table() + " (" + j.from() + ", " + j.to()
                + ") VALUES (?, ?)")) {
            int batched = 0;
            for (int i = 0; i < rows.size(); i++) {
                for (int to : rows.get(i).associated().getOrDefault(link.to(), new int[0])) {
                    ps.setLong(1, i + 1);
                    ps.setLong(2, to + 1);
                    ps.addBatch();
                    if (++batched % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /**
     * Every row of {@code type}: its key (domain, email or deal name; see {@link ObjectsData#key}) and, for each
     * link from the type, the keys of the associated rows as {@link ObjectsData#joined} ({@code ""} when none; a
     * join row found twice stays twice), in that order.
     */
    List<String[]> rows(String type) throws SQLException {
        List<ObjectsInitialBench.Link> links = linksFrom(type);
        StringBuilder sql = new StringBuilder("SELECT t." + keyColumn(type));
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < links.size(); i++) {
            ObjectsInitialBench.Link l = links.get(i);
            ObjectsInitialBench.JoinTable j = l.joinTable();
            if (j == null) {
                sql.append(", a").append(i).append('.').append(keyColumn(l.to()));
                joins.append(" LEFT JOIN ").append(l.to()).append(" a").append(i).append(" ON a").append(i)
                        .append(".id = t.").append(l.shopColumn());
            } else {
                // Sorted in Java: PostgreSQL's collation may order punctuation differently.
                sql.append(", (SELECT string_agg(a.").append(keyColumn(l.to())).append(", ',') FROM ")
                        .append(j.table()).append(" x JOIN ").append(l.to()).append(" a ON a.id = x.").append(j.to())
                        .append(" WHERE x.").append(j.from()).append(" = t.id)");
            }
        }
        sql.append(" FROM ").append(type).append(" t").append(joins);
        List<String[]> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql.toString())) {
            while (rs.next()) {
                String[] row = new String[1 + links.size()];
                for (int i = 0; i < row.length; i++) {
                    String v = rs.getString(i + 1);
                    row[i] = v == null ? "" : i == 0 ? v : ObjectsData.joined(List.of(v.split(",")));
                }
                out.add(row);
            }
        }
        return out;
    }

    static String keyColumn(String type) {
        return ObjectsData.key(type, Map.of("domain", "domain", "email", "email", "dealname", "dealname"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.url(), props());
    }

    private Properties props() {
        Properties props = new Properties();
        props.setProperty("user", postgres.user());
        return props;
    }
}
