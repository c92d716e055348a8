package io.crmsync.sandbox;

import io.crmsync.sandbox.AssociationStore.Row;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * set when a record's associations change; a record never associated has none. Callers hold the
 * {@link RecordStore} monitor (inside {@link RecordStore#inTransaction}).
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

    /** The records a {@link #deferring} call on this thread has collected so far; unset outside one. */
    private final ThreadLocal<Set<Changed>> pending = new ThreadLocal<>();

    /**
     * Runs {@code writes} with {@link #changed} collecting records instead of updating them; when {@code writes}
     * returns, adds what it collected to {@code into} (nothing when it throws, as its transaction is rolled back).
     * A batch of writes that touches a record many times (a deal and each of its contacts, a company and its
     * contacts) then recomputes it once, by {@link #applyAll}. Per thread; not reentrant.
     */
    <T> T deferring(Set<Changed> into, Supplier<T> writes) {
        Set<Changed> mine = new LinkedHashSet<>();
        pending.set(mine);
        try {
            T result = writes.get();
            into.addAll(mine);
            return result;
        } finally {
            pending.remove();
        }
    }

    /** {@link #changed} for each record, in order. Callers hold the {@link RecordStore} monitor. */
    void applyAll(Collection<Changed> records) {
        records.forEach(c -> changed(c.type(), c.id()));
    }

    /**
     * Recomputes the calculated association properties of the live record {@code type/id} and bumps its
     * {@code updatedAt} (and so its last-modified property) to now; archived or unknown records are left alone.
     * Inside {@link #deferring} only notes the record.
     */
    void changed(ObjectType type, long id) {
        Set<Changed> deferred = pending.get();
        if (deferred != null) {
            deferred.add(new Changed(type, id));
            return;
        }
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
