package io.crmsync.sandbox;

import io.crmsync.sandbox.AssociationStore.Row;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a change of associations does to the records at both ends, as in HubSpot: the calculated association
 * properties are recomputed and the record's last-modified date moves, so that a search on
 * {@code lastmodifieddate}/{@code hs_lastmodifieddate} (the change feed, hubspot.md §B.5) finds a record whose only
 * change is an association. The properties, all read-only numbers:
 * <ul>
 * <li>contacts: {@value #ASSOCIATED_COMPANY} (the primary company's id, typeId 1; none without one) and
 * {@code num_associated_deals};</li>
 * <li>companies: {@code num_associated_contacts} and {@code num_associated_deals};</li>
 * <li>deals: {@code num_associated_contacts}.</li>
 * </ul>
 * HubSpot's own names; hubspot.md does not list them, so their set is limited to these well-known ones. A record
 * of any type whose associations change (activities, tickets, invoices too) gets a new last-modified date, even
 * when none of these properties applies to it: the sandbox has no other way to report such a change. Values are
 * set when a record's associations change; a record never associated has none. They are kept up to date from
 * the pairs each write adds or removes ({@link Batch}), so every write of associations must report its changes
 * here. They are stored in columns of their own ({@link CalculatedColumns}), which association writes move in SQL
 * alone; record writes do not touch them. Callers hold the {@link RecordStore} monitor (inside
 * {@link RecordStore#inTransaction}).
 */
final class AssociationEffects {
    static final String ASSOCIATED_COMPANY = "associatedcompanyid";
    /** The calculated properties of each type: name → the associated type it counts (or whose primary it holds). */
    private static final Map<ObjectType, Map<String, ObjectType>> CALCULATED = Map.of(
            ObjectType.CONTACTS, Map.of(ASSOCIATED_COMPANY, ObjectType.COMPANIES,
                    "num_associated_deals", ObjectType.DEALS),
            ObjectType.COMPANIES, Map.of("num_associated_contacts", ObjectType.CONTACTS,
                    "num_associated_deals", ObjectType.DEALS),
            ObjectType.DEALS, Map.of("num_associated_contacts", ObjectType.CONTACTS));
    /** The keys of {@link #CALCULATED} per type, sorted: read with every record, so worked out once. */
    private static final Map<ObjectType, List<String>> NAMES = perType(t -> CALCULATED.getOrDefault(t, Map.of())
            .keySet().stream().sorted().toList());

    private final RecordStore records;
    private final AssociationStore store;
    private final SandboxClock clock;

    AssociationEffects(RecordStore records, AssociationStore store, SandboxClock clock) {
        this.records = records;
        this.store = store;
        this.clock = clock;
    }

    private static <V> Map<ObjectType, V> perType(Function<ObjectType, V> value) {
        Map<ObjectType, V> out = new EnumMap<>(ObjectType.class);
        for (ObjectType t : ObjectType.values()) {
            out.put(t, value.apply(t));
        }
        return out;
    }

    /** The calculated properties of {@code type}, sorted by name; empty for most types. */
    static List<String> names(ObjectType type) {
        return NAMES.get(type);
    }

    /** The calculated association properties of {@code type} with their labels, for the property catalog. */
    static Map<String, String> labels(ObjectType type) {
        Map<String, String> out = new LinkedHashMap<>();
        CALCULATED.getOrDefault(type, Map.of()).keySet().stream().sorted().forEach(name -> out.put(name,
                name.equals(ASSOCIATED_COMPANY) ? "Primary Associated Company ID"
                        : "Number of Associated " + capitalized(name.substring("num_associated_".length()))));
        return out;
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A record whose associations changed. */
    record Changed(ObjectType type, long id) {
    }

    /**
     * What association writes did to the records they touched, in the order first touched: per record, by how
     * many its associated records of each type grew or shrank, and its new primary company when that changed.
     * Not thread-safe: one per request or transaction.
     */
    static final class Batch {
        private final Map<Changed, Delta> deltas = new LinkedHashMap<>();

        /** {@code a} and {@code b} are newly associated ({@code +1}) or no longer associated ({@code -1}). */
        void pair(ObjectType aType, long a, ObjectType bType, long b, int delta) {
            of(aType, a).counts.merge(bType, delta, Integer::sum);
            of(bType, b).counts.merge(aType, delta, Integer::sum);
        }

        /** The record's associations changed without changing which records it is associated with (labels). */
        void touched(ObjectType type, long id) {
            of(type, id);
        }

        /** The record's primary company is now {@code company}; {@code null}: it has none. */
        void primaryCompany(ObjectType type, long id, Long company) {
            Delta d = of(type, id);
            d.primaryChanged = true;
            d.primary = company;
        }

        /** Adds {@code later}'s changes, which happened after this batch's. */
        void addAll(Batch later) {
            later.deltas.forEach((c, d) -> of(c.type(), c.id()).add(d));
        }

        private Delta of(ObjectType type, long id) {
            return deltas.computeIfAbsent(new Changed(type, id), k -> new Delta());
        }
    }

    private static final class Delta {
        private final Map<ObjectType, Integer> counts = new EnumMap<>(ObjectType.class);
        private boolean primaryChanged;
        private Long primary;

        private void add(Delta later) {
            later.counts.forEach((type, n) -> counts.merge(type, n, Integer::sum));
            if (later.primaryChanged) {
                primaryChanged = true;
                primary = later.primary;
            }
        }
    }

    /** The batch a {@link #deferring} call on this thread has collected so far; unset outside one. */
    private final ThreadLocal<Batch> pending = new ThreadLocal<>();

    /**
     * Runs {@code writes} with {@link #record} collecting changes instead of applying them; when {@code writes}
     * returns, adds what it collected to {@code into} (nothing when it throws, as its transaction is rolled back).
     * A batch of writes that touches a record many times (a deal and each of its contacts, a company and its
     * contacts) then updates it once, by {@link #apply}. Per thread; not reentrant.
     */
    <T> T deferring(Batch into, Supplier<T> writes) {
        Batch mine = new Batch();
        pending.set(mine);
        try {
            T result = writes.get();
            into.addAll(mine);
            return result;
        } finally {
            pending.remove();
        }
    }

    /** Applies {@code changes} now, or inside {@link #deferring} adds them to its batch. */
    void record(Batch changes) {
        Batch deferred = pending.get();
        if (deferred != null) {
            deferred.addAll(changes);
        } else {
            apply(changes);
        }
    }

    /**
     * Updates each live record of {@code changes} once: its calculated association properties and its
     * {@code updatedAt} (so its last-modified property) set to now; archived or unknown records are left alone.
     * The counts move by the batch's deltas, in SQL without reading the record ({@link #applyDeltas}), unless a
     * record has ever been archived in the store ({@link RecordStore#everArchived}): archiving does not update
     * the archived record's neighbours, so their stored counts may still include it, and each touched record is
     * then recounted from its associations to live records, as it always was. Callers hold the
     * {@link RecordStore} monitor.
     *
     * @throws IllegalStateException on an SQL failure (the caller's transaction is then rolled back)
     */
    void apply(Batch changes) {
        List<Changed> recount = records.everArchived() ? List.copyOf(changes.deltas.keySet()) : applyDeltas(changes);
        recount.forEach(c -> recount(c.type(), c.id()));
    }

    /**
     * Moves the calculated columns of each record by its delta and stamps it, with one JDBC batch per object type
     * and no read of the records: a count absent until now starts from 0, the primary company is set only when
     * it changed. A record whose count would fall below zero is not changed (only a recount can tell the right
     * value), nor are archived or unknown ones.
     *
     * @return the records no row was updated for, in the order first touched: those to recount (the archived or
     *         unknown ones among them are skipped by {@link #recount} as well)
     */
    private List<Changed> applyDeltas(Batch changes) {
        Map<ObjectType, List<Changed>> byType = changes.deltas.keySet().stream().collect(Collectors.groupingBy(
                Changed::type, () -> new EnumMap<>(ObjectType.class), Collectors.toList()));
        Set<Changed> missed = new HashSet<>();
        for (Map.Entry<ObjectType, List<Changed>> group : byType.entrySet()) {
            ObjectType type = group.getKey();
            List<String> counts = countNames(type);
            boolean primary = names(type).contains(ASSOCIATED_COMPANY);
            try (PreparedStatement ps = records.connection().prepareStatement(DELTA_SQL.get(type))) {
                for (Changed c : group.getValue()) {
                    Delta d = changes.deltas.get(c);
                    int i = 1;
                    for (String name : counts) {
                        ps.setLong(i++, delta(type, name, d));
                    }
                    if (primary) {
                        ps.setBoolean(i++, d.primaryChanged);
                        setLongOrNull(ps, i++, d.primary);
                    }
                    ps.setObject(i++, RecordStore.utc(clock.now()));
                    ps.setString(i++, type.apiName());
                    ps.setLong(i++, c.id());
                    for (String name : counts) {
                        ps.setLong(i++, delta(type, name, d));
                    }
                    ps.addBatch();
                }
                int[] rows = ps.executeBatch();
                for (int k = 0; k < rows.length; k++) {
                    // < 1 rather than == 0: a driver may answer SUCCESS_NO_INFO, and a recount is always right.
                    if (rows[k] < 1) {
                        missed.add(group.getValue().get(k));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return changes.deltas.keySet().stream().filter(missed::contains).toList();
    }

    /** The UPDATE of {@link #applyDeltas} for each object type, its parameters in the order it binds them. */
    private static final Map<ObjectType, String> DELTA_SQL = perType(AssociationEffects::deltaSql);

    private static String deltaSql(ObjectType type) {
        StringBuilder set = new StringBuilder();
        StringBuilder floor = new StringBuilder();
        for (String name : countNames(type)) {
            String column = CalculatedColumns.column(name);
            set.append(column).append(" = COALESCE(").append(column).append(", 0) + ?, ");
            floor.append(" AND COALESCE(").append(column).append(", 0) + ? >= 0");
        }
        if (names(type).contains(ASSOCIATED_COMPANY)) {
            String column = CalculatedColumns.column(ASSOCIATED_COMPANY);
            set.append(column).append(" = CASE WHEN CAST(? AS BOOLEAN) THEN CAST(? AS BIGINT) ELSE ").append(column)
                    .append(" END, ");
        }
        return "UPDATE objects SET " + set + "updated_at = ? WHERE type = ? AND id = ? AND archived = FALSE" + floor;
    }

    /** The calculated counts of {@code type} (its primary company excluded), sorted by name. */
    private static List<String> countNames(ObjectType type) {
        return names(type).stream().filter(n -> !n.equals(ASSOCIATED_COMPANY)).toList();
    }

    private static long delta(ObjectType type, String count, Delta d) {
        return d.counts.getOrDefault(CALCULATED.get(type).get(count), 0);
    }

    private static void setLongOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** The UPDATE of {@link #recount} for each object type: every calculated column, then updated_at. */
    private static final Map<ObjectType, String> RECOUNT_SQL = perType(t -> "UPDATE objects SET " + names(t).stream()
            .map(n -> CalculatedColumns.column(n) + " = ?, ").collect(Collectors.joining())
            + "updated_at = ? WHERE type = ? AND id = ?");

    /**
     * Recomputes the calculated association properties of the live record {@code type/id} from its associations
     * to live records and bumps its {@code updatedAt} to now; archived or unknown records are left alone.
     */
    private void recount(ObjectType type, long id) {
        if (!records.isLive(type, id)) {
            return;
        }
        Map<String, ObjectType> calculated = CALCULATED.getOrDefault(type, Map.of());
        // One query for all associated types: the record is live (checked above), so only far ends are joined.
        Map<ObjectType, List<Row>> byType = calculated.isEmpty() ? Map.of()
                : store.fromLiveRecord(type, id).stream().collect(Collectors.groupingBy(Row::toType));
        try (PreparedStatement ps = records.connection().prepareStatement(RECOUNT_SQL.get(type))) {
            int i = 1;
            for (String name : names(type)) {
                List<Row> rows = byType.getOrDefault(calculated.get(name), List.of());
                setLongOrNull(ps, i++, name.equals(ASSOCIATED_COMPANY) ? primaryCompany(rows)
                        : Long.valueOf(rows.stream().mapToLong(Row::toId).distinct().count()));
            }
            ps.setObject(i++, RecordStore.utc(clock.now()));
            ps.setString(i++, type.apiName());
            ps.setLong(i, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long primaryCompany(List<Row> rows) {
        return rows.stream().filter(row -> AssociationTypes.find(row.fromType(), row.toType(), row.typeId())
                .map(AssociationTypes.Type::primary).orElse(false)).map(Row::toId).findFirst().orElse(null);
    }
}
