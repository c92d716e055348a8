package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Failure;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.AuditEntry;
import io.crmsync.engine.state.LinkWrite;
import io.crmsync.engine.state.RunCounts;
import io.crmsync.engine.state.RunStore;
import io.crmsync.engine.state.StateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Undoes the writes of one run from its audit log (DESIGN.md: "an audit of every write that can be undone").
 * {@link #review} reads each written record again by id and decides, property by property, what can be reverted:
 * <ul>
 *   <li>UPDATE: a property whose current value still equals what the run wrote is written back to its value
 *       before the run; one changed since is reported and left alone;</li>
 *   <li>CREATE: the record is archived (deleted) if none of the properties the run set changed since, and its
 *       link becomes {@code FAILED(RECORD_DELETED)}, as after any delete (DESIGN.md §2.5): the source record is
 *       not created again, and {@code crmsync resync-deleted} can re-create it; otherwise it is reported and left
 *       alone;</li>
 *   <li>DELETE (a propagated archive): not undone here; {@code crmsync resync-deleted} re-creates it.</li>
 * </ul>
 * {@link #apply} writes the reverts as a new run with its own audit rows (so an undo can be undone), and sets the
 * base of each reverted field on the written side to the reverted value while the other side's base stays: the
 * next run then sees neither side changed, so it neither re-applies the undone write nor copies the revert to
 * the other app. Values compare in canonical form (DESIGN.md §2.1) for mapped properties, as text otherwise.
 *
 * <p>Not thread-safe; one per undo. {@link #apply} holds the object sync's run lease, so no run overlaps it.
 */
public final class RunUndo {
    /** What an undo does with one record the run wrote. */
    public enum Action {
        /** Properties are written back to their values before the run. */
        REVERT,
        /** A record the run created is archived (deleted); its link becomes FAILED(RECORD_DELETED). */
        ARCHIVE,
        /** Every property the run wrote changed since: nothing is written. */
        CHANGED_SINCE,
        /** The record no longer exists in its app: nothing is written. */
        GONE,
        /** A delete: re-created by {@code crmsync resync-deleted}, not here. */
        CANNOT_UNDO
    }

    /**
     * One record the run wrote, and what the undo does with it.
     *
     * @param side         the side (app) written
     * @param app          the app's name
     * @param objectType   the object type written
     * @param recordId     the record's id in that app
     * @param operation    what the run did: CREATE, UPDATE or DELETE
     * @param action       what the undo does
     * @param revert       property → {current value, value to write back}: for ARCHIVE, the values the run set
     *                     (which go with the record: {@code null}); empty otherwise
     * @param changedSince property → {current value, value the run wrote}: left alone
     * @param message      a failure of the undo's own write after {@link #apply}, else {@code null}
     */
    public record Item(Side side, String app, String objectType, String recordId, String operation, Action action,
                       Map<String, String[]> revert, Map<String, String[]> changedSince, String message) {
        Item withMessage(String value) {
            return new Item(side, app, objectType, recordId, operation, action, revert, changedSince, value);
        }

        /** {@code true} when the undo writes this record. */
        public boolean writes() {
            return action == Action.REVERT || action == Action.ARCHIVE;
        }
    }

    /**
     * What undoing a run would do: its records in audit order.
     *
     * @param run   the run undone
     * @param items one per audit row
     */
    public record Review(RunStore.RunInfo run, List<Item> items) {
        /** Records the undo writes. */
        public long writes() {
            return items.stream().filter(Item::writes).count();
        }
    }

    /**
     * What an undo did.
     *
     * @param undoRunId the run the undo's writes are audited under (undo it with that id), 0 when nothing was written
     * @param items     the review's items, with the write's failure as {@link Item#message()} where one failed
     * @param written   records written
     * @param failed    records whose write failed
     */
    public record Outcome(long undoRunId, List<Item> items, int written, int failed) {
    }

    private final ObjectSyncSettings settings;
    private final Map<Side, Connector> connectors = new EnumMap<>(Side.class);
    private final StateStore store;

    /**
     * @param settings the bound object sync the run belongs to
     * @param a        the connector of app A
     * @param b        the connector of app B
     */
    public RunUndo(ObjectSyncSettings settings, Connector a, Connector b, StateStore store) {
        this.settings = settings;
        this.connectors.put(Side.A, a);
        this.connectors.put(Side.B, b);
        this.store = store;
    }

    /**
     * Reads the run's audit log and the records it wrote (by id, in both apps), and decides what to revert.
     * Writes nothing.
     *
     * @throws IllegalArgumentException when the run belongs to another object sync
     * @throws io.crmsync.api.ConnectorException when an app cannot be read
     */
    public Review review(RunStore.RunInfo run) {
        if (!run.sync().equals(settings.sync()) || !run.object().equals(settings.object())) {
            throw new IllegalArgumentException("run " + run.id() + " belongs to " + run.sync() + "/" + run.object()
                    + ", not to " + settings.label());
        }
        List<AuditEntry> audit = store.runs().audit(run.id());
        Map<Side, Set<String>> ids = new EnumMap<>(Side.class);
        ids.put(Side.A, new HashSet<>());
        ids.put(Side.B, new HashSet<>());
        for (AuditEntry e : audit) {
            Side side = sideOf(e);
            if (side != null && e.recordId() != null && !e.operation().equals("DELETE")) {
                ids.get(side).add(e.recordId());
            }
        }
        Map<Side, Map<String, Record>> current = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            current.put(side, read(side, ids.get(side)));
        }
        List<Item> items = new ArrayList<>();
        for (AuditEntry e : audit) {
            Side side = sideOf(e);
            if (side == null) {
                continue;
            }
            items.add(decide(run, side, e, current.get(side).get(e.recordId())));
        }
        return new Review(run, items);
    }

    private Item decide(RunStore.RunInfo run, Side side, AuditEntry e, Record now) {
        Map<String, String[]> revert = new LinkedHashMap<>();
        Map<String, String[]> changed = new LinkedHashMap<>();
        if (e.operation().equals("DELETE")) {
            return item(side, e, Action.CANNOT_UNDO, revert, changed);
        }
        if (now == null || now.archived()) {
            return item(side, e, Action.GONE, revert, changed);
        }
        for (Map.Entry<String, String[]> c : e.changes().entrySet()) {
            String property = c.getKey();
            String written = c.getValue().length > 1 ? c.getValue()[1] : null;
            String before = c.getValue().length > 0 ? c.getValue()[0] : null;
            String value = now.get(property);
            if (same(side, property, value, written)) {
                revert.put(property, new String[] {value, before});
            } else {
                changed.put(property, new String[] {value, written});
            }
        }
        if (e.operation().equals("CREATE")) {
            if (!changed.isEmpty()) {
                return item(side, e, Action.CHANGED_SINCE, Map.of(), changed);
            }
            // Archived: every value the run set goes away with the record.
            Map<String, String[]> gone = new LinkedHashMap<>();
            revert.forEach((p, v) -> gone.put(p, new String[] {v[0], null}));
            return item(side, e, Action.ARCHIVE, gone, changed);
        }
        return item(side, e, revert.isEmpty() ? Action.CHANGED_SINCE : Action.REVERT, revert, changed);
    }

    private Item item(Side side, AuditEntry e, Action action, Map<String, String[]> revert,
                      Map<String, String[]> changed) {
        return new Item(side, e.app(), e.objectType(), e.recordId(), e.operation(), action, revert, changed, null);
    }

    /**
     * Writes the review's reverts and archives as a new run, then updates the links: reverted fields get the
     * reverted value as the written side's base; archived records' links become FAILED(RECORD_DELETED). Records
     * whose write fails keep their link as it was and carry the failure as their item's message.
     *
     * @param options the write retries and the run lease's wait ({@link RunOptions})
     * @throws ObjectSyncBusyException when a run of the object sync held the lease for longer than the wait
     * @throws io.crmsync.api.ConnectorException when an app cannot be reached at all
     */
    public Outcome apply(Review review, RunOptions options) {
        if (review.writes() == 0) {
            return new Outcome(0, review.items(), 0, 0);
        }
        long osId = review.run().objectSyncId();
        try (RunLease lease = RunLease.acquire(store, osId, settings.label(), options)) {
            long undoRun = store.runs().start(osId, false);
            try {
                return write(review, osId, undoRun, options);
            } catch (RuntimeException e) {
                store.runs().finish(undoRun, RunCounts.ZERO, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
        }
    }

    private Outcome write(Review review, long osId, long undoRun, RunOptions options) {
        List<Item> items = new ArrayList<>(review.items());
        Map<Side, List<WriteOperation>> ops = new EnumMap<>(Side.class);
        ops.put(Side.A, new ArrayList<>());
        ops.put(Side.B, new ArrayList<>());
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            String ref = Integer.toString(i);
            if (it.action() == Action.REVERT) {
                Map<String, String> props = new LinkedHashMap<>();
                it.revert().forEach((p, v) -> props.put(p, v[1]));
                ops.get(it.side()).add(WriteOperation.update(ref, it.recordId(), props));
            } else if (it.action() == Action.ARCHIVE) {
                ops.get(it.side()).add(WriteOperation.delete(ref, it.recordId()));
            }
        }
        Map<Side, Map<String, WriteResult>> results = new EnumMap<>(Side.class);
        Map<Side, Map<String, List<Failure>>> dropped = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            WriteClient client = new WriteClient(connectors.get(side), type(side), options);
            results.put(side, ops.get(side).isEmpty() ? Map.of() : client.write(ops.get(side), Set.of()));
            dropped.put(side, ops.get(side).isEmpty() ? Map.of() : client.fieldFailures());
        }
        Map<Side, Set<String>> ids = new EnumMap<>(Side.class);
        ids.put(Side.A, new HashSet<>());
        ids.put(Side.B, new HashSet<>());
        items.stream().filter(Item::writes).forEach(it -> ids.get(it.side()).add(it.recordId()));
        Map<Side, Map<String, Link>> links = store.links().find(osId, ids);
        store.links().complete(links);
        Map<Long, Link> changedLinks = new LinkedHashMap<>();
        Map<Long, Map<Side, Map<String, String>>> bases = new HashMap<>();
        List<LinkWrite> deletedLinks = new ArrayList<>();
        List<AuditEntry> audit = new ArrayList<>();
        int written = 0;
        int failed = 0;
        int[] updated = new int[2];
        int[] deleted = new int[2];
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (!it.writes()) {
                continue;
            }
            String ref = Integer.toString(i);
            WriteResult r = results.get(it.side()).get(ref);
            if (r == null || !r.succeeded()) {
                failed++;
                items.set(i, it.withMessage(r == null ? "not written" : r.failure().message()));
                continue;
            }
            written++;
            Link link = links.get(it.side()).get(it.recordId());
            Map<String, String[]> changes = new LinkedHashMap<>();
            if (it.action() == Action.ARCHIVE) {
                deleted[it.side().ordinal()]++;
                if (link != null) {
                    // Kept as a deleted partner rather than removed: a removed link would let the next read of
                    // the source record create it again.
                    deletedLinks.add(new LinkWrite(link.id(), List.of(), link.idA(), link.idB(), link.base(),
                            RecordState.FAILED, FailureCategory.RECORD_DELETED.name(), "archived in " + it.app()
                            + " by crmsync undo of run " + review.run().id(), 0, null, null, null));
                }
                audit.add(new AuditEntry(it.app(), it.objectType(), it.recordId(), "DELETE", it.revert()));
                continue;
            }
            updated[it.side().ordinal()]++;
            List<Failure> leftOut = dropped.get(it.side()).getOrDefault(ref, List.of());
            Set<String> notWritten = new HashSet<>();
            leftOut.forEach(f -> notWritten.add(f.property()));
            it.revert().forEach((p, v) -> {
                if (!notWritten.contains(p)) {
                    changes.put(p, new String[] {v[0], v[1]});
                }
            });
            if (!leftOut.isEmpty()) {
                items.set(i, it.withMessage(leftOut.get(0).message()));
            }
            audit.add(new AuditEntry(it.app(), it.objectType(), it.recordId(), "UPDATE", changes));
            if (link != null) {
                changedLinks.put(link.id(), link);
                Map<Side, Map<String, String>> base = bases.computeIfAbsent(link.id(), k -> {
                    Map<Side, Map<String, String>> m = new EnumMap<>(Side.class);
                    m.put(Side.A, new HashMap<>(link.base().a()));
                    m.put(Side.B, new HashMap<>(link.base().b()));
                    return m;
                });
                for (String property : changes.keySet()) {
                    String stored = r.stored() != null && r.stored().properties().containsKey(property)
                            ? r.stored().get(property) : changes.get(property)[1];
                    for (FieldMapping m : settings.mappings()) {
                        if (m.property(it.side()).equals(property)) {
                            base.get(it.side()).put(m.id(), canonical(m, it.side(), stored));
                        }
                    }
                }
            }
        }
        List<LinkWrite> writes = new ArrayList<>(deletedLinks);
        for (Link l : changedLinks.values()) {
            Map<Side, Map<String, String>> base = bases.get(l.id());
            writes.add(new LinkWrite(l.id(), List.of(), l.idA(), l.idB(), new Base(base.get(Side.A),
                    base.get(Side.B)), l.state(), l.reason(), l.message(), l.attempts(), null, null, null));
        }
        store.links().commit(osId, undoRun, writes, audit);
        store.runs().finish(undoRun, new RunCounts(0, 0, 0, updated[0], updated[1], deleted[0], deleted[1], 0,
                failed, 0, review.items().size()), null);
        return new Outcome(undoRun, items, written, failed);
    }

    /** The side an audit row was written to; {@code null} when it names neither (the config changed since). */
    private Side sideOf(AuditEntry e) {
        for (Side side : Side.values()) {
            if (settings.app(side).equals(e.app()) && type(side).equals(e.objectType())) {
                return side;
            }
        }
        return null;
    }

    private String type(Side side) {
        return settings.schema(side).objectType();
    }

    private Map<String, Record> read(Side side, Collection<String> ids) {
        return RecordsById.read(connectors.get(side), type(side), ids);
    }

    /** Whether two native values of a property are the same value: canonically for mapped properties. */
    private boolean same(Side side, String property, String x, String y) {
        for (FieldMapping m : settings.mappings()) {
            if (m.property(side).equals(property) && m.association() == null) {
                return Objects.equals(canonical(m, side, x), canonical(m, side, y));
            }
        }
        return Objects.equals(empty(x), empty(y));
    }

    /** The canonical value, or the text itself when it does not convert (it is then compared as written). */
    private String canonical(FieldMapping m, Side side, String raw) {
        if (m.association() != null) {
            return empty(raw);
        }
        try {
            return m.canonical(settings, side, raw);
        } catch (RuntimeException e) {
            return empty(raw);
        }
    }

    private static String empty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
