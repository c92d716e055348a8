package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the calculated association properties of {@link AssociationEffects} are stored: one nullable BIGINT column
 * of table {@code objects} per property, outside the {@code properties} JSON, so that an association write moves
 * them with one SQL update per record instead of reading, decoding, re-encoding and rewriting the record's JSON.
 * A column holds its property only for the types on which that property is calculated (a custom property of the
 * same name on another type stays in the JSON); NULL means the property is absent. Reads put the values back
 * among the record's properties ({@link #read}), so clients see no difference. Stateless; callers hold the
 * {@link RecordStore} monitor.
 */
final class CalculatedColumns {
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() { };
    /** Every calculated property, in the order {@link #bind} sets their columns. */
    private static final List<String> PROPERTIES = List.of(AssociationEffects.ASSOCIATED_COMPANY,
            "num_associated_contacts", "num_associated_deals");
    /** Every column, in the order {@link #bind} sets them. */
    static final List<String> ALL = PROPERTIES.stream().map(CalculatedColumns::column).toList();
    /** {@code col = ?} for every column, in the order of {@link #ALL}, for an UPDATE's SET clause. */
    static final String ASSIGN_ALL = ALL.stream().map(c -> c + " = ?").collect(Collectors.joining(", "));

    private CalculatedColumns() {
    }

    /** The column of calculated property {@code property}: named after it, the primary company id spelled out. */
    static String column(String property) {
        return property.equals(AssociationEffects.ASSOCIATED_COMPANY) ? "associated_company_id" : property;
    }

    /** The calculated association properties of {@code type}, sorted by name; empty for most types. */
    static List<String> names(ObjectType type) {
        return AssociationEffects.names(type);
    }

    /** Adds the columns to {@code objects}; a no-op on a store that has them. */
    static void createSchema(Statement st) throws SQLException {
        for (String column : ALL) {
            st.execute("ALTER TABLE objects ADD COLUMN IF NOT EXISTS " + column + " BIGINT");
        }
    }

    /** {@code properties} without the calculated ones of {@code type}: what goes into the JSON column. */
    static Map<String, String> stored(ObjectType type, Map<String, String> properties) {
        List<String> names = names(type);
        if (names.stream().noneMatch(properties::containsKey)) {
            return properties;
        }
        Map<String, String> out = new LinkedHashMap<>(properties);
        out.keySet().removeAll(names);
        return out;
    }

    /**
     * Sets parameters {@code first} to {@code first + 2} to the calculated values among {@code r}'s properties,
     * in the order of {@link #ALL}: NULL when absent or not calculated on its type.
     *
     * @throws IllegalStateException when such a value is not a whole number (clients cannot set them, so only a
     *                               bug can cause it)
     */
    static void bind(PreparedStatement ps, int first, StoredRecord r) throws SQLException {
        Map<String, String> byColumn = names(r.type()).stream().filter(r.properties()::containsKey)
                .collect(Collectors.toMap(CalculatedColumns::column, r.properties()::get));
        for (int i = 0; i < ALL.size(); i++) {
            String value = byColumn.get(ALL.get(i));
            if (value == null) {
                ps.setNull(first + i, Types.BIGINT);
            } else {
                try {
                    ps.setLong(first + i, Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException(r.type().apiName() + " " + r.id() + ": calculated property "
                            + ALL.get(i) + " is not a whole number: " + value, e);
                }
            }
        }
    }

    /** Puts the calculated values of the current row (a record of {@code type}) into {@code properties}. */
    static void read(ResultSet rs, ObjectType type, Map<String, String> properties) throws SQLException {
        for (String name : names(type)) {
            long value = rs.getLong(column(name));
            if (rs.wasNull()) {
                properties.remove(name);
            } else {
                properties.put(name, Long.toString(value));
            }
        }
    }

    /**
     * Moves calculated values out of the JSON of records written before the columns existed into the columns,
     * once, at open (inside the caller's transaction). A value that is not a whole number is dropped: its record
     * then has none until recounted.
     *
     * @return true when such a value was dropped, so the store must recount counts from associations
     *         ({@link RecordStore#everArchived})
     */
    static boolean moveOutOfJson(Connection conn, ObjectMapper mapper) {
        List<ObjectType> types = Arrays.stream(ObjectType.values()).filter(t -> !names(t).isEmpty()).toList();
        // LIKE: only rows whose JSON mentions such a name are decoded; '_' matches any character, which is harmless.
        String select = "SELECT type, id, properties FROM objects WHERE type IN (" + types.stream().map(t -> "?")
                .collect(Collectors.joining(", ")) + ") AND (" + PROPERTIES.stream()
                .map(n -> "properties LIKE '%\"" + n + "\"%'").collect(Collectors.joining(" OR ")) + ")";
        String update = "UPDATE objects SET properties = ?, " + ASSIGN_ALL + " WHERE type = ? AND id = ?";
        boolean dropped = false;
        try (PreparedStatement q = conn.prepareStatement(select);
             PreparedStatement up = conn.prepareStatement(update)) {
            for (int i = 0; i < types.size(); i++) {
                q.setString(i + 1, types.get(i).apiName());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ObjectType type = ObjectType.fromPath(rs.getString(1)).orElseThrow();
                    Map<String, String> props = mapper.readValue(rs.getString(3), MAP);
                    Map<String, String> calculated = new LinkedHashMap<>();
                    for (String name : names(type)) {
                        String value = props.get(name);
                        if (value != null && value.strip().matches("\\d{1,18}")) {
                            calculated.put(name, value.strip());
                        } else if (value != null) {
                            dropped = true;
                        }
                    }
                    long id = rs.getLong(2);
                    up.setString(1, mapper.writeValueAsString(stored(type, props)));
                    bind(up, 2, new StoredRecord(type, id, calculated, null, null, false, null));
                    up.setString(2 + ALL.size(), type.apiName());
                    up.setLong(3 + ALL.size(), id);
                    up.executeUpdate();
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot move calculated association properties out of the records' "
                    + "properties JSON into their columns", e);
        }
        return dropped;
    }
}
