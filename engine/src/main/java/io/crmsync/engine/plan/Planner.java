package io.crmsync.engine.plan;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.ExclusionReason;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides what one run of an object sync does: a pure function of settings, records and links
 * ({@link #plan}). No I/O, no clock, no randomness: the same input always gives the same plan.
 */
public final class Planner {
    private final ObjectSyncSettings settings;
    private final Merger merger;
    private final Matcher matcher;
    private final FilterEvaluator filters;

    public Planner(ObjectSyncSettings settings) {
        this.settings = settings;
        this.merger = new Merger(settings);
        this.matcher = new Matcher(settings.match(), settings.freeMailDomains(), settings.appA(), settings.appB());
        this.filters = new FilterEvaluator(settings.codec());
    }

    /** Plans one run. */
    public Plan plan(PlanInput input) {
        List<PairPlan> pairs = new ArrayList<>();
        List<Plan.Pairing> pairings = new ArrayList<>();
        List<StatePlan> states = new ArrayList<>();
        Set<Long> seenLinks = new HashSet<>();
        Map<Side, List<Record>> unlinked = new EnumMap<>(Side.class);
        Map<Side, List<Record>> linkedRecords = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            unlinked.put(side, new ArrayList<>());
            linkedRecords.put(side, new ArrayList<>());
        }
        for (Side side : Side.values()) {
            Map<String, Link> links = input.links().getOrDefault(side, Map.of());
            for (Record r : input.records().getOrDefault(side, Map.of()).values()) {
                Link link = links.get(r.id());
                if (link != null && link.paired()) {
                    linkedRecords.get(side).add(r);
                    if (seenLinks.add(link.id())) {
                        planLinked(link, input, pairs, states);
                    }
                } else if (!r.archived()) {
                    unlinked.get(side).add(r);
                }
            }
            for (String id : input.gone().getOrDefault(side, Set.of())) {
                Link link = links.get(id);
                if (link != null && link.paired() && seenLinks.add(link.id())) {
                    planLinked(link, input, pairs, states);
                }
            }
        }
        planUnlinked(unlinked, linkedRecords, input, pairings, states);
        return new Plan(pairs, pairings, merger, states);
    }

    private void planLinked(Link link, PlanInput input, List<PairPlan> pairs, List<StatePlan> states) {
        Record a = present(input, Side.A, link.idA());
        Record b = present(input, Side.B, link.idB());
        boolean goneA = a == null && isGone(input, Side.A, link.idA());
        boolean goneB = b == null && isGone(input, Side.B, link.idB());
        if (goneA || goneB) {
            Side deleted = goneA ? Side.A : Side.B;
            if (link.deleted()) {
                // Known already; a propagated archive is read back as a second delete, which changes nothing.
                return;
            }
            if (goneA && goneB) {
                states.add(new StatePlan(link, deleted, link.id(deleted), RecordState.FAILED,
                        FailureCategory.RECORD_DELETED.name(), "deleted in both apps"));
            } else if (settings.deletePolicy(deleted) == DeletePolicy.PROPAGATE) {
                pairs.add(new PairPlan(PairPlan.Kind.DELETE, link, link.idA(), link.idB(), Map.of(), Map.of(),
                        Map.of(), Map.of(), link.base(), List.of(), 0, Map.of(), deleted.other()));
            } else {
                states.add(new StatePlan(link, deleted, link.id(deleted), RecordState.FAILED,
                        FailureCategory.RECORD_DELETED.name(), "deleted in " + settings.app(deleted)));
            }
            return;
        }
        if (a == null || b == null) {
            // The partner was not read in this run: nothing to compare against, so nothing to decide.
            return;
        }
        // Both records exist again although the link says one was deleted: it was restored with its old id (HubSpot's
        // recycle bin, hubspot.md §B.4/§B.11). The pair is merged from its old base below and returns to SYNCING.
        if (settings.continuousFilter()) {
            Side out = !passes(Side.A, a) ? Side.A : !passes(Side.B, b) ? Side.B : null;
            if (out != null) {
                if (link.state() != RecordState.EXCLUDED) {
                    states.add(new StatePlan(link, out, link.id(out), RecordState.EXCLUDED,
                            ExclusionReason.FILTER.name(), "no longer passes the filter of " + settings.app(out)));
                }
                return;
            }
        }
        PairPlan plan = merger.merge(PairPlan.Kind.UPDATE, link, a, b, link.base());
        boolean stateChanges = link.state() != RecordState.SYNCING;
        if (!plan.isNoop() || stateChanges) {
            pairs.add(plan);
        }
    }

    private void planUnlinked(Map<Side, List<Record>> unlinked, Map<Side, List<Record>> linkedRecords,
                              PlanInput input, List<Plan.Pairing> pairs, List<StatePlan> states) {
        Map<Side, List<Record>> candidates = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            List<Record> in = new ArrayList<>();
            for (Record r : unlinked.get(side)) {
                Link link = input.links().getOrDefault(side, Map.of()).get(r.id());
                if (!passes(side, r)) {
                    exclude(states, link, side, r.id(), ExclusionReason.FILTER,
                            "does not pass the filter of " + settings.app(side));
                } else if (settings.requireKey() && !settings.match().isEmpty() && !matcher.hasKey(side, r)) {
                    exclude(states, link, side, r.id(), ExclusionReason.NO_IDENTIFIER,
                            "no " + identifierNames(side) + " in " + settings.app(side));
                } else {
                    in.add(r);
                }
            }
            candidates.put(side, in);
        }
        Matcher.Result result = settings.match().isEmpty()
                ? new Matcher.Result(List.of(), Map.of(Side.A, Map.of(), Side.B, Map.of()), candidates)
                : matcher.match(candidates, linkedRecords);
        for (Record[] pair : result.pairs()) {
            pairs.add(new Plan.Pairing(PairPlan.Kind.MATCH, null, pair[0], pair[1]));
        }
        for (Side side : Side.values()) {
            Map<String, Link> links = input.links().getOrDefault(side, Map.of());
            result.ambiguous().get(side).forEach((id, why) ->
                    exclude(states, links.get(id), side, id, ExclusionReason.AMBIGUOUS_MATCH, why));
            if (!settings.direction().writesInto(side.other())) {
                continue;
            }
            for (Record r : result.unmatched().get(side)) {
                Link link = links.get(r.id());
                String missing = merger.missingRequired(side.other(), r);
                if (missing != null) {
                    fail(states, link, side, r.id(), FailureCategory.REQUIRED_FIELD_MISSING, missing);
                    continue;
                }
                Record a = side == Side.A ? r : null;
                Record b = side == Side.B ? r : null;
                pairs.add(new Plan.Pairing(PairPlan.Kind.CREATE, link, a, b));
            }
        }
    }

    private void exclude(List<StatePlan> states, Link link, Side side, String id, ExclusionReason reason, String why) {
        if (link != null && link.state() == RecordState.EXCLUDED && reason.name().equals(link.reason())
                && Objects.equals(why, link.message())) {
            return;
        }
        states.add(new StatePlan(link, side, id, RecordState.EXCLUDED, reason.name(), why));
    }

    /**
     * A record that cannot be written, e.g. a create missing a required property: FAILED, and planned again only
     * when the record is read again (it changed), like other permanent failures. An unchanged verdict is not
     * stored again.
     */
    private void fail(List<StatePlan> states, Link link, Side side, String id, FailureCategory category, String why) {
        if (link != null && link.state() == RecordState.FAILED && category.name().equals(link.reason())
                && Objects.equals(why, link.message())) {
            return;
        }
        states.add(new StatePlan(link, side, id, RecordState.FAILED, category.name(), why));
    }

    private String identifierNames(Side side) {
        return String.join(" or ", settings.match().stream().map(s -> s.property(side)).distinct().toList());
    }

    private boolean passes(Side side, Record r) {
        return filters.passes(settings.filter(side), settings.schema(side), r);
    }

    private static Record present(PlanInput input, Side side, String id) {
        Record r = input.records().getOrDefault(side, Map.of()).get(id);
        return r == null || r.archived() ? null : r;
    }

    private static boolean isGone(PlanInput input, Side side, String id) {
        Record r = input.records().getOrDefault(side, Map.of()).get(id);
        return (r != null && r.archived()) || input.gone().getOrDefault(side, Set.of()).contains(id);
    }
}
