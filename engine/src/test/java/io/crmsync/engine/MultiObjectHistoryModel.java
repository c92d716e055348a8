package io.crmsync.engine;

import static io.crmsync.engine.MultiObjectHistoryPropertyTest.COMPANY;
import static io.crmsync.engine.MultiObjectHistoryPropertyTest.empty;
import static io.crmsync.engine.MultiObjectHistoryPropertyTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.Record;
import io.crmsync.engine.MultiObjectHistoryPropertyTest.Kind;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.StateStore;
import io.crmsync.testkit.InMemoryConnector;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The model of {@link MultiObjectHistoryPropertyTest}: per object type and key, the values every app must hold
 * after the next run, and those of the last run (the base). Records are told apart by key (a domain, an email, a
 * deal name); values compare by field, an association as the domain of the company it names. Not thread-safe:
 * one history at a time.
 */
final class MultiObjectHistoryModel {
    private final StateStore store;
    private final Map<Kind, Map<String, Map<String, String>>> base = new EnumMap<>(Kind.class);
    private Map<Kind, Map<String, Map<String, String>>> expected = new EnumMap<>(Kind.class);

    /** @param store the state store the runs use, read only after a crashed run ({@link #afterCrash}) */
    MultiObjectHistoryModel(StateStore store) {
        this.store = store;
    }

