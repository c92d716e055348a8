package io.crmsync.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.AppSettings;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.app.config.ServeConfig;
import io.crmsync.connector.hubspot.WebhookSettings;
import io.crmsync.connector.hubspot.WebhookSignature;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Continuous sync ({@code crmsync serve}, DESIGN.md §2.7, README "Continuous sync"): one {@link ObjectSyncWorker}
 * per enabled object sync, fed by
 * <ul>
 * <li>a feed run of every object sync at start (in association order, resuming from the checkpoints), then
 * one every {@link ServeConfig#pollInterval()} unless that is zero;</li>
 * <li>a reconciling run of every object sync every {@link ServeConfig#reconcileInterval()} unless that is zero
 * (the first one an interval after start): a feed run that also reads every linked id back, to find deletes no
 * change feed reports (DESIGN.md §2.5), through the object sync's worker, so never during another of its runs;</li>
 * <li>HubSpot webhooks at {@code POST /webhooks/hubspot/{app}} for each HubSpot app with {@code webhooks:
 * {clientSecret}} ({@link WebhookSettings}): v3 signature checked over the public URL (hubspot.md §B.8), 401 for a
 * missing, wrong or over 5 minutes old signature, else 204 at once with the named ids queued;</li>
 * <li>PostgreSQL notifications ({@link PgChangeListener}) of every JDBC app on PostgreSQL.</li>
 * </ul>
 * {@code GET /health} answers 200 with {@code {"status":"ok","objectSyncs":[{"name","runs","lastError"}]}}.
 *
 * <p>Threading: {@link #start} and {@link #close} from one thread; pushes arrive on server and listener threads.
 * The workspace must stay open until {@link #close} returns. Messages sent to the log are redacted.
 */
public final class Serve implements AutoCloseable {
    /** The webhook path; {@code {app}} is the HubSpot app's name in the config. */
    public static final String WEBHOOK_PATH = "/webhooks/hubspot/{app}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Workspace workspace;
    private final ServeConfig config;
    private final RunOptions options;
    private final Consumer<String> log;
    private final Map<String, ObjectSyncWorker> workers = new LinkedHashMap<>();
    private final Map<String, String> lastErrors = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, WebhookSignature> verifiers = new LinkedHashMap<>();
    private final Map<String, String> publicUrls = new LinkedHashMap<>();
    private final PushRouter router = new PushRouter();
    private final List<PgChangeListener> listeners = new ArrayList<>();
    private final ExecutorService runners = Executors.newCachedThreadPool(named("crmsync-run"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("crmsync-poll"));
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    private Javalin server;
    private volatile boolean closed;

    /**
     * @param workspace an open workspace; its enabled object syncs are served
     * @param config    port, poll and reconcile intervals (zero turns either off)
     * @param options   options of every run
     * @param log       receives one line per run and per problem (already redacted)
     */
    public Serve(Workspace workspace, ServeConfig config, RunOptions options, Consumer<String> log) {
        this.workspace = workspace;
        this.config = config;
        this.options = options;
        this.log = text -> log.accept(workspace.config().redact(text));
    }

    /**
     * What to check when deliveries are rejected: a sender with another secret or URL is a config mistake that
     * otherwise shows only as syncs that never happen.
     */
    private static String rejectionHint(String app, WebhookSignature.Result verdict) {
        String key = "apps." + app + ".webhooks";
        return switch (verdict) {
            case BAD_SIGNATURE -> "; check " + key + ".clientSecret (the client secret of the HubSpot app that sends"
                    + " the webhooks) and, behind a proxy or tunnel, " + key
                    + ".publicUrl (the URL HubSpot calls)";
            case EXPIRED, BAD_TIMESTAMP -> "; its X-HubSpot-Request-Timestamp is not within 5 minutes of this"
                    + " machine's clock";
            case MISSING_HEADER -> "; it has no X-HubSpot-Signature-v3 header, so it was not sent by HubSpot";
            case VALID -> "";
        };
    }

    /**
     * Starts the HTTP server, the listeners and the start-up runs, and returns at once (the runs go on in the
     * background).
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public Serve start() {
        for (BoundObjectSync os : workspace.objectSyncs()) {
            if (!os.enabled()) {
                log.accept(os.settings().label() + " is turned off (enabled: false); not served");
                continue;
            }
            ObjectSyncWorker w = new ObjectSyncWorker(os.settings().label(), runsOf(os), runners, timer);
            workers.put(os.settings().label(), w);
            for (Side side : Side.values()) {
                router.add(os.settings().app(side), os.settings().schema(side).objectType(), w, side);
            }
        }
        for (AppSettings app : workspace.config().apps().values()) {
            WebhookSettings hooks = "hubspot".equals(app.type()) ? WebhookSettings.of(app) : null;
            if (hooks != null) {
                verifiers.put(app.name(), new WebhookSignature(hooks.clientSecret()));
                if (hooks.publicUrl() != null) {
                    publicUrls.put(app.name(), hooks.publicUrl());
                }
            }
        }
        server = Javalin.create(c -> c.showJavalinBanner = false);
        server.get("/health", this::health);
        server.post(WEBHOOK_PATH, this::webhook);
        server.start("0.0.0.0", config.port());
        for (AppSettings app : workspace.config().apps().values()) {
            if (verifiers.containsKey(app.name()) && app.values().containsKey("sandbox")) {
                // The sandbox started for `sandbox:` listens on a port of its own choosing and is told no
                // webhook target, so the endpoint above would wait for deliveries that never come.
                log.accept("note: app " + app.name() + " has webhooks but runs on the sandbox crmsync starts for "
                        + "it (apps." + app.name() + ".sandbox), which sends none; to try webhooks, serve that "
                        + "folder with: crmsync sandbox --data " + app.string("sandbox") + " --webhooks-to "
                        + "http://127.0.0.1:" + port() + "/webhooks/hubspot/" + app.name() + "  and give the app "
                        + "baseUrl: http://127.0.0.1:8089 and token: sandbox-token instead of sandbox");
            }
        }
        for (AppSettings app : workspace.config().apps().values()) {
            if (PgChangeListener.isPostgres(app)) {
                Map<String, String> tables = PgChangeListener.tables(app);
                tables.values().removeIf(type -> !router.routes(app.name(), type));
                if (!tables.isEmpty()) {
                    PgChangeListener l = new PgChangeListener(app, tables, router, log);
                    listeners.add(l);
                    l.start();
                }
            }
        }
        Thread startup = new Thread(this::startupRuns, "crmsync-startup");
        startup.setDaemon(true);
        startup.start();
        return this;
    }

    /**
     * Waits until the start-up run of every object sync has ended (successfully or not), at most
     * {@code timeoutMs}.
     *
     * @return true when they have
     */
    public boolean awaitStartupRuns(long timeoutMs) throws InterruptedException {
        return started.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** The port the HTTP server listens on. */
    public int port() {
        return server.port();
    }

    /** The object syncs served, by label ({@code sync/object}). */
    public Set<String> objectSyncs() {
        return workers.keySet();
    }

    /**
     * One feed run per object sync, each after the previous one (companies before the contacts that name them),
     * then the poll timer. Pushes that arrive meanwhile are served at once.
     */
    private void startupRuns() {
        try {
            for (ObjectSyncWorker w : workers.values()) {
                long before = w.completed();
                w.poll();
                synchronized (w) {
                    while (!closed && w.completed() == before) {
                        w.wait(1_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            return;
        } finally {
            started.countDown();
        }
        long every = config.pollInterval().toMillis();
        long reconcileEvery = config.reconcileInterval().toMillis();
        if (!closed) {
            if (every > 0) {
                timer.scheduleWithFixedDelay(() -> workers.values().forEach(ObjectSyncWorker::poll), every, every,
                        TimeUnit.MILLISECONDS);
            }
            if (reconcileEvery > 0) {
                timer.scheduleWithFixedDelay(() -> workers.values().forEach(ObjectSyncWorker::reconcile),
                        reconcileEvery, reconcileEvery, TimeUnit.MILLISECONDS);
            }
        }
        log.accept("serving " + workers.size() + " object sync(s) on port " + port() + "; polling "
                + (every > 0 ? "every " + text(every) : "off") + "; reconciling "
                + (reconcileEvery > 0 ? "every " + text(reconcileEvery) : "off"));
    }

    /** {@code app n, app n} of the apps with deletes found. */
    private static String found(Map<String, Integer> byApp) {
        return byApp.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " " + e.getValue())
                .sorted().collect(java.util.stream.Collectors.joining(", "));
    }

    private static String text(long ms) {
        return Duration.ofMillis(ms).toString().substring(2).toLowerCase();
    }

    private ObjectSyncWorker.Runs runsOf(BoundObjectSync os) {
        String label = os.settings().label();
        return new ObjectSyncWorker.Runs() {
            /** Whether the last run found the object sync turned off; used by its worker's runs only. */
            private volatile boolean off;

            @Override
            public RunReport run(ObjectSyncWorker.Kind kind, Map<Side, Set<String>> pushed) {
                // Object syncs turned off in the config are not served at all; one turned off with
                // `crmsync disable` is asked before every run, so that it takes effect without a restart. Its
                // pushes are dropped meanwhile, and pushed runs leave the checkpoints where they are: the first
                // run after `crmsync enable` is therefore a feed run, which syncs what changed meanwhile.
                if (!workspace.store().isEnabled(os.settings().sync(), os.settings().object())) {
                    off = true;
                    return null;
                }
                if (off) {
                    log.accept(label + " is turned on again: syncing the changes made while it was off");
                    RunReport caughtUp = workspace.run(os, options.withReconcile(kind
                            == ObjectSyncWorker.Kind.RECONCILING), null);
                    off = false; // only now: a failed catch-up is tried again with the retried work
                    if (kind != ObjectSyncWorker.Kind.PUSHED) {
                        return caughtUp;
                    }
                    finished(ObjectSyncWorker.Kind.FEED, caughtUp, null);
                }
                return switch (kind) {
                    case PUSHED -> workspace.runPushed(os, pushed, options);
                    case FEED -> workspace.run(os, options, null);
                    case RECONCILING -> workspace.run(os, options.withReconcile(true), null);
                };
            }

            @Override
            public void finished(ObjectSyncWorker.Kind kind, RunReport r, RuntimeException error) {
                boolean pushed = kind == ObjectSyncWorker.Kind.PUSHED;
                if (error != null) {
                    String message = error.getMessage() == null ? error.toString() : error.getMessage();
                    lastErrors.put(label, message);
                    log.accept(label + ": run failed, retried later: " + message);
                    return;
                }
                lastErrors.remove(label);
                if (r == null) {
                    return; // turned off
                }
                if (r.counts().writes() > 0 || r.counts().failed() > 0 || !pushed) {
                    String what = pushed ? "pushed" : r.initial() ? "initial"
                            : kind == ObjectSyncWorker.Kind.RECONCILING ? "reconciling" : "feed";
                    log.accept(label + ": " + what + " run, " + r.counts().read() + " read, " + r.counts().writes()
                            + " written, " + r.counts().failed() + " failed"
                            + (r.deletesFoundTotal() > 0 ? ", deletes found " + found(r.deletesFound()) : ""));
                }
            }
        };
    }

    private void health(Context ctx) {
        ObjectNode out = JSON.createObjectNode();
        out.put("status", closed ? "stopping" : "ok");
        workers.forEach((label, w) -> {
            ObjectNode n = out.withArray("objectSyncs").addObject();
            n.put("name", label);
            n.put("runs", w.completed());
            n.put("lastError", lastErrors.get(label));
        });
        out.withArray("objectSyncs");
        ctx.status(closed ? 503 : 200).contentType("application/json").result(out.toString());
    }

    private void webhook(Context ctx) {
        String app = ctx.pathParam("app");
        WebhookSignature verifier = verifiers.get(app);
        if (verifier == null) {
            ctx.status(404).result("no HubSpot app \"" + app + "\" with webhooks: {clientSecret} in the config");
            return;
        }
        if (closed) {
            ctx.status(503); // HubSpot retries later, and the next start reads the feed anyway
            return;
        }
        String query = ctx.queryString();
        String url = publicUrls.containsKey(app) ? publicUrls.get(app) + (query == null ? "" : "?" + query)
                : ctx.fullUrl();
        String body = ctx.body();
        WebhookSignature.Result verdict = verifier.verify(ctx.method().name(), url, body,
                ctx.header(WebhookSignature.SIGNATURE_HEADER), ctx.header(WebhookSignature.TIMESTAMP_HEADER));
        if (!verdict.valid()) {
            log.accept("app " + app + ": webhook rejected (" + verdict + ") from " + ctx.ip() + rejectionHint(app,
                    verdict));
            ctx.status(401).result("signature rejected: " + verdict);
            return;
        }
        HubSpotEvents events;
        try {
            events = HubSpotEvents.of(JSON.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            log.accept("app " + app + ": webhook body is not a JSON array of events; ignored");
            ctx.status(400).result("expected a JSON array of events");
            return;
        }
        events.ids().forEach((type, ids) -> router.push(app, type, ids));
        // Merges need nothing more: the primary record is read again, and its hs_merged_object_ids re-point the
        // merged records' links in that run (RecordMerges).
        ctx.status(204);
    }

    /**
     * Stops accepting pushes, stops polling and listening, lets the runs that are going finish (their writes and
     * checkpoints are stored), then stops the server. Does not close the workspace. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        listeners.forEach(PgChangeListener::close);
        for (ObjectSyncWorker w : workers.values()) {
            try {
                w.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        runners.shutdown();
        try {
            runners.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
