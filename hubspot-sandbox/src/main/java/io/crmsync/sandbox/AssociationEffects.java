package io.crmsync.sandbox;

import io.crmsync.sandbox.AssociationStore.Row;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * here. Callers hold the {@link RecordStore} monitor (inside {@link RecordStore#inTransaction}).
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

    private final RecordStore records;
    private final AssociationStore store;
    private final SandboxClock clock;

    AssociationEffects(RecordStore records, AssociationStore store, SandboxClock clock) {
        this.records = records;
        this.store = store;
        this.clock = clock;
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
     * Updates each live record of {@code changes} once, in order: its calculated association properties and its
     * {@code updatedAt} (so its last-modified property) set to now; archived or unknown records are left alone.
     * The counts move by the batch's deltas, without reading the record's associations, unless a record has
     * ever been archived in the store ({@link RecordStore#everArchived}): archiving does not update the
     * archived record's neighbours, so their stored counts may still include it, and each touched record is
     * then recounted from its associations to live records, as it always was. Callers hold the
     * {@link RecordStore} monitor.
     */
    void apply(Batch changes) {
        boolean exact = !records.everArchived();
        changes.deltas.forEach((c, d) -> {
            if (!exact || !applyDelta(c.type(), c.id(), d)) {
                recount(c.type(), c.id());
            }
        });
    }

    /**
     * Moves the record's calculated properties by {@code d}; false, changing nothing, when a stored count is not
     * a number or would fall below zero (then only a recount can tell the right value).
     */
    private boolean applyDelta(ObjectType type, long id, Delta d) {
        StoredRecord r = records.get(type, id).filter(x -> !x.archived()).orElse(null);
        if (r == null) {
            return true;
        }
        Map<String, String> props = new LinkedHashMap<>(r.properties());
        for (Map.Entry<String, ObjectType> calculated : CALCULATED.getOrDefault(type, Map.of()).entrySet()) {
            String name = calculated.getKey();
            if (name.equals(ASSOCIATED_COMPANY)) {
                if (d.primaryChanged && d.primary == null) {
                    props.remove(name);
                } else if (d.primaryChanged) {
                    props.put(name, Long.toString(d.primary));
                }
                continue;
            }
            // Absent: the record was never associated (every association write goes through this class).
            long count;
            try {
                count = Long.parseLong(props.getOrDefault(name, "0"));
            } catch (NumberFormatException e) {
                return false;
            }
            count += d.counts.getOrDefault(calculated.getValue(), 0);
            if (count < 0) {
                return false;
            }
            props.put(name, Long.toString(count));
        }
        records.update(new StoredRecord(type, id, props, r.createdAt(), clock.now(), false, null));
        return true;
    }

    /**
     * Recomputes the calculated association properties of the live record {@code type/id} from its associations
     * to live records and bumps its {@code updatedAt} to now; archived or unknown records are left alone.
     */
    private void recount(ObjectType type, long id) {
        StoredRecord r = records.get(type, id).filter(x -> !x.archived()).orElse(null);
        if (r == null) {
            return;
        }
        Map<String, String> props = new LinkedHashMap<>(r.properties());
        Map<String, ObjectType> calculated = CALCULATED.getOrDefault(type, Map.of());
        // One query for all associated types: the record is live (checked above), so only far ends are joined.
        Map<ObjectType, List<Row>> byType = calculated.isEmpty() ? Map.of()
                : store.fromLiveRecord(type, id).stream().collect(Collectors.groupingBy(Row::toType));
        calculated.forEach((name, to) -> {
            List<Row> rows = byType.getOrDefault(to, List.of());
            String value = name.equals(ASSOCIATED_COMPANY) ? primaryCompany(rows)
                    : Long.toString(rows.stream().mapToLong(Row::toId).distinct().count());
            if (value == null) {
                props.remove(name);
            } else {
                props.put(name, value);
            }
        });
        records.update(new StoredRecord(type, id, props, r.createdAt(), clock.now(), false, null));
    }

    private static String primaryCompany(List<Row> rows) {
        return rows.stream().filter(row -> AssociationTypes.find(row.fromType(), row.toType(), row.typeId())
                .map(AssociationTypes.Type::primary).orElse(false)).map(row -> Long.toString(row.toId()))
                .findFirst().orElse(null);
    }
}
