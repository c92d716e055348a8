package io.crmsync.engine.run;

import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.plan.Plan;
import io.crmsync.engine.plan.PlanInput;
import io.crmsync.engine.plan.Planner;
import io.crmsync.engine.state.LinkStore;
import io.crmsync.engine.state.RunCounts;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.Keys;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One run of one object sync (DESIGN.md §1 "run"): recover creates left in flight by a crash, read changes on
 * both sides (everything on the initial sync), fetch partners and identifier candidates, plan, write, and only
 * then save the checkpoints. An instance is not thread-safe, but any number of runners may be started at once.
 *
 * <p><b>One run of an object sync at a time.</b> Before it reads anything, a run takes the object sync's <em>run
 * lease</em> in the state store (table {@code run_leases}), and holds it until it has saved its checkpoints.
 * A second run of the same object sync &mdash; another thread, another process, another machine on the same state
 * store, or a second webhook-triggered run &mdash; waits until the first one is done, then starts and reads what
 * the first one wrote (so the first run's own new record comes back linked, never as "new": field case C-08). It
 * waits at most {@link RunOptions#leaseWaitMs()} (default two minutes), then fails with an
 * {@link ObjectSyncBusyException} naming the object sync and the holder (process id and host). Runs of different
 * object syncs never wait for each other. The lease lasts {@link RunOptions#leaseTtlMs()} (default 30 s) and is
 * renewed every third of that and before each chunk is written; a run killed without releasing it is taken over
 * once it expires, or at once by a run on the same host when that process is gone. A run that could not renew its
 * lease in time and lost it to another run stops before its next write ({@link ObjectSyncBusyException}). A dry run
 * ({@code plan}) writes nothing and takes no lease.
 *
 * @throws io.crmsync.api.ConnectorException when an app is unreachable or refuses the credentials; nothing
 *         is checkpointed then, so the next run reads the same changes again
 */
public final class ObjectSyncRunner {
    /**
     * Failures whose records are read again on every run: transient ones, and {@code ASSOCIATION}, which is
     * resolved by the associated object sync linking the record (DESIGN.md §2.6), not by this record changing.
     */
    private static final Set<String> RETRIED = Set.of(FailureCategory.RATE_LIMITED.name(),
            FailureCategory.REMOTE_ERROR.name(), FailureCategory.ASSOCIATION.name());

    private final ObjectSyncSettings settings;
    private final Map<Side, Connector> connectors = new EnumMap<>(Side.class);
    private final StateStore store;
    private final RunOptions options;
    private final ProgressListener progress;
    /** Daemon threads that read the two apps of a run at the same time. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "crmsync-read");
        t.setDaemon(true);
        return t;
    });

    public ObjectSyncRunner(ObjectSyncSettings settings, Connector a, Connector b, StateStore store,
                            RunOptions options, ProgressListener progress) {
        this.settings = settings;
        this.connectors.put(Side.A, a);
        this.connectors.put(Side.B, b);
        this.store = store;
        this.options = options;
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        // Both apps are read on their own threads: progress reports are serialised for the listener.
        this.progress = (os, phase, done, total) -> {
            synchronized (this) {
                p.progress(os, phase, done, total);
            }
        };
    }

    private String type(Side side) {
        return settings.schema(side).objectType();
    }

    /**
     * Runs the object sync once; waits first for another run of the same object sync to finish (see the class
     * description).
     *
     * @throws ObjectSyncBusyException when another run held the object sync for longer than the lease wait
     */
    public RunReport run() {
        return run(null);
    }

    /**
     * A run triggered by pushes (a HubSpot webhook, a PostgreSQL notification): reads the given ids of each side
     * by id instead of the change feed, so that a change shows up before the app's change feed (HubSpot's search
     * index lags writes by seconds, hubspot.md §B.5) has it. Ids that are not found are treated as deleted
     * (DESIGN.md §2.5). The checkpoints are left where they are: the changes the feed holds were not read, and
     * the next feed run reads them again (those already synced equal their base and cost no write). Before the
     * first run of the object sync (no checkpoints yet) this is a full initial run. Waits for another run of the
     * same object sync like {@link #run()}.
     *
     * @param pushed ids per side to read; an id named twice is read once; a side may be missing or empty
     * @throws ObjectSyncBusyException when another run held the object sync for longer than the lease wait
     */
    public RunReport runPushed(Map<Side, Set<String>> pushed) {
        Map<Side, Set<String>> ids = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            ids.put(side, Set.copyOf(pushed.getOrDefault(side, Set.of())));
        }
        return run(ids);
    }

    private RunReport run(Map<Side, Set<String>> pushed) {
        long osId = store.objectSyncId(settings.sync(), settings.object(), type(Side.A), type(Side.B));
        if (options.dryRun()) {
            return run(osId, null, pushed);
        }
        try (RunLease lease = RunLease.acquire(store, osId, settings.label(), options)) {
            return run(osId, lease, pushed);
        }
    }

    private RunReport run(long osId, RunLease lease, Map<Side, Set<String>> pushed) {
        Map<Side, Checkpoint> stored = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            store.checkpoint(osId, side).ifPresent(cp -> stored.put(side, cp));
        }
        boolean initial = stored.size() < 2;
        // Pushes name the changed ids: the feed is not read, so no checkpoint may move.
        boolean byId = pushed != null && !initial;
        Map<Side, Set<String>> refetch = new EnumMap<>(Side.class);
        refetch.put(Side.A, new HashSet<>(byId ? pushed.get(Side.A) : Set.of()));
        refetch.put(Side.B, new HashSet<>(byId ? pushed.get(Side.B) : Set.of()));
        if (!options.dryRun()) {
            new IntentRecovery(settings, connectors, store, osId).recover(refetch);
        }
        for (Link l : store.links().inState(osId, RecordState.FAILED, null)) {
            if (RETRIED.contains(l.reason())) {
                for (Side side : Side.values()) {
                    if (l.id(side) != null) {
                        refetch.get(side).add(l.id(side));
                    }
                }
            }
        }
        Map<Side, Map<String, Record>> records = new EnumMap<>(Side.class);
        Map<Side, Checkpoint> next = new EnumMap<>(Side.class);
        int read = 0;
        // After a run that wrote many records, this one reads them back: read all links meanwhile.
        CompletableFuture<Map<Side, Map<String, Link>>> allLinks = !initial && !byId && store.runs().last(osId)
                .map(r -> r.writes() >= LinkStore.SCAN_THRESHOLD).orElse(false)
                ? CompletableFuture.supplyAsync(() -> store.links().all(osId), READERS) : null;
        // The two apps are read at the same time: they are different connectors, and reading is most of a run
        // that has little to write.
        Map<Side, CompletableFuture<Checkpoint>> reads = new EnumMap<>(Side.class);
        Map<Side, ChangeRead> feeds = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Map<String, Record> map = new LinkedHashMap<>();
            records.put(side, map);
            ChangeRead feed = new ChangeRead(map);
            feeds.put(side, feed);
            Checkpoint cp = initial ? null : stored.get(side);
            reads.put(side, byId ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.supplyAsync(() -> cp == null ? readAll(side, map)
                    : readChanges(side, cp, feed), READERS));
        }
        for (Side side : Side.values()) {
            next.put(side, join(reads.get(side)));
            read += records.get(side).size();
        }
        Map<Side, Set<String>> gone = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            gone.put(side, new HashSet<>());
            for (String id : feeds.get(side).deleted) {
                if (!records.get(side).containsKey(id)) {
                    gone.get(side).add(id);
                }
            }
            Set<String> missing = new HashSet<>(refetch.get(side));
            missing.removeAll(records.get(side).keySet());
            missing.removeAll(gone.get(side));
            int before = records.get(side).size();
            fetch(side, missing, records, gone);
            // Pushed ids and retried failures are reads too: without them a run that retries 28 records or
            // syncs 2 pushed ones reported "0 records read".
            read += records.get(side).size() - before;
        }
        if (!options.dryRun()) {
            // Before reconciling: a merged record is gone from HubSpot, but its link moves to the survivor.
            RecordMerges.Outcome merges = RecordMerges.fromRecords(store, osId, settings, records);
            if (merges.repointed() + merges.failed() > 0) {
                allLinks = null; // read before the merges were applied
            }
        }
        if (!initial) {
            read += new Reconciler(connectors, settings, options.reconcile()).reconcile(store.links(), osId,
                    records, gone, fullScans(feeds));
        }
        Map<Side, Map<String, Link>> links = allLinks == null ? store.links().find(osId, keysOf(records, gone))
                : onlyOf(allLinks.join(), records, gone);
        Map<Side, Integer> deletesFound = Reconciler.newlyDeleted(links, gone);
        read += completePartners(records, links, gone);
        if (!initial) {
            read += addCandidates(osId, records, links);
        }
        for (Side side : Side.values()) {
            // Links of records dropped as echoes are not planned: no need to load their bases.
            Set<String> planned = new HashSet<>(records.get(side).keySet());
            planned.addAll(gone.get(side));
            links.get(side).keySet().retainAll(planned);
        }
        store.links().complete(links);
        ObjectSyncSettings settings = CompanyLookup.lookUp(this.settings, connectors, records);
        settings = settings.withReferences(AssociatedLinks.of(settings, store, records));
        Plan plan = new Planner(settings).plan(new PlanInput(records, links, gone));
        if (options.dryRun()) {
            RunCounts counts = new RunCounts((int) plan.matches(), (int) plan.creates(Side.A),
                    (int) plan.creates(Side.B), (int) plan.updates(Side.A), (int) plan.updates(Side.B),
                    (int) plan.deletes(Side.A), (int) plan.deletes(Side.B), plan.conflicts(),
                    plan.count(RecordState.FAILED).values().stream().mapToInt(Integer::intValue).sum(),
                    plan.count(RecordState.EXCLUDED).values().stream().mapToInt(Integer::intValue).sum(), read);
            return new RunReport(settings.sync(), settings.object(), settings.appA(), settings.appB(), 0, initial,
                    counts, plan.count(RecordState.FAILED), plan.count(RecordState.EXCLUDED), plan,
                    byApp(deletesFound));
        }
        records = null; // the plan holds what it needs; let the records go before writing
        long runId = store.runs().start(osId, initial);
        Map<Side, WriteClient> clients = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            clients.put(side, new WriteClient(connectors.get(side), type(side), options));
        }
        Executor.Tally t;
        try {
            t = new Executor(settings, clients, store, osId, runId, options, progress, links, lease::check)
                    .apply(plan);
        } catch (RuntimeException e) {
            store.runs().finish(runId, RunCounts.ZERO, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        CrashPoints.reach("before-checkpoint");
        try {
            lease.check();
        } catch (RuntimeException e) {
            store.runs().finish(runId, RunCounts.ZERO, e.getMessage());
            throw e;
        }
        for (Side side : Side.values()) {
            if (next.get(side) != null) {
                store.saveCheckpoint(osId, side, next.get(side));
            }
        }
        RunCounts counts = new RunCounts(t.matched, t.created[0], t.created[1], t.updated[0], t.updated[1],
                t.deleted[0], t.deleted[1], t.conflicts, t.failed, t.excluded, read);
        store.runs().finish(runId, counts, null);
        if (initial) {
            store.links().analyze();
        }
        return new RunReport(settings.sync(), settings.object(), settings.appA(), settings.appB(), runId, initial,
                counts, t.failedBy, plan.count(RecordState.EXCLUDED), plan, byApp(deletesFound));
    }

    private Map<String, Integer> byApp(Map<Side, Integer> perSide) {
        Map<String, Integer> out = new LinkedHashMap<>();
        perSide.forEach((side, n) -> out.merge(settings.app(side), n, Integer::sum));
        return out;
    }

    private static Checkpoint join(CompletableFuture<Checkpoint> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private Checkpoint readAll(Side side, Map<String, Record> into) {
        Connector c = connectors.get(side);
        Checkpoint start = c.checkpoint(type(side));
        String token = null;
        do {
            RecordPage page = c.readAll(type(side), token, options.pageSize());
            page.records().forEach(r -> into.put(r.id(), r));
            token = page.nextPageToken();
            progress.progress(settings.label(), "read " + settings.app(side), into.size(), -1);
        } while (token != null);
        return start;
    }

    /** What one app's change read found: the records, the ids it reported deleted, and whether it was a full scan. */
    private static final class ChangeRead {
        final Map<String, Record> records;
        final Set<String> deleted = new HashSet<>();
        boolean fullScan;

        ChangeRead(Map<String, Record> records) {
            this.records = records;
        }
    }

    private static Set<Side> fullScans(Map<Side, ChangeRead> feeds) {
        Set<Side> out = java.util.EnumSet.noneOf(Side.class);
        feeds.forEach((side, feed) -> {
            if (feed.fullScan) {
                out.add(side);
            }
        });
        return out;
    }

    private Checkpoint readChanges(Side side, Checkpoint since, ChangeRead into) {
        Connector c = connectors.get(side);
        String token = null;
        Checkpoint next = since;
        do {
            ChangePage page = c.readChanges(type(side), since, token, options.pageSize());
            page.records().forEach(r -> into.records.put(r.id(), r));
            into.deleted.addAll(page.deletedIds());
            into.fullScan |= page.fullScan();
            if (page.checkpoint() != null) {
                next = page.checkpoint();
            }
            token = page.nextPageToken();
        } while (token != null);
        return next;
    }

    private void fetch(Side side, Set<String> ids, Map<Side, Map<String, Record>> records,
                       Map<Side, Set<String>> gone) {
        if (ids.isEmpty()) {
            return;
        }
        records.get(side).putAll(RecordsById.read(connectors.get(side), type(side), ids));
        for (String id : ids) {
            if (!records.get(side).containsKey(id)) {
                gone.get(side).add(id);
            }
        }
    }

    /**
     * Reads the partners of changed linked records. A record equal to its base on every field is an echo of
     * crmsync's own write (or an unmapped change) and needs no partner: it is dropped here.
     *
     * @return records read
     */
    private int completePartners(Map<Side, Map<String, Record>> records, Map<Side, Map<String, Link>> links,
                                 Map<Side, Set<String>> gone) {
        Map<Side, Set<String>> wanted = new EnumMap<>(Side.class);
        wanted.put(Side.A, new HashSet<>());
        wanted.put(Side.B, new HashSet<>());
        EchoFilter echo = new EchoFilter(settings);
        for (Side side : Side.values()) {
            Side other = side.other();
            records.get(side).values().removeIf(r -> {
                Link l = links.get(side).get(r.id());
                if (l == null || !l.paired() || records.get(other).containsKey(l.id(other))) {
                    return false;
                }
                if (!r.archived() && l.state() == RecordState.SYNCING && echo.equalsBase(side, r, l.base())) {
                    return true;
                }
                wanted.get(other).add(l.id(other));
                links.get(other).put(l.id(other), l);
                return false;
            });
        }
        int before = records.get(Side.A).size() + records.get(Side.B).size();
        for (Side side : Side.values()) {
            fetch(side, wanted.get(side), records, gone);
        }
        return records.get(Side.A).size() + records.get(Side.B).size() - before;
    }

    /**
     * In an incremental run, finds the other app's records that share an identifier with an unlinked changed
     * record, and the same app's records that share it (for ambiguity).
     */
    private int addCandidates(long osId, Map<Side, Map<String, Record>> records,
                              Map<Side, Map<String, Link>> links) {
        if (settings.match().isEmpty()) {
            return 0;
        }
        int added = 0;
        Map<Side, List<Record>> unlinked = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            // An excluded record has a link row without a partner: it is matched again, so its key is looked up.
            unlinked.put(side, records.get(side).values().stream().filter(r -> !r.archived()).filter(r -> {
                Link link = links.get(side).get(r.id());
                return link == null || !link.paired();
            }).toList());
        }
        Map<Side, Set<String>> newIds = new EnumMap<>(Side.class);
        newIds.put(Side.A, new HashSet<>());
        newIds.put(Side.B, new HashSet<>());
        for (MatchStage stage : settings.match()) {
            for (Side side : Side.values()) {
                Set<String> keys = new HashSet<>();
                for (Record r : unlinked.get(side)) {
                    String k = Keys.key(stage.kind(), r.get(stage.property(side)));
                    if (k != null) {
                        keys.add(k);
                    }
                }
                if (keys.isEmpty()) {
                    continue;
                }
                for (Side target : Side.values()) {
                    Connector c = connectors.get(target);
                    List<Record> found = stage.kind() == KeyKind.DOMAIN
                            ? c.findByDomain(type(target), stage.property(target), keys)
                            : c.findByIdentifier(type(target), stage.property(target), keys);
                    for (Record r : found) {
                        if (records.get(target).putIfAbsent(r.id(), r) == null) {
                            newIds.get(target).add(r.id());
                            added++;
                        }
                    }
                }
            }
        }
        if (added > 0) {
            Map<Side, Map<String, Link>> more = store.links().find(osId, newIds);
            for (Side side : Side.values()) {
                links.get(side).putAll(more.get(side));
            }
        }
        return added;
    }

    /** The links of the records read and of the ids found deleted, out of all links. */
    private static Map<Side, Map<String, Link>> onlyOf(Map<Side, Map<String, Link>> all,
                                                       Map<Side, Map<String, Record>> records,
                                                       Map<Side, Set<String>> gone) {
        Map<Side, Set<String>> keys = keysOf(records, gone);
        for (Side side : Side.values()) {
            all.get(side).keySet().retainAll(keys.get(side));
        }
        return all;
    }

    private static Map<Side, Set<String>> keysOf(Map<Side, Map<String, Record>> records, Map<Side, Set<String>> gone) {
        Map<Side, Set<String>> out = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            Set<String> keys = new HashSet<>(records.get(side).keySet());
            keys.addAll(gone.get(side));
            out.put(side, keys);
        }
        return out;
    }
}
