package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.plan.Plan;
import io.crmsync.engine.plan.ResyncPlanner;
import io.crmsync.engine.state.LinkWrite;
import io.crmsync.engine.state.RunCounts;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.Keys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resync of deleted records for one object sync (DESIGN.md §2.5, after HubSpot Data Sync's "Resync deleted
 * records"): re-creates in one app, from their surviving partners in the other, the records whose links stand
 * {@code FAILED(RECORD_DELETED)} because they were deleted in that app, and links the new records in place of the
 * deleted ones.
 *
 * <p>Two steps. {@link #review} reads the state store and both apps and says what would be re-created, writing
 * nothing. {@link #apply} then takes the object sync's run lease (so no run of it overlaps), runs the recovery of
 * creates a crash left in flight, selects again, and writes the records that the review listed and that are still
 * deleted. Writes go through the run's own path: the merge of a create (mappings, conversions, required
 * properties, company from email domain), associations translated through the links of the associated object
 * syncs (an associated record not linked yet makes the new record {@code FAILED(ASSOCIATION)}, as in a run), a
 * stored intent before each create (a rerun after a crash finds the record instead of creating it again), the
 * audit log, and one row in the run history. A re-created record's link returns to {@code SYNCING} with the new id
 * and a new base, so the next run writes nothing for it.
 *
 * <p>Records are selected by link, never by identifier: a link whose two records are gone is reported, not
 * created ("deleted in both apps"); one whose record in the target still exists is not this target's to resync.
 * Not thread-safe; any number of instances may run at once (the lease serialises writes per object sync).
 */
public final class DeletedRecordResync {
    private static final String DELETED = FailureCategory.RECORD_DELETED.name();
    /** Properties that name a record for people, tried in this order after the match identifiers. */
    private static final List<String> NAME_PROPERTIES = List.of("email", "name", "domain", "dealname", "subject",
            "sku", "title");

    private final ObjectSyncSettings settings;
    private final Map<Side, Connector> connectors = new EnumMap<>(Side.class);
    private final StateStore store;
    private final RunOptions options;

    public DeletedRecordResync(ObjectSyncSettings settings, Connector a, Connector b, StateStore store,
                               RunOptions options) {
        this.settings = settings;
        this.connectors.put(Side.A, a);
        this.connectors.put(Side.B, b);
        this.store = store;
        this.options = options;
    }

    /**
     * One deleted record of the review.
     *
     * @param linkId     the link's row in the state store
     * @param survivorId the surviving record's id, in the app records are re-created from
     * @param deletedId  the deleted record's id in the target app ({@code null} when the link no longer holds it)
     * @param name       what people know the record by (email, name, ...), from the survivor; {@code ""} if none
     * @param existingId a record of the target app that holds the survivor's identifier (email, domain, ...) and
     *                   is linked to nothing in this object sync: it is linked instead of creating a duplicate (the
     *                   user or another object sync re-created it already); {@code null} when the record is created
     * @param problem    why it will not be re-created, or {@code null} when it will
     */
    public record Candidate(long linkId, String survivorId, String deletedId, String name, String existingId,
                            String problem) {
        /** {@code true} when the record will be re-created (no {@code problem}). */
        public boolean creatable() {
            return problem == null;
        }
    }

    /**
     * What a resync would do.
     *
     * @param label      the object sync, {@code sync/object}
     * @param into       the app records are re-created in
     * @param from       the app holding the surviving copies
     * @param candidates the deleted records selected, in link order
     * @param notFound   ids asked for that select no record deleted in {@code into}, each with the reason
     * @param inFlight   creates of this object sync left in flight by an interrupted run or resync (links
     *                   PENDING): the next run or resync finds their records or creates them, never twice
     */
    public record Review(String label, String into, String from, List<Candidate> candidates,
                         Map<String, String> notFound, int inFlight) {
        /** The candidates that will be re-created (no problem), in link order. */
        public List<Candidate> toCreate() {
            return candidates.stream().filter(Candidate::creatable).toList();
        }

        /** The candidates that will not be, each with its {@link Candidate#problem()}. */
        public List<Candidate> skipped() {
            return candidates.stream().filter(c -> !c.creatable()).toList();
        }
    }

    /**
     * What became of one record a resync wrote.
     *
     * @param candidate the record as the review listed it
     * @param newId     its id in the target app, or {@code null} when it was not created
     * @param state     its link's state after the write: {@code SYNCING}, or {@code FAILED} (then {@code reason}
     *                  and {@code message} say why; a record created with a field or association left out is
     *                  {@code FAILED} with a new id)
     */
    public record Outcome(Candidate candidate, String newId, RecordState state, String reason, String message) {
    }

    /**
     * What a resync wrote.
     *
     * @param runId    the run row of the resync in the state store (its audit entries carry it); 0 when nothing
     *                 was left to write
     * @param outcomes one per record written, in review order
     * @param skipped  records of the confirmed review that were not written: no longer deleted (a run or another
     *                 resync linked them meanwhile) or no longer creatable, each with the reason
     */
    public record Result(long runId, List<Outcome> outcomes, Map<Candidate, String> skipped) {
        /** Records created (including those then {@code FAILED} for a field or association left out). */
        public long created() {
            return outcomes.stream().filter(o -> o.newId() != null).count();
        }

        /** Records whose link stands {@code FAILED} after the write. */
        public long failed() {
            return outcomes.stream().filter(o -> o.state() == RecordState.FAILED).count();
        }
    }

    /** The deleted records, the survivors read, and the links, as selected at one moment. */
    private record Selection(Review review, Map<String, Record> survivors, Map<Long, Link> links,
                             Map<String, Record> existing, Map<String, Link> targetLinks) {
    }

    /**
     * Lists the records deleted in {@code into} that a resync would re-create, reading both apps; writes nothing.
     *
     * @param ids the records to resync, by id in either app (the deleted id or the survivor's); {@code null}
     *            for every record deleted in {@code into}
     * @throws IllegalArgumentException when the object sync never writes into {@code into} (it is the source of
     *                                  a one-way sync): the message says so and names the direction
     * @throws io.crmsync.api.ConnectorException when an app cannot be read
     */
    public Review review(Side into, Collection<String> ids) {
        requireWritable(into);
        return select(objectSyncId(), into, ids).review();
    }

    /**
     * Re-creates the records of a review that are still deleted; see the class description. Waits for a run of
     * the same object sync to finish first, up to {@link RunOptions#leaseWaitMs()}.
     *
     * @throws ObjectSyncBusyException when another run held the object sync for longer than the lease wait
     * @throws io.crmsync.api.ConnectorException when an app cannot be reached; records already written are
     *         linked, and a create in flight is found again by the next run or resync
     */
    public Result apply(Review reviewed) {
        if (!reviewed.into().equals(settings.appA()) && !reviewed.into().equals(settings.appB())) {
            throw new IllegalArgumentException("a review of " + reviewed.label() + " into " + reviewed.into()
                    + " cannot be applied to " + settings.label());
        }
        Side into = settings.appA().equals(reviewed.into()) ? Side.A : Side.B;
        requireWritable(into);
        long osId = objectSyncId();
        try (RunLease lease = RunLease.acquire(store, osId, settings.label(), options)) {
            Map<Side, Set<String>> refetch = new EnumMap<>(Side.class);
            refetch.put(Side.A, new HashSet<>());
            refetch.put(Side.B, new HashSet<>());
            new IntentRecovery(settings, connectors, store, osId).recover(refetch);
            Selection now = select(osId, into, null);
            Map<Long, Candidate> current = new HashMap<>();
            now.review().candidates().forEach(c -> current.put(c.linkId(), c));
            List<Candidate> chosen = new ArrayList<>();
            Map<Candidate, String> skipped = new LinkedHashMap<>();
            for (Candidate c : reviewed.toCreate()) {
                Candidate still = current.get(c.linkId());
                if (still == null) {
                    skipped.put(c, "no longer deleted in " + reviewed.into() + " (linked since the review)");
                } else if (!still.creatable()) {
                    skipped.put(c, still.problem());
                } else {
                    chosen.add(still);
                }
            }
            if (chosen.isEmpty()) {
                return new Result(0, List.of(), skipped);
            }
            return new Result(write(osId, into, chosen, now, lease), outcomes(osId, into, chosen), skipped);
        }
    }

    private long write(long osId, Side into, List<Candidate> chosen, Selection now, RunLease lease) {
        Side from = into.other();
        Map<Side, Map<String, Record>> records = new EnumMap<>(Side.class);
        records.put(into, new LinkedHashMap<>());
        records.put(from, new LinkedHashMap<>());
        Map<Side, Map<String, Link>> links = new EnumMap<>(Side.class);
        links.put(into, new HashMap<>());
        links.put(from, new HashMap<>());
        List<ResyncPlanner.Item> items = new ArrayList<>();
        for (Candidate c : chosen) {
            Record survivor = now.survivors().get(c.survivorId());
            Link link = now.links().get(c.linkId());
            records.get(from).put(survivor.id(), survivor);
            links.get(from).put(survivor.id(), link);
            Record existing = c.existingId() == null ? null : now.existing().get(c.existingId());
            if (existing != null) {
                records.get(into).put(existing.id(), existing);
                Link own = now.targetLinks().get(existing.id());
                if (own != null) {
                    links.get(into).put(existing.id(), own);
                }
            }
            items.add(new ResyncPlanner.Item(link, survivor, existing));
        }
        ObjectSyncSettings s = CompanyLookup.lookUp(settings, connectors, records);
        s = s.withReferences(AssociatedLinks.of(s, store, records));
        Plan plan = new ResyncPlanner(s).creates(into, items);
        long runId = store.runs().start(osId, false);
        Map<Side, WriteClient> clients = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            clients.put(side, new WriteClient(connectors.get(side), type(side), options));
        }
        Executor.Tally t;
        try {
            t = new Executor(s, clients, store, osId, runId, options, ProgressListener.NONE, links, lease::check)
                    .apply(plan);
        } catch (RuntimeException e) {
            store.runs().finish(runId, RunCounts.ZERO, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        // Records linked to an existing one count as matched, with the updates of their merge.
        store.runs().finish(runId, new RunCounts(t.matched, t.created[0], t.created[1], t.updated[0], t.updated[1],
                0, 0, t.conflicts, t.failed, 0, chosen.size()), null);
        return runId;
    }

    private List<Outcome> outcomes(long osId, Side into, List<Candidate> written) {
        Side from = into.other();
        Map<String, Link> after = store.links().find(osId, Map.of(from,
                written.stream().map(Candidate::survivorId).toList())).get(from);
        List<Outcome> out = new ArrayList<>();
        List<LinkWrite> stillDeleted = new ArrayList<>();
        for (Candidate c : written) {
            Link l = after.get(c.survivorId());
            out.add(l == null ? new Outcome(c, null, RecordState.FAILED, FailureCategory.UNKNOWN.name(), "no link")
                    : new Outcome(c, l.id(into), l.state(), l.reason(), l.message()));
            if (l != null && l.state() == RecordState.FAILED && l.id(into) == null) {
                // Not created: the link stands deleted again, with the deleted id, so that the user can resync it
                // once the cause is fixed; the failure is in its message and in this result.
                stillDeleted.add(new LinkWrite(l.id(), List.of(), into == Side.A ? c.deletedId() : l.idA(),
                        into == Side.B ? c.deletedId() : l.idB(), l.base(), RecordState.FAILED, DELETED,
                        "deleted in " + settings.app(into) + "; re-creating it failed: " + l.reason() + ": "
                                + l.message(), 0, null, null, null));
            }
        }
        if (!stillDeleted.isEmpty()) {
            store.links().commit(osId, null, stillDeleted, List.of());
        }
        return out;
    }

    private Selection select(long osId, Side into, Collection<String> ids) {
        Side from = into.other();
        Set<String> wanted = ids == null ? null : new HashSet<>(ids);
        Map<String, String> notFound = new LinkedHashMap<>();
        if (ids != null) {
            ids.forEach(id -> notFound.put(id, "no record with this id is deleted in " + settings.app(into)
                    + " in " + settings.label()));
        }
        List<Link> chosen = new ArrayList<>();
        for (Link l : store.links().inState(osId, RecordState.FAILED, DELETED)) {
            if (wanted == null || wanted.contains(l.idA()) || wanted.contains(l.idB())) {
                chosen.add(l);
            }
        }
        Map<String, Record> stillInTarget = readLive(into, chosen);
        Map<String, Record> survivors = readLive(from, chosen);
        List<Candidate> candidates = new ArrayList<>();
        Map<Long, Link> links = new HashMap<>();
        Map<String, Record> existing = new HashMap<>();
        Map<String, Link> targetLinks = new HashMap<>();
        Map<String, String[]> found = findExisting(osId, into, survivors.values(), existing, targetLinks);
        for (Link l : chosen) {
            String deletedId = l.id(into);
            if (deletedId != null && stillInTarget.containsKey(deletedId)) {
                for (String id : new String[] {l.idA(), l.idB()}) {
                    notFound.computeIfPresent(id, (k, v) -> "deleted in " + settings.app(from) + ", not in "
                            + settings.app(into) + "; resync it into " + settings.app(from));
                }
                continue;
            }
            notFound.remove(l.idA());
            notFound.remove(l.idB());
            Record survivor = l.id(from) == null ? null : survivors.get(l.id(from));
            String[] match = survivor == null ? null : found.get(survivor.id());
            String problem = survivor == null ? "deleted in both apps: nothing to re-create it from"
                    : match != null && match[1] != null ? match[1]
                    : match == null ? new ResyncPlanner(settings).missingRequired(into, survivor) : null;
            candidates.add(new Candidate(l.id(), l.id(from), deletedId, survivor == null ? "" : name(from, survivor),
                    match == null ? null : match[0], problem));
            links.put(l.id(), l);
        }
        return new Selection(new Review(settings.label(), settings.app(into), settings.app(from), candidates,
                notFound, store.intents().all(osId).size()), survivors, links, existing, targetLinks);
    }

    /**
     * The records of the target that already hold a survivor's identifier, by the match stages in order (as a
     * run's matching, DESIGN.md §2.3): survivor id → {existing id, null} when one record not linked in this object
     * sync holds it, {null, why} when several do. Survivors whose key is held by none are left out.
     */
    private Map<String, String[]> findExisting(long osId, Side into, Collection<Record> survivors,
                                               Map<String, Record> existing, Map<String, Link> targetLinks) {
        Side from = into.other();
        Map<String, String[]> out = new HashMap<>();
        List<Record> left = new ArrayList<>(survivors);
        for (MatchStage stage : settings.match()) {
            Map<String, List<Record>> byKey = new HashMap<>();
            for (Record r : left) {
                String key = Keys.key(stage.kind(), r.get(stage.property(from)));
                if (key != null) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
            }
            if (byKey.isEmpty()) {
                continue;
            }
            Connector target = connectors.get(into);
            String property = stage.property(into);
            List<Record> hits = stage.kind() == KeyKind.DOMAIN
                    ? target.findByDomain(type(into), property, byKey.keySet())
                    : target.findByIdentifier(type(into), property, byKey.keySet());
            Map<String, Link> linked = store.links().find(osId, Map.of(into, hits.stream().map(Record::id)
                    .toList())).get(into);
            Map<String, List<Record>> holders = new HashMap<>();
            for (Record hit : hits) {
                String key = Keys.key(stage.kind(), hit.get(property));
                Link link = linked.get(hit.id());
                if (key != null && !hit.archived() && byKey.containsKey(key) && (link == null || !link.paired())) {
                    holders.computeIfAbsent(key, k -> new ArrayList<>()).add(hit);
                    if (link != null) {
                        targetLinks.put(hit.id(), link);
                    }
                }
            }
            holders.forEach((key, records) -> {
                for (Record survivor : byKey.get(key)) {
                    if (records.size() == 1 && byKey.get(key).size() == 1) {
                        existing.put(records.get(0).id(), records.get(0));
                        out.put(survivor.id(), new String[] {records.get(0).id(), null});
                    } else {
                        out.put(survivor.id(), new String[] {null, "its " + stage.property(into) + " is held by "
                                + records.size() + " records in " + settings.app(into) + " ("
                                + String.join(", ", records.stream().map(Record::id).toList())
                                + ") and would be a duplicate; link it by hand or remove the extra records"});
                    }
                }
                left.removeAll(byKey.get(key));
            });
        }
        return out;
    }

    /** The records of {@code side} that the links name and that exist, not archived, by id. */
    private Map<String, Record> readLive(Side side, List<Link> links) {
        List<String> ids = links.stream().map(l -> l.id(side)).filter(id -> id != null).distinct().toList();
        Map<String, Record> out = new HashMap<>(RecordsById.read(connectors.get(side), type(side), ids));
        out.values().removeIf(Record::archived);
        return out;
    }

    /** The first identifier or naming property the record has a value for; {@code ""} when none. */
    private String name(Side side, Record r) {
        List<String> properties = new ArrayList<>();
        settings.match().forEach(stage -> properties.add(stage.property(side)));
        properties.addAll(NAME_PROPERTIES);
        for (String p : properties) {
            String v = r.get(p);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        String person = ((r.get("firstname") == null ? "" : r.get("firstname")) + " "
                + (r.get("lastname") == null ? "" : r.get("lastname"))).strip();
        return person;
    }

    private void requireWritable(Side into) {
        if (!settings.direction().writesInto(into)) {
            throw new IllegalArgumentException(settings.label() + " is one-way " + settings.direction().label(
                    settings.appA(), settings.appB()) + ": " + settings.app(into) + " is its source, so crmsync never"
                    + " writes records into it; records deleted there cannot be re-created by this object sync");
        }
    }

    private long objectSyncId() {
        return store.objectSyncId(settings.sync(), settings.object(), type(Side.A), type(Side.B));
    }

    private String type(Side side) {
        return settings.schema(side).objectType();
    }
}
