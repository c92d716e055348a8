package io.crmsync.engine.plan;

import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of planning one run of an object sync: what would be written, linked, excluded and failed.
 * {@code crmsync plan} prints it without writing.
 *
 * <p>Pairs made by matching or creating are merged when they are read, not when the plan is made: an initial sync
 * of 100,000 records then holds the records, not 100,000 merged value maps besides them. Merging is pure, so
 * reading a pair twice gives equal results; callers that need a pair several times keep the instance they got.
 * Immutable; safe to read from several threads.
 */
public final class Plan {
    private final List<PairPlan> linked;
    private final List<Pairing> pairings;
    private final Merger merger;
    private final List<StatePlan> states;
    private volatile Summary summary;

    /** A pair merged on demand: two matched records, or one record to create in the other app. */
    record Pairing(PairPlan.Kind kind, io.crmsync.engine.model.Link link, io.crmsync.api.Record a,
                   io.crmsync.api.Record b) {
    }

    Plan(List<PairPlan> linked, List<Pairing> pairings, Merger merger, List<StatePlan> states) {
        this.linked = List.copyOf(linked);
        this.pairings = List.copyOf(pairings);
        this.merger = merger;
        this.states = List.copyOf(states);
    }

    /**
     * Pairs with writes, new links or base changes (no-ops of linked pairs are left out). Each {@code get}
     * merges a matched or created pair anew.
     */
    public List<PairPlan> pairs() {
        return new AbstractList<>() {
            @Override
            public PairPlan get(int index) {
                if (index < linked.size()) {
                    return linked.get(index);
                }
                Pairing p = pairings.get(index - linked.size());
                return merger.merge(p.kind(), p.link(), p.a(), p.b(), io.crmsync.engine.model.Base.EMPTY);
            }

            @Override
            public int size() {
                return linked.size() + pairings.size();
            }
        };
    }

    /** Records whose state changes without a write. */
    public List<StatePlan> states() {
        return states;
    }

    public long creates(Side side) {
        return summary().creates[side.ordinal()];
    }

    public long updates(Side side) {
        return summary().updates[side.ordinal()];
    }

    public long deletes(Side side) {
        return summary().deletes[side.ordinal()];
    }

    public long matches() {
        return summary().matches;
    }

    public int conflicts() {
        return summary().conflicts;
    }

    /** Records per exclusion reason or failure category, among the state changes and field failures. */
    public Map<String, Integer> count(RecordState state) {
        Map<String, Integer> out = new TreeMap<>();
        states.stream().filter(s -> s.state() == state).forEach(s -> out.merge(s.reason(), 1, Integer::sum));
        if (state == RecordState.FAILED) {
            summary().failed.forEach((k, v) -> out.merge(k, v, Integer::sum));
        }
        return out;
    }

    /** Counts over all pairs, computed in one pass the first time they are asked for. */
    private Summary summary() {
        Summary s = summary;
        if (s == null) {
            s = new Summary();
            for (PairPlan p : pairs()) {
                s.add(p);
            }
            summary = s;
        }
        return s;
    }

    private static final class Summary {
        final long[] creates = new long[2];
        final long[] updates = new long[2];
        final long[] deletes = new long[2];
        long matches;
        int conflicts;
        final Map<String, Integer> failed = new TreeMap<>();

        void add(PairPlan p) {
            for (Side side : Side.values()) {
                if (p.kind() == PairPlan.Kind.DELETE) {
                    if (p.deleteIn() == side) {
                        deletes[side.ordinal()]++;
                    }
                } else if (p.createIn() == side) {
                    creates[side.ordinal()]++;
                } else if (!p.write(side).isEmpty()) {
                    updates[side.ordinal()]++;
                }
            }
            if (p.kind() == PairPlan.Kind.MATCH) {
                matches++;
            }
            conflicts += p.conflicts();
            if (!p.failures().isEmpty()) {
                failed.merge(p.failures().get(0).category().name(), 1, Integer::sum);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Plan other && pairs().equals(other.pairs()) && states.equals(other.states);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pairs(), states);
    }

    @Override
    public String toString() {
        return "Plan[pairs=" + pairs().size() + ", states=" + states.size() + "]";
    }
}
