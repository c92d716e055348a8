package io.crmsync.engine.plan;

import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of planning one run of an object sync: what would be written, linked, excluded and failed.
 * {@code crmsync plan} prints it without writing.
 *
 * @param pairs  pairs with writes, new links or base changes (no-ops are left out)
 * @param states records whose state changes without a write
 */
public record Plan(List<PairPlan> pairs, List<StatePlan> states) {
    public Plan {
        pairs = List.copyOf(pairs);
        states = List.copyOf(states);
    }

    public long creates(Side side) {
        return pairs.stream().filter(p -> p.createIn() == side && p.kind() == PairPlan.Kind.CREATE).count();
    }

    public long updates(Side side) {
        return pairs.stream().filter(p -> p.createIn() != side && p.kind() != PairPlan.Kind.DELETE
                && !p.write(side).isEmpty()).count();
    }

    public long deletes(Side side) {
        return pairs.stream().filter(p -> p.deleteIn() == side).count();
    }

    public long matches() {
        return pairs.stream().filter(p -> p.kind() == PairPlan.Kind.MATCH).count();
    }

    public int conflicts() {
        return pairs.stream().mapToInt(PairPlan::conflicts).sum();
    }

    /** Records per exclusion reason or failure category, among the state changes and field failures. */
    public Map<String, Integer> count(RecordState state) {
        Map<String, Integer> out = new TreeMap<>();
        states.stream().filter(s -> s.state() == state).forEach(s -> out.merge(s.reason(), 1, Integer::sum));
        if (state == RecordState.FAILED) {
            pairs.stream().filter(p -> !p.failures().isEmpty())
                    .forEach(p -> out.merge(p.failures().get(0).category().name(), 1, Integer::sum));
        }
        return out;
    }
}
