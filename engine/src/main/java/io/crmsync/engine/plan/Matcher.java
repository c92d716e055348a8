package io.crmsync.engine.plan;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.Keys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs unlinked records by normalised identifier, stage by stage (DESIGN.md §2.3). Pure.
 *
 * <p>At each stage a key held by exactly one record on each side pairs them. A key held by two or more records
 * on either side, with at least one record on the other side, is ambiguous for all of them. A key repeated on
 * one side only is ambiguous too when it is the records' first identifier (two contacts with one email would
 * otherwise become two records with one email in the other app); a record whose earlier identifier found no
 * candidate moves on to the next stage instead. Linked records count for ambiguity but are never candidates.
 */
final class Matcher {

    /** The outcome of matching. */
    record Result(List<Record[]> pairs, Map<Side, Map<String, String>> ambiguous, Map<Side, List<Record>> unmatched) {
    }

    private final List<MatchStage> stages;
    private final java.util.Set<String> freeMailDomains;
    private final String appA;
    private final String appB;

    Matcher(List<MatchStage> stages, java.util.Set<String> freeMailDomains, String appA, String appB) {
        this.stages = stages;
        this.freeMailDomains = freeMailDomains;
        this.appA = appA;
        this.appB = appB;
    }

    /** "2 records in shop (ids 7, 9)", naming at most five candidates; linked holders are counted, not named. */
    private static String holders(int count, List<Record> unlinked, String app) {
        List<String> ids = unlinked.stream().map(Record::id).sorted().limit(5).toList();
        return count + (count == 1 ? " record" : " records") + " in " + app
                + (ids.isEmpty() ? "" : " (" + (ids.size() == 1 ? "id " : "ids ") + String.join(", ", ids)
                + (unlinked.size() > ids.size() ? ", ..." : "") + ")");
    }

    /** The record's key at a stage, or {@code null}. Free-mail domains never serve as company keys. */
    String key(MatchStage stage, Side side, Record record) {
        String k = Keys.key(stage.kind(), record.get(stage.property(side)));
        if (k != null && stage.kind() == KeyKind.DOMAIN && freeMailDomains.contains(k)) {
            return null;
        }
        return k;
    }

    /** {@code true} when the record has a key at some stage. */
    boolean hasKey(Side side, Record record) {
        return stages.stream().anyMatch(s -> key(s, side, record) != null);
    }

    /**
     * @param unlinked records that may be paired, per side
     * @param linked   linked records of this run's snapshot, per side (they only count for ambiguity)
     */
    Result match(Map<Side, ? extends Collection<Record>> unlinked, Map<Side, ? extends Collection<Record>> linked) {
        List<Record[]> pairs = new ArrayList<>();
        Map<Side, Map<String, String>> ambiguous = new EnumMap<>(Side.class);
        Map<Side, Map<String, Record>> open = new EnumMap<>(Side.class);
        Map<Side, Map<String, Boolean>> keyedBefore = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            ambiguous.put(side, new LinkedHashMap<>());
            Map<String, Record> m = new LinkedHashMap<>();
            unlinked.get(side).forEach(r -> m.put(r.id(), r));
            open.put(side, m);
            keyedBefore.put(side, new HashMap<>());
        }
        for (MatchStage stage : stages) {
            Map<String, Map<Side, List<Record>>> groups = new LinkedHashMap<>();
            Map<String, Map<Side, Integer>> linkedCounts = new HashMap<>();
            for (Side side : Side.values()) {
                for (Record r : open.get(side).values()) {
                    String k = key(stage, side, r);
                    if (k != null) {
                        groups.computeIfAbsent(k, x -> new EnumMap<>(Side.class))
                                .computeIfAbsent(side, x -> new ArrayList<>()).add(r);
                    }
                }
                for (Record r : linked.get(side)) {
                    String k = key(stage, side, r);
                    if (k != null) {
                        linkedCounts.computeIfAbsent(k, x -> new EnumMap<>(Side.class)).merge(side, 1, Integer::sum);
                    }
                }
            }
            for (Map.Entry<String, Map<Side, List<Record>>> g : groups.entrySet()) {
                List<Record> as = g.getValue().getOrDefault(Side.A, List.of());
                List<Record> bs = g.getValue().getOrDefault(Side.B, List.of());
                Map<Side, Integer> lc = linkedCounts.getOrDefault(g.getKey(), Map.of());
                int na = as.size() + lc.getOrDefault(Side.A, 0);
                int nb = bs.size() + lc.getOrDefault(Side.B, 0);
                if (as.size() == 1 && bs.size() == 1 && na == 1 && nb == 1) {
                    pairs.add(new Record[] {as.get(0), bs.get(0)});
                    open.get(Side.A).remove(as.get(0).id());
                    open.get(Side.B).remove(bs.get(0).id());
                } else if (na >= 2 || nb >= 2) {
                    boolean bothSides = na >= 1 && nb >= 1;
                    String reason = "identifier \"" + g.getKey() + "\" (" + stage.propertyA() + "/" + stage.propertyB()
                            + ") is held by " + holders(na, as, appA) + " and " + holders(nb, bs, appB);
                    for (Side side : Side.values()) {
                        for (Record r : side == Side.A ? as : bs) {
                            if (bothSides || !keyedBefore.get(side).containsKey(r.id())) {
                                ambiguous.get(side).put(r.id(), reason);
                                open.get(side).remove(r.id());
                            }
                        }
                    }
                }
            }
            for (Side side : Side.values()) {
                for (Record r : open.get(side).values()) {
                    if (key(stage, side, r) != null) {
                        keyedBefore.get(side).put(r.id(), true);
                    }
                }
            }
        }
        Map<Side, List<Record>> unmatched = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            unmatched.put(side, new ArrayList<>(open.get(side).values()));
        }
        return new Result(pairs, ambiguous, unmatched);
    }
}
