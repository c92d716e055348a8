package io.crmsync.engine.plan;

import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.ConversionException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-field merge of one record pair (DESIGN.md §2.2 for linked pairs, §2.3 for a first match, and the
 * create of a record in the other app). Pure; one instance per object sync; thread-safe.
 */
final class Merger {
    private final ObjectSyncSettings settings;

    Merger(ObjectSyncSettings settings) {
        this.settings = settings;
    }

    /** Canonical value of a record's field, or {@code null} when the record is absent or the value empty. */
    String canonical(FieldMapping m, Side side, Record record) {
        if (record == null) {
            return null;
        }
        return m.canonical(settings, side, record.get(m.property(side)));
    }

    /**
     * Merges a pair. {@code a} or {@code b} is {@code null} when that record is to be created from the other.
     *
     * @param base the stored base, {@link Base#EMPTY} for a pair without a link yet
     */
    PairPlan merge(PairPlan.Kind kind, Link link, Record a, Record b, Base base) {
        Work w = new Work(base, a == null ? Side.A : b == null ? Side.B : null);
        for (FieldMapping m : settings.mappings()) {
            if (m.enabled()) {
                mergeField(m, a, b, w);
            }
        }
        if (settings.companyFromDomain() != null) {
            settings.companyFromDomain().derive(settings, a, b, w.writes, w.base);
        }
        // Empty parts as the shared empty collections: an initial sync holds its whole plan in memory, and
        // most pairs write one side only, without failures or conflicts (40 MB of the 510 MB live at 150,000 pairs).
        return new PairPlan(kind, link, a == null ? null : a.id(), b == null ? null : b.id(),
                orEmpty(w.writes.get(Side.A)), orEmpty(w.writes.get(Side.B)), before(a, w.writes.get(Side.A)),
                before(b, w.writes.get(Side.B)), new Base(w.base.get(Side.A), w.base.get(Side.B)),
                w.failures.isEmpty() ? List.of() : w.failures, w.conflicts, orEmpty(w.winners), null);
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> map) {
        return map.isEmpty() ? Map.of() : map;
    }

    private void mergeField(FieldMapping m, Record a, Record b, Work w) {
        String id = m.id();
        String ca = canonical(m, Side.A, a);
        String cb = canonical(m, Side.B, b);
        Direction dir = m.direction();
        if (a == null || b == null) {
            Side source = a == null ? Side.B : Side.A;
            Record src = a == null ? b : a;
            String cs = source == Side.A ? ca : cb;
            w.base.get(source).put(id, cs);
            if (cs != null && dir.writesInto(source.other())) {
                write(m, source, src, w);
            } else {
                // The new record starts with this field empty.
                w.base.get(source.other()).put(id, null);
            }
            return;
        }
        Map<String, String> baseA = w.oldBase.a();
        Map<String, String> baseB = w.oldBase.b();
        boolean first = !baseA.containsKey(id) || !baseB.containsKey(id);
        Side winner = dir.source() != null ? dir.source() : settings.defaultApp();
        if (first) {
            if (Objects.equals(ca, cb)) {
                settle(id, ca, cb, w);
            } else if (ca == null || cb == null) {
                Side filled = ca == null ? Side.B : Side.A;
                settle(id, ca, cb, w);
                if (dir.writesInto(filled.other())) {
                    write(m, filled, filled == Side.A ? a : b, w);
                }
            } else {
                settle(id, ca, cb, w);
                w.conflict(id, winner);
                if (dir.writesInto(winner.other())) {
                    write(m, winner, winner == Side.A ? a : b, w);
                }
            }
            return;
        }
        boolean changedA = !Objects.equals(ca, baseA.get(id));
        boolean changedB = !Objects.equals(cb, baseB.get(id));
        if (!changedA && !changedB) {
            Side source = dir.source();
            if (settings.enforce() && source != null && !Objects.equals(ca, cb)) {
                write(m, source, source == Side.A ? a : b, w);
            }
            return;
        }
        if (changedA != changedB) {
            Side changed = changedA ? Side.A : Side.B;
            settle(id, ca, cb, w);
            if (dir.writesInto(changed.other())) {
                write(m, changed, changed == Side.A ? a : b, w);
            }
            return;
        }
        settle(id, ca, cb, w);
        if (Objects.equals(ca, cb)) {
            return;
        }
        String winnerValue = winner == Side.A ? ca : cb;
        if (winnerValue == null && dir == Direction.TWO_WAY) {
            // An empty value never wins a conflict: the other value is kept and copied into the default app.
            winner = winner.other();
        }
        w.conflict(id, winner);
        if (dir.writesInto(winner.other())) {
            write(m, winner, winner == Side.A ? a : b, w);
        }
    }

