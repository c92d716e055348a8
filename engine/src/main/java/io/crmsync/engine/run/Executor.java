package io.crmsync.engine.run;

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
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.plan.PairPlan;
import io.crmsync.engine.plan.Plan;
import io.crmsync.engine.plan.StatePlan;
import io.crmsync.engine.state.AuditEntry;
import io.crmsync.engine.state.CreateIntent;
import io.crmsync.engine.state.LinkWrite;
import io.crmsync.engine.state.StateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries out a plan: chunk by chunk, stores create intents, writes both apps in batches, then commits links,
 * bases and audit rows in one transaction (DESIGN.md §2.4). Not thread-safe; one per run. Within a chunk, app A
 * is written on a {@code crmsync-write} thread while the caller's thread writes app B; both are done before
 * anything of the chunk is committed.
 *
 * <p>A chunk's commit runs on a {@code crmsync-commit} thread while the next chunk's intents are stored and its
 * writes are made, so that the state store and the apps work at the same time rather than in turn. Commits stay
 * in chunk order (each waits for the one before), and {@link #apply} returns, or throws, only once every commit
 * it started is over. Crash safety is unchanged: a process that dies with a commit in flight leaves that chunk as
 * one that died between its app write and its commit, whose creates are found again through their intents.
 */
final class Executor {
    private final ObjectSyncSettings settings;
    private final Map<Side, WriteClient> clients;
    private final StateStore store;
    private final long objectSyncId;
    private final long runId;
    private final RunOptions options;
    private final ProgressListener progress;
    private final Map<Side, Map<String, Link>> links;
    private final Tally tally = new Tally();
    /** Daemon threads that write app A while the run's thread writes app B. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crmsync-write");
        t.setDaemon(true);
        return t;
    });
    /** Daemon threads that commit a chunk while the next one is written (one at a time per run). */
    private static final ExecutorService COMMITTERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crmsync-commit");
        t.setDaemon(true);
        return t;
    });
    /** The commit of the last chunk written, possibly still running; {@code null} before the first. */
    private CompletableFuture<Void> pendingCommit;
    /** Called before each chunk is written: throws when the run lease was lost. */
    private final Runnable leaseCheck;

    Executor(ObjectSyncSettings settings, Map<Side, WriteClient> clients, StateStore store, long objectSyncId,
             long runId, RunOptions options, ProgressListener progress, Map<Side, Map<String, Link>> links,
             Runnable leaseCheck) {
        this.settings = settings;
        this.clients = clients;
        this.store = store;
        this.objectSyncId = objectSyncId;
        this.runId = runId;
        this.options = options;
        this.progress = progress;
        this.links = links;
        this.leaseCheck = leaseCheck;
    }

    Tally apply(Plan plan) {
        List<PairPlan> pairs = plan.pairs();
        int chunk = Math.max(1, options.chunkSize());
        try {
            for (int i = 0; i < pairs.size(); i += chunk) {
                // A materialised chunk: each pair of a lazy plan is merged once, and kept as one instance.
                applyChunk(new ArrayList<>(pairs.subList(i, Math.min(pairs.size(), i + chunk))));
                progress.progress(settings.label(), "write", Math.min(pairs.size(), i + chunk), pairs.size());
                if (i + chunk < pairs.size()) {
                    if (CrashPoints.armed()) {
                        awaitCommit(); // a crash test stopping "mid-run" expects the chunk before to be committed
                    }
                    CrashPoints.reach("mid-run");
                }
            }
            awaitCommit();
        } catch (RuntimeException | Error e) {
            // The run fails, but not before the commit in flight is over: its chunk was written to the apps, and
            // its links must not be committed under a caller that goes on (another run, a closed store).
            try {
                awaitCommit();
            } catch (RuntimeException | Error other) {
                if (other != e) {
                    e.addSuppressed(other);
                }
            }
            throw e;
        }
        applyStates(plan.states());
        return tally;
    }

    private void applyChunk(List<PairPlan> chunk) {
        leaseCheck.run();
        Long intents = storeIntents(chunk);
        Map<Side, List<WriteOperation>> opsBySide = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            List<WriteOperation> ops = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                PairPlan p = chunk.get(i);
                String ref = Integer.toString(i);
                if (p.kind() == PairPlan.Kind.DELETE) {
                    if (p.deleteIn() == side) {
                        ops.add(WriteOperation.delete(ref, p.id(side)));
                    }
                } else if (p.createIn() == side) {
                    ops.add(WriteOperation.create(ref, withExternalId(p, side)));
                } else if (p.id(side) != null && !p.write(side).isEmpty()) {
                    ops.add(WriteOperation.update(ref, p.id(side), p.write(side)));
                }
            }
            opsBySide.put(side, ops);
        }
        // The two apps are written at the same time: they are independent systems (each with its own connector
        // and WriteClient, used by one thread at a time), so a chunk waits for the slower app, not for both in turn.
        CompletableFuture<Map<String, WriteResult>> writtenA = opsBySide.get(Side.A).isEmpty()
                ? CompletableFuture.completedFuture(Map.of())
                : CompletableFuture.supplyAsync(() -> write(Side.A, opsBySide.get(Side.A)), WRITERS);
        Map<Side, Map<String, WriteResult>> results = new EnumMap<>(Side.class);
        try {
            results.put(Side.B, write(Side.B, opsBySide.get(Side.B)));
        } catch (RuntimeException | Error e) {
            // Not before app A's write is over: the run must not go on (or close the connectors) under it.
            try {
                join(writtenA);
            } catch (RuntimeException | Error other) {
                e.addSuppressed(other);
            }
            throw e;
        }
        results.put(Side.A, join(writtenA));
        Map<Side, Map<String, List<Failure>>> dropped = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            dropped.put(side, opsBySide.get(side).isEmpty() ? Map.of() : clients.get(side).fieldFailures());
        }
        CrashPoints.reach("app-written");
        List<LinkWrite> writes = new ArrayList<>();
        List<AuditEntry> audit = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            PairPlan p = chunk.get(i);
            String ref = Integer.toString(i);
            writes.add(outcome(p, results.get(Side.A).get(ref), results.get(Side.B).get(ref),
                    dropped.get(Side.A).getOrDefault(ref, List.of()), dropped.get(Side.B).getOrDefault(ref, List.of()),
                    audit));
        }
        awaitCommit(); // commits in chunk order
        pendingCommit = CompletableFuture.runAsync(() -> store.links().commit(objectSyncId, runId, writes, audit,
                intents), COMMITTERS);
    }

    /** Waits for the commit of the chunk before, if any; rethrows its failure as thrown by the commit. */
    private void awaitCommit() {
        CompletableFuture<Void> pending = pendingCommit;
        pendingCommit = null;
        if (pending != null) {
            join(pending);
        }
    }

    private Map<String, WriteResult> write(Side side, List<WriteOperation> ops) {
        return ops.isEmpty() ? Map.of() : clients.get(side).write(ops, identifiers(side));
    }

    /** The task's result; its exception as thrown by the task itself (not wrapped). */
    private static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /**
     * Stores the intents of the chunk's creates before any app is written (DESIGN.md §2.4); the commit of the
     * chunk deletes them with the links it stores.
     *
     * @return the chunk id they were stored under, or {@code null} when the chunk creates nothing
     */
    private Long storeIntents(List<PairPlan> chunk) {
        List<CreateIntent> intents = new ArrayList<>();
        for (PairPlan p : chunk) {
            if (p.kind() == PairPlan.Kind.CREATE) {
                Side target = p.createIn();
                Link existing = existingLink(p);
                intents.add(new CreateIntent(target, p.id(target.other()), existing == null ? null : existing.id(),
                        intentKey(p, target)));
            }
        }
        if (intents.isEmpty()) {
            return null;
        }
        long stored = store.intents().store(objectSyncId, intents);
        CrashPoints.reach("intent-stored");
        return stored;
    }

    /** The link a pair's records already have: the plan's, or one of either record's. */
    private Link existingLink(PairPlan p) {
        if (p.link() != null) {
            return p.link();
        }
        Link la = p.idA() == null ? null : links.get(Side.A).get(p.idA());
        return la != null ? la : p.idB() == null ? null : links.get(Side.B).get(p.idB());
    }

    /**
     * {@code property=value} of the first identifier written, to find the record again after a crash; without
     * one, the external id the create carries.
     */
    private String intentKey(PairPlan p, Side target) {
        for (MatchStage stage : settings.match()) {
            String value = p.write(target).get(stage.property(target));
            if (value != null) {
                return stage.property(target) + "=" + value;
            }
        }
        String external = settings.externalId(target);
        return external == null ? null : external + "=" + externalKey(p, target);
    }

    /** The source's key a record created in {@code target} carries: {@code crmsync:<source app>:<source id>}. */
    private String externalKey(PairPlan p, Side target) {
        Side source = target.other();
        return "crmsync:" + settings.app(source) + ":" + p.id(source);
    }

    private Map<String, String> withExternalId(PairPlan p, Side target) {
        String external = settings.externalId(target);
        if (external == null) {
            return p.write(target);
        }
        Map<String, String> props = new java.util.LinkedHashMap<>(p.write(target));
        props.put(external, externalKey(p, target));
        return props;
    }

    /** The identifier properties of a side, which a create must keep. */
    private java.util.Set<String> identifiers(Side side) {
        java.util.Set<String> out = new java.util.HashSet<>();
        settings.match().forEach(stage -> out.add(stage.property(side)));
        if (settings.externalId(side) != null) {
            out.add(settings.externalId(side));
        }
        return out;
    }

    private LinkWrite outcome(PairPlan p, WriteResult ra, WriteResult rb, List<Failure> droppedA,
                              List<Failure> droppedB, List<AuditEntry> audit) {
        List<Failure> failures = new ArrayList<>(p.failures());
        Map<Side, Map<String, String>> base = new EnumMap<>(Side.class);
        base.put(Side.A, new HashMap<>(p.base().a()));
        base.put(Side.B, new HashMap<>(p.base().b()));
        String idA = p.idA();
        String idB = p.idB();
        Base old = p.link() == null ? Base.EMPTY : p.link().base();
        for (Side side : Side.values()) {
            WriteResult r = side == Side.A ? ra : rb;
            if (r == null) {
                continue;
            }
            if (r.succeeded()) {
                if (side == Side.A && idA == null) {
                    idA = r.id();
                } else if (side == Side.B && idB == null) {
                    idB = r.id();
                }
                List<Failure> fieldsLeftOut = side == Side.A ? droppedA : droppedB;
                adoptStored(p, side, r.stored(), base.get(side));
                for (Failure f : fieldsLeftOut) {
                    failures.add(f);
                    for (FieldMapping m : settings.mappings()) {
                        if (m.property(side).equals(f.property())) {
                            for (Side s : Side.values()) {
                                restore(base.get(s), old.side(s), m.id());
                            }
                        }
                    }
                }
                audit.add(auditEntry(p, side, r.id() != null ? r.id() : p.id(side), fieldsLeftOut));
                tally.written(p, side);
            } else {
                // A failed create that names an id was made by the app, which then refused a later part of the
                // write (an association): the record exists, so it is linked and never created again.
                if (side == Side.A && idA == null) {
                    idA = r.id();
                } else if (side == Side.B && idB == null) {
                    idB = r.id();
                }
                failures.add(0, r.failure());
                for (FieldMapping m : settings.mappings()) {
                    if (p.write(side).containsKey(m.property(side))) {
                        for (Side s : Side.values()) {
                            restore(base.get(s), old.side(s), m.id());
                        }
                    }
                }
            }
        }
        tally.conflicts += p.conflicts();
        if (p.kind() == PairPlan.Kind.MATCH) {
            tally.matched++;
        }
        Link la = p.idA() == null ? null : links.get(Side.A).get(p.idA());
        Link lb = p.idB() == null ? null : links.get(Side.B).get(p.idB());
        Link existing = existingLink(p);
        Long keep = existing == null ? null : existing.id();
        List<Long> obsolete = new ArrayList<>();
        for (Link l : new Link[] {la, lb}) {
            if (l != null && (keep == null || l.id() != keep.longValue()) && !obsolete.contains(l.id())) {
                obsolete.add(l.id());
            }
        }
        boolean paired = idA != null && idB != null;
        if (p.kind() == PairPlan.Kind.DELETE && (p.deleteIn() == Side.A ? ra : rb) != null
                && (p.deleteIn() == Side.A ? ra : rb).succeeded()) {
            return new LinkWrite(keep, obsolete, idA, idB, p.base(), RecordState.FAILED,
                    FailureCategory.RECORD_DELETED.name(), "deleted in " + settings.app(p.deleteIn().other())
                    + "; archived in " + settings.app(p.deleteIn()) + " (deletes: propagate)", 0, null, null, null);
        }
        if (failures.isEmpty() && paired) {
            return new LinkWrite(keep, obsolete, idA, idB, new Base(base.get(Side.A), base.get(Side.B)),
                    RecordState.SYNCING, null, null, 0, null, null, null);
        }
        Failure f = failures.get(0);
        tally.fail(f.category().name());
        int attempts = (p.link() == null ? 0 : p.link().attempts()) + 1;
        Long retryAt = f.isTransient() ? System.currentTimeMillis() + (f.retryAfterMs() != null
                ? f.retryAfterMs() : Math.min(options.backoffMaxMs(), options.backoffBaseMs() << Math.min(attempts, 20)))
                : null;
        String message = (retryAt == null ? "" : retryScheduled(retryAt, attempts)) + f.message()
                + (failures.size() > 1 ? " (+" + (failures.size() - 1) + " more)" : "");
        Base stored = paired ? new Base(base.get(Side.A), base.get(Side.B)) : old;
        return new LinkWrite(keep, obsolete, idA, idB, stored, RecordState.FAILED, f.category().name(),
                message, f.isTransient() ? attempts : 0, retryAt, null, null);
    }

    /**
     * The visible retry state of a transient failure, first in the message so that a cut-off column still shows
     * it: {@code [retry scheduled after 2026-01-02T00:00:00Z, attempt 2] }. Every later run retries the record
     * (RATE_LIMITED and REMOTE_ERROR links are read again each run), however many attempts it took.
     */
    static String retryScheduled(long retryAtMs, int attempts) {
        return "[retry scheduled after " + java.time.Instant.ofEpochMilli(retryAtMs)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", attempt " + attempts + "] ";
    }

    /** After a successful write the base is set from what the app stored (DESIGN.md §2.2). */
    private void adoptStored(PairPlan p, Side side, Record stored, Map<String, String> base) {
        if (stored == null) {
            return;
        }
        for (FieldMapping m : settings.mappings()) {
            if (m.enabled() && p.write(side).containsKey(m.property(side))) {
                base.put(m.id(), m.canonical(settings, side, stored.get(m.property(side))));
            }
        }
    }

    private static void restore(Map<String, String> base, Map<String, String> old, String id) {
        if (old.containsKey(id)) {
            base.put(id, old.get(id));
        } else {
            base.remove(id);
        }
    }

    private AuditEntry auditEntry(PairPlan p, Side side, String id, List<Failure> leftOut) {
        Map<String, String[]> changes = new LinkedHashMap<>();
        p.write(side).forEach((prop, value) -> changes.put(prop, new String[] {p.before(side).get(prop), value}));
        leftOut.forEach(f -> changes.remove(f.property()));
        String op = p.kind() == PairPlan.Kind.DELETE ? "DELETE" : p.createIn() == side ? "CREATE" : "UPDATE";
        return new AuditEntry(settings.app(side), settings.schema(side).objectType(), id, op, changes);
    }

    private void applyStates(List<StatePlan> states) {
        leaseCheck.run();
        List<LinkWrite> writes = new ArrayList<>();
        for (StatePlan s : states) {
            Link l = s.link();
            String idA = l != null ? l.idA() : s.side() == Side.A ? s.id() : null;
            String idB = l != null ? l.idB() : s.side() == Side.B ? s.id() : null;
            writes.add(new LinkWrite(l == null ? null : l.id(), List.of(), idA, idB, l == null ? Base.EMPTY : l.base(),
                    s.state(), s.reason(), s.message(), 0, null, null, null));
            if (s.state() == RecordState.EXCLUDED) {
                tally.excluded++;
            } else if (s.state() == RecordState.FAILED) {
                tally.fail(s.reason());
            }
        }
        if (!writes.isEmpty()) {
            store.links().commit(objectSyncId, runId, writes, List.of());
        }
    }

    /** Counts of what the run did. */
    static final class Tally {
        int matched;
        int conflicts;
        int failed;
        int excluded;
        final int[] created = new int[2];
        final int[] updated = new int[2];
        final int[] deleted = new int[2];
        final Map<String, Integer> failedBy = new java.util.TreeMap<>();

        void fail(String category) {
            failed++;
            failedBy.merge(category, 1, Integer::sum);
        }

        void written(PairPlan p, Side side) {
            int i = side.ordinal();
            if (p.kind() == PairPlan.Kind.DELETE) {
                deleted[i]++;
            } else if (p.createIn() == side) {
                created[i]++;
            } else {
                updated[i]++;
            }
        }
    }
}