    /** Before a run: what every app must hold after it, from what both apps hold now and the base. */
    void expect(Map<Side, InMemoryConnector> apps) {
        expected = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Map<String, Map<String, String>> out = new TreeMap<>();
            Map<Side, Map<String, Map<String, String>>> now = new EnumMap<>(Side.class);
            for (Side side : Side.values()) {
                now.put(side, byKey(apps.get(side), side, kind));
            }
            Set<String> keys = new TreeSet<>(now.get(Side.A).keySet());
            keys.addAll(now.get(Side.B).keySet());
            for (String key : keys) {
                Map<String, String> ra = now.get(Side.A).get(key);
                Map<String, String> rb = now.get(Side.B).get(key);
                Map<String, String> old = base.computeIfAbsent(kind, k -> new HashMap<>()).get(key);
                Map<String, String> merged = new HashMap<>();
                for (String f : kind.fields) {
                    merged.put(f, merge(ra == null ? null : ra.get(f), rb == null ? null : rb.get(f),
                            ra != null && rb != null, old == null ? null : old.get(f), old != null));
                }
                out.put(key, merged);
            }
            expected.put(kind, out);
        }
    }

    /**
     * DESIGN.md §2.2/§2.3 for one field: a record on one side only is copied; a first match fills gaps and A
     * wins; a linked pair merges three ways against the base, A winning a conflict unless its value is empty.
     */
    private static String merge(String a, String b, boolean both, String old, boolean linked) {
        if (!both) {
            return a != null ? a : b;
        }
        if (!linked) {
            return a != null ? a : b;
        }
        boolean ca = !Objects.equals(a, old);
        boolean cb = !Objects.equals(b, old);
        if (cb && !ca) {
            return b;
        }
        if (ca && !cb) {
            return a;
        }
        return a != null ? a : b;
    }

    /** Checks one object type after its run completed, and keeps what it expected as the base of the next run. */
    void check(Map<Side, InMemoryConnector> apps, Kind kind) {
        for (Side side : Side.values()) {
            assertThat(byKey(apps.get(side), side, kind)).as("%s in %s by %s", kind.type, side, kind.key)
                    .isEqualTo(expected.get(kind));
        }
        base.put(kind, expected.get(kind));
    }

    /**
     * After a run of {@code kind} that crashed, keeps per key the base the state store holds: the chunks
     * committed before the crash stored this run's values (what {@link #expect} predicted), the others kept the
     * old base, or no link at all for a record this run synced first (a link that is not paired, only the intent
     * of a create, or paired with an empty base, counts as none). Which chunk held a key is the engine's choice,
     * so it is read from the store; fails when a stored base is neither the old one nor this run's.
     */
    void afterCrash(Map<Side, InMemoryConnector> apps, ObjectSyncSettings settings, Kind kind) {
        long objectSync = store.findObjectSyncId(settings.sync(), settings.object()).orElseThrow();
        Map<Long, Link> companies = new HashMap<>();
        store.findObjectSyncId(settings.sync(), Kind.COMPANIES.type).ifPresent(id -> store.links().all(id)
                .values().forEach(bySide -> bySide.values().forEach(l -> companies.put(l.id(), l))));
        Map<String, Map<String, String>> old = base.getOrDefault(kind, Map.of());
        Map<String, Map<String, String>> kept = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> e : expected.get(kind).entrySet()) {
            Map<String, String> stored = storedBase(apps, settings, objectSync, kind, e.getKey(), companies);
            Map<String, String> before = old.get(e.getKey());
            assertThat(Objects.equals(stored, before) || Objects.equals(stored, e.getValue()))
                    .as("the base of %s %s after a crashed run is %s: neither the old one %s nor this run's %s",
                            kind.type, e.getKey(), stored, before, e.getValue()).isTrue();
            if (stored != null) {
                kept.put(e.getKey(), stored);
            }
        }
        base.put(kind, kept);
    }

    /**
     * The stored base of the pair of records with {@code key}, by field as {@link #values} gives them (an
     * association as the company's domain, a field missing from the base as {@code "(never synced)"}), or
     * {@code null} when the two records are not linked to each other. Fails when the base's two sides differ.
     */
    private Map<String, String> storedBase(Map<Side, InMemoryConnector> apps, ObjectSyncSettings settings,
                                           long objectSync, Kind kind, String key, Map<Long, Link> companies) {
        Record ra = find(apps.get(Side.A), kind, key);
        Record rb = find(apps.get(Side.B), kind, key);
        if (ra == null || rb == null) {
            return null;
        }
        Link link = store.links().find(objectSync, Map.of(Side.A, List.of(ra.id()), Side.B, List.of(rb.id())))
                .get(Side.A).get(ra.id());
        // A create found again from its intent is linked with an empty base before its pair is merged
        // (IntentRecovery): until its chunk commits it merges as on a first sync, as an unlinked pair does.
        if (link == null || link.state() == RecordState.PENDING || !rb.id().equals(link.idB())
                || link.base().equals(Base.EMPTY)) {
            return null;
        }
        Map<Side, Map<String, String>> sides = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Map<String, String> values = new HashMap<>();
            for (FieldMapping m : settings.mappings()) {
                String f = m.property(Side.A);
                if (kind.fields.contains(f)) {
                    Map<String, String> stored = link.base().side(side);
                    String v = stored.containsKey(m.id()) ? stored.get(m.id()) : "(never synced)";
                    values.put(f, f.equals(COMPANY) && v != null ? domainOf(apps, v, companies) : v);
                }
            }
            sides.put(side, values);
        }
        assertThat(sides.get(Side.B)).as("the base of %s %s in B, against the one in A", kind.type, key)
                .isEqualTo(sides.get(Side.A));
        return sides.get(Side.A);
    }

    /**
     * The domain of the company an association's canonical form names: {@code L<link id>} for a linked company,
     * {@code A:<id>} or {@code B:<id>} for one that was not linked yet (References in the engine).
     */
    private static String domainOf(Map<Side, InMemoryConnector> apps, String canonical,
                                   Map<Long, Link> companies) {
        Side side;
        String id;
        if (canonical.startsWith("L")) {
            Link link = companies.get(Long.parseLong(canonical.substring(1)));
            if (link == null) {
                return "(missing company link " + canonical + ")";
            }
            side = Side.A;
            id = link.idA();
        } else {
            side = Side.valueOf(canonical.substring(0, 1));
            id = canonical.substring(2);
        }
        Record company = apps.get(side).get(Kind.COMPANIES.type, id);
        return company == null ? "(missing company " + canonical + ")" : company.get("domain");
    }

    /** Compared values by key; fails when two records of the app share a key (a duplicate). */
    private static Map<String, Map<String, String>> byKey(InMemoryConnector app, Side side, Kind kind) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Record r : app.records(kind.type).values()) {
            String key = r.get(kind.key);
            assertThat(out.put(key, values(app, kind, r))).as("a second %s record with %s %s in %s", kind.type,
                    kind.key, key, side).isNull();
        }
        return out;
    }

    /**
     * A record's compared values in one app, by field: an association as the domain of the company it names in
     * that app (so values compare across apps as DESIGN.md §2.6 translates them).
     */
    private static Map<String, String> values(InMemoryConnector app, Kind kind, Record r) {
        Map<String, String> out = new HashMap<>();
        for (String f : kind.fields) {
            String v = empty(r.get(f));
            if (v != null && f.equals(COMPANY)) {
                Record company = app.get(Kind.COMPANIES.type, v);
                v = company == null ? "(missing company " + v + ")" : company.get("domain");
            }
            out.put(f, v);
        }
        return out;
    }
}