    private static void settle(String id, String ca, String cb, Work w) {
        w.base.get(Side.A).put(id, ca);
        w.base.get(Side.B).put(id, cb);
    }

    /** Writes the source's value into the other side; on a conversion failure the field's base stays as it was. */
    private void write(FieldMapping m, Side source, Record src, Work w) {
        Side target = source.other();
        String raw = src.get(m.property(source));
        try {
            String value = m.convert(settings, source, raw);
            if (value == null && w.createIn != target && settings.required(target).contains(m.property(target))) {
                // The app refuses to clear a property it requires (hubspot.md §B.1), and refusing would fail the
                // whole update: the record keeps its value and the clear is retried when the source changes again.
                w.failures.add(Failure.ofProperty(FailureCategory.REQUIRED_FIELD_MISSING, m.property(target),
                        m.property(target) + " is required in " + settings.app(target) + " and is not cleared"));
                restore(m.id(), Side.A, w);
                restore(m.id(), Side.B, w);
                return;
            }
            w.writes.get(target).put(m.property(target), value);
            w.base.get(source).put(m.id(), canonical(m, source, src));
            w.base.get(target).put(m.id(), m.canonical(settings, target, value));
        } catch (ConversionException e) {
            w.failures.add(Failure.ofProperty(e.category(), m.property(target), e.getMessage()));
            restore(m.id(), Side.A, w);
            restore(m.id(), Side.B, w);
        }
    }

    /**
     * Why a record created in {@code target} from {@code src} would lack a property {@code target}'s app requires
     * ({@link ObjectSyncSettings#required}): each such property, with the source value's conversion failure when
     * there was one, e.g. {@code dealstage (no option "No Such Stage" ...)}; {@code null} when none would be empty.
     */
    String missingRequired(Side target, Record src) {
        Set<String> required = settings.required(target);
        if (required.isEmpty()) {
            return null;
        }
        Side source = target.other();
        List<String> missing = new ArrayList<>();
        for (String property : new TreeSet<>(required)) {
            FieldMapping m = settings.mappings().stream().filter(f -> f.enabled() && f.direction().writesInto(target)
                    && f.property(target).equals(property)).findFirst().orElse(null);
            if (m == null) {
                missing.add(property + " (not mapped)");
                continue;
            }
            String raw = src.get(m.property(source));
            if (canonical(m, source, src) == null) {
                missing.add(property + " (" + m.property(source) + " is empty in " + settings.app(source) + ")");
                continue;
            }
            try {
                if (m.convert(settings, source, raw) == null) {
                    missing.add(property + " (" + m.property(source) + " converts to no value)");
                }
            } catch (ConversionException e) {
                missing.add(property + " (" + e.getMessage() + ")");
            }
        }
        return missing.isEmpty() ? null : settings.app(target) + " requires " + String.join(", ", missing)
                + " to create " + settings.schema(target).objectType() + "; not created";
    }

    private static void restore(String id, Side side, Work w) {
        Map<String, String> old = w.oldBase.side(side);
        if (old.containsKey(id)) {
            w.base.get(side).put(id, old.get(id));
        } else {
            w.base.get(side).remove(id);
        }
    }

    private static Map<String, String> before(Record record, Map<String, String> writes) {
        if (record == null || writes.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        writes.keySet().forEach(p -> out.put(p, record.get(p)));
        return out;
    }

    /** Mutable state of one merge. */
    private static final class Work {
        final Base oldBase;
        /** The side the record is created in, {@code null} when both exist. */
        final Side createIn;
        final Map<Side, Map<String, String>> base = new HashMap<>();
        final Map<Side, Map<String, String>> writes = new HashMap<>();
        final List<Failure> failures = new ArrayList<>();
        final Map<String, Side> winners = new LinkedHashMap<>();
        int conflicts;

        Work(Base oldBase, Side createIn) {
            this.oldBase = oldBase;
            this.createIn = createIn;
            base.put(Side.A, new HashMap<>(oldBase.a()));
            base.put(Side.B, new HashMap<>(oldBase.b()));
            writes.put(Side.A, new LinkedHashMap<>());
            writes.put(Side.B, new LinkedHashMap<>());
        }

        void conflict(String id, Side winner) {
            conflicts++;
            winners.put(id, winner);
        }
    }
}
