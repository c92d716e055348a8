package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that behaves like HubSpot's CRM API (hubspot.md Part B): objects, batch, search and properties
 * routes at {@code /crm/v3/...} and the date-versioned {@code /crm/objects/{version}/...}, and associations v4
 * ({@link AssociationRoutes}) and the owners API ({@link OwnerRoutes}). {@link SandboxSeed} fills an empty store with given records. State lives in an H2 file
 * under the data directory and survives a restart. Every request needs {@code Authorization: Bearer <token>} with
 * an accepted token (or the legacy {@code ?hapikey=}; else 401 INVALID_AUTHENTICATION): a configured one, or an
 * access token issued by {@code POST /oauth/v1/token} ({@link OAuthRoutes}) that has not expired on the sandbox
 * clock. Tests target faults with {@link FaultRules}. Authenticated responses carry X-HubSpot-RateLimit-* headers
 * and a refused request gets 429 with {@code policyName}. Errors use HubSpot's body (§B.10).
 * <p>Start with {@link #start(int, Path)} (port 0 = ephemeral); stop with {@link #stop()}. Not restartable: make a
 * new instance on the same data directory to simulate a restart.
 */
public final class SandboxServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);
    /** The token accepted when none are configured. */
    public static final String DEFAULT_TOKEN = "sandbox-token";

    private final Options options;
    private final ObjectMapper mapper = new ObjectMapper();
    private Javalin app;
    private RecordStore store;
    private ObjectService objectService;
    private AssociationService associationService;
    private DealPipelines dealPipelines;
    private PropertyCatalog propertyCatalog;
    private SandboxClock sandboxClock;
    private OwnerStore ownerStore;
    private WebhookDispatcher webhooks;
    private WebhookStore webhookStore;
    /** Days an archived record stays restorable/readable before it is purged (hubspot.md §B.4). */
    public static final int RECYCLE_BIN_DAYS = 90;
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> lastPurge =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** API requests received (admin routes under {@code /_sandbox} excluded), refused ones included. */
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    /** 429 answers sent: rate-limit refusals and injected 429 faults. */
    private final java.util.concurrent.atomic.AtomicLong throttled = new java.util.concurrent.atomic.AtomicLong();

    private SandboxServer(Options options) {
        this.options = options;
    }

    /** Starts a sandbox with the default options (token {@value #DEFAULT_TOKEN}, system clock, free-tier limits). */
    public static SandboxServer start(int port, Path dataDir) {
        return start(port, dataDir, Options.defaults());
    }

    /**
     * Starts a sandbox listening on {@code port} (0 picks a free one; see {@link #port()}).
     *
     * @throws IllegalStateException if the data directory cannot be opened or the port is taken
     */
    public static SandboxServer start(int port, Path dataDir, Options options) {
        SandboxServer server = new SandboxServer(options);
        server.run(port, dataDir);
        return server;
    }

    private void run(int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        store = new RecordStore(dataDir, mapper);
        AdjustableClock clock = new AdjustableClock(options.clock());
        PropertyCatalog catalog = PropertyCatalog.defaults();
        PropertyRoutes.restore(store, catalog, mapper);
        DealPipelines pipelines = new DealPipelines(store, mapper);
        catalog.usePipelines(pipelines);
        dealPipelines = pipelines;
        propertyCatalog = catalog;
        sandboxClock = clock;
        OwnerStore owners = new OwnerStore(store, mapper, clock);
        ObjectService service = new ObjectService(store, new PropertyValidator(catalog, mapper, owners::isActive),
                catalog, clock);
        objectService = service;
        RecordJson json = new RecordJson(mapper, catalog);
        Http http = new Http(mapper);
        RateLimiter limiter = options.rateLimiter().apply(clock);
        FaultInjector faults = new FaultInjector();
        FaultRules rules = new FaultRules();
        OAuthRoutes oauth = new OAuthRoutes(options.oauth(), clock, http);
        SearchRateLimiter searchLimiter = new SearchRateLimiter(clock, options.searchPerSecond());
        app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
        });
        app.before(ctx -> {
            if (!ctx.path().startsWith(AdminRoutes.BASE + "/")) {
                requests.incrementAndGet();
            }
            // HTTP's Date from the sandbox clock, as HubSpot's Date and its timestamps come from one clock: clients
            // that read the server's time from it must see the clock tests move, not the machine's.
            ctx.header("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    clock.now().atOffset(java.time.ZoneOffset.UTC)));
        });
        app.before(ctx -> authorize(ctx, limiter, searchLimiter, faults, rules, oauth, clock));
        app.before(ctx -> purgeExpiredArchives(clock));
        app.exception(ApiException.class, (e, ctx) -> http.json(ctx, e.status(), e.toBody(mapper)));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("sandbox bug on {} {}", ctx.method(), ctx.path(), e);
            ApiException internal = new ApiException(500, "INTERNAL_ERROR", "internal error: " + e);
            http.json(ctx, 500, internal.toBody(mapper));
        });
        AssociationService associations = new AssociationService(store, new AssociationStore(store), mapper,
                clock);
        associationService = associations;
        ObjectRoutes objects = new ObjectRoutes(service, store, json, http, associations);
        BatchRoutes batch = new BatchRoutes(service, store, json, http, clock);
        SearchRoutes search = new SearchRoutes(store, catalog, json, http, clock, options.search());
        new AdminRoutes(store, service, faults, rules, clock, http, json).register(app);
        oauth.register(app);
        MergeRoutes merges = new MergeRoutes(service, store, new AssociationStore(store), json, http, clock);
        for (String base : new String[] {"/crm/v3/objects/{objectType}", "/crm/objects/{version}/{objectType}"}) {
            batch.register(app, base);
            search.register(app, base);
            merges.register(app, base);
            objects.register(app, base);
        }
        new AssociationRoutes(associations, store, http, clock).register(app);
        new OwnerRoutes(owners, http).register(app);
        ownerStore = owners;
        webhookStore = new WebhookStore(store, mapper);
        service.onChange((type, id, kind, changes, at) -> {
            String prefix = switch (type) {
                case CONTACTS -> "contact";
                case COMPANIES -> "company";
                case DEALS -> "deal";
                default -> null;
            };
            if (prefix != null) {
                webhookStore.enqueue(prefix, id, kind, changes, at);
            }
        });
        webhooks = new WebhookDispatcher(webhookStore, clock, options.webhookSecret(), mapper);
        new WebhookRoutes(webhookStore, webhooks, clock, http).register(app);
        PropertyRoutes properties = new PropertyRoutes(catalog, store, clock, http);
        properties.register(app, "/crm/v3/properties/{objectType}");
        properties.register(app, "/crm/properties/{version}/{objectType}");
        new PipelineRoutes(pipelines, clock, http).register(app);
        app.start(options.host(), port);
        webhooks.start();
        LOG.info("HubSpot sandbox on port {}, data in {}", app.port(), dataDir);
    }

    private void authorize(Context ctx, RateLimiter limiter, SearchRateLimiter searchLimiter, FaultInjector faults,
                           FaultRules rules, OAuthRoutes oauth, SandboxClock clock) {
        if (ctx.path().equals(OAuthRoutes.PATH)) {
            return; // the token endpoint authenticates with the form's client credentials
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip() : null;
        if (token == null && ctx.queryParam("hapikey") != null) {
            token = ctx.queryParam("hapikey"); // the legacy API key (§B.1), accepted like a static token
        }
        if (token == null || !(options.tokens().contains(token) || oauth.accepts(token))) {
            // HubSpot sends the same body for a missing and an unknown token; no rate-limit headers (no app known).
            throw new ApiException(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API "
                    + "supports OAuth 2.0 authentication and you can find more details at "
                    + "https://developers.hubspot.com/docs/methods/auth/oauth-overview");
        }
        if (ctx.path().startsWith(AdminRoutes.BASE + "/")) {
            return; // admin calls: token checked, never rate-limited or faulted
        }
        FaultRules.Answer ruled = rules.match(ctx.method().name(), ctx.path(), ctx.queryString(), clock.now());
        if (ruled != null) {
            if (ruled.retryAfterSeconds() >= 0) {
                ctx.header("Retry-After", Long.toString(ruled.retryAfterSeconds()));
            }
            throw ruled.error();
        }
        FaultInjector.Fault fault = faults.draw();
        if (fault.delayMillis() > 0) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rules.record(ctx.method().name(), ctx.path(), fault.status());
        if (fault.status() != 0) {
            if (fault.status() == 429) {
                throttled.incrementAndGet();
            }
            if (fault.status() == 429 || fault.status() == 477) {
                ctx.header("Retry-After", Long.toString(faults.settings().retryAfterSeconds()));
            }
            throw FaultInjector.error(fault.status());
        }
        if (SearchRateLimiter.isSearch(ctx.method().name(), ctx.path())) {
            // Search has its own per-second limit and answers without rate-limit headers (§B.5, §B.9).
            long wait = searchLimiter.acquire(token);
            if (wait > 0) {
                throttled.incrementAndGet();
                ctx.header("Retry-After", Long.toString(retryAfterSeconds(wait)));
                throw new ApiException(429, "RATE_LIMITS", "You have reached your secondly limit.")
                        .field("errorType", "RATE_LIMIT").field("policyName", "SECONDLY");
            }
            return;
        }
        RateLimiter.Decision d = limiter.acquire(token);
        ctx.header("X-HubSpot-RateLimit-Max", Integer.toString(d.max()));
        ctx.header("X-HubSpot-RateLimit-Remaining", Integer.toString(d.remaining()));
        ctx.header("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(d.intervalMillis()));
        ctx.header("X-HubSpot-RateLimit-Daily", Long.toString(d.daily()));
        ctx.header("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(d.dailyRemaining()));
        if (!d.allowed()) {
            throttled.incrementAndGet();
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(d.retryAfterMillis())));
            String limitName = "DAILY".equals(d.policyName()) ? "daily" : "ten_secondly_rolling";
            throw new ApiException(429, "RATE_LIMITS", "You have reached your " + limitName + " limit.")
                    .field("errorType", "RATE_LIMIT").field("policyName", d.policyName());
        }
    }

    /**
     * {@code Retry-After} in whole seconds, rounded up so a client that waits that long gets in (at least 1). HTTP
     * (RFC 9110) and the connector read it as seconds; hubspot.md §B.9 quotes a third-party note saying HubSpot's
     * value is in milliseconds, flagged unverified there, so the sandbox follows the HTTP standard.
     */
    static long retryAfterSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * Archived records stay readable with {@code archived=true} for {@value #RECYCLE_BIN_DAYS} days, then are gone
     * for good (§B.4). Checked at most once per sandbox-clock minute, and whenever the clock moved backwards.
     */
    private void purgeExpiredArchives(SandboxClock clock) {
        java.time.Instant now = clock.now();
        java.time.Instant last = lastPurge.get();
        if (last != null && !now.isBefore(last) && now.isBefore(last.plusSeconds(60))) {
            return;
        }
        lastPurge.set(now);
        store.purgeArchivedBefore(now.minus(java.time.Duration.ofDays(RECYCLE_BIN_DAYS)));
    }

    RecordStore store() {
        return store;
    }

    /**
     * API requests received since the start or the last {@link #resetCounters()}: every HTTP request except the
     * admin routes under {@code /_sandbox}, counted before authentication, so refused (401, 429) ones are in.
     */
    public long requestCount() {
        return requests.get();
    }

    /** 429 answers sent since the start or the last {@link #resetCounters()} (rate limit and injected faults). */
    public long throttledCount() {
        return throttled.get();
    }

    /**
     * Points the webhooks of app {@code appId} at {@code targetUrl}, as a HubSpot developer does in the app's
     * settings (hubspot.md §B.8), and subscribes it to everything the sandbox sends: {@code creation},
     * {@code deletion}, {@code restore} and {@code merge} of contacts, companies and deals, and
     * {@code propertyChange} of each of their writable properties (HubSpot has no "any property" subscription), at
     * most {@link WebhookRoutes#MAX_SUBSCRIPTIONS}. The app's earlier subscriptions are replaced. Deliveries are
     * signed with the sandbox's webhook secret. Thread-safe.
     *
     * @param targetUrl an http(s) URL, e.g. {@code http://127.0.0.1:8088/webhooks/hubspot/hubspot}
     * @return the number of subscriptions made
     * @throws IllegalArgumentException when the URL is not http(s)
     */
    public int subscribeWebhooks(long appId, String targetUrl) {
        if (targetUrl == null || !targetUrl.matches("https?://\\S+")) {
            throw new IllegalArgumentException("the webhook target must be an http(s) URL, got " + targetUrl);
        }
        return WebhookRoutes.subscribeAll(webhookStore, propertyCatalog, appId, targetUrl, sandboxClock.now());
    }

    /** Sets {@link #requestCount()} and {@link #throttledCount()} back to zero. */
    public void resetCounters() {
        requests.set(0);
        throttled.set(0);
    }

    /**
     * Creates records in-process, as {@code POST /_sandbox/seed} does but without HTTP (not counted, not
     * rate-limited): validated as creates are, in transactions of 1,000 records.
     *
     * @param objectType an object type name such as {@code contacts}
     * @param records    property maps ({@code null} values are left out)
     * @return the new records' ids, in order
     * @throws ApiException on an invalid record (its transaction of 1,000 is rolled back)
     */
    public java.util.List<String> seed(String objectType, java.util.List<java.util.Map<String, String>> records) {
        ObjectType type = ObjectType.fromPath(objectType).orElseThrow(() ->
                new IllegalArgumentException("unknown object type " + objectType));
        java.util.List<String> ids = new java.util.ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i += 1000) {
            java.util.List<java.util.Map<String, String>> chunk = records.subList(i, Math.min(records.size(), i + 1000));
            ids.addAll(store.inTransaction(() -> {
                java.util.List<String> out = new java.util.ArrayList<>();
                for (java.util.Map<String, String> r : chunk) {
                    com.fasterxml.jackson.databind.node.ObjectNode props = mapper.createObjectNode();
                    r.forEach((k, v) -> {
                        if (v != null) {
                            props.put(k, v);
                        }
                    });
                    out.add(Long.toString(objectService.create(type, props).id()));
                }
                return out;
            }));
        }
        return ids;
    }

    /**
     * Associates records in-process, as {@link #seed} creates them (not counted, not rate-limited), in
     * transactions of 1,000 pairs. Each pair gets the unlabeled association plus {@code typeId}, both directions,
     * with the rules of the v4 API (hubspot.md §B.7: a new primary company of a contact demotes its previous one).
     *
     * @param fromType an object type name such as {@code deals}
     * @param toType   an object type name such as {@code companies}
     * @param typeId   a HUBSPOT_DEFINED typeId from {@code fromType} to {@code toType}, e.g. 5 (deal → primary
     *                 company); the unlabeled typeId adds nothing
     * @param pairs    {@code [fromId, toId]} pairs of live records' ids
     * @throws IllegalArgumentException for an unknown object type or a typeId not defined for the pair
     * @throws ApiException             when a record does not exist (its transaction of 1,000 is rolled back)
     */
    public void seedAssociations(String fromType, String toType, int typeId, java.util.List<String[]> pairs) {
        ObjectType from = ObjectType.fromPath(fromType).orElseThrow(() ->
                new IllegalArgumentException("unknown object type " + fromType));
        ObjectType to = ObjectType.fromPath(toType).orElseThrow(() ->
                new IllegalArgumentException("unknown object type " + toType));
        AssociationTypes.Type type = AssociationTypes.find(from, to, typeId).orElseThrow(() ->
                new IllegalArgumentException("no association type " + typeId + " from " + fromType + " to " + toType));
        for (int i = 0; i < pairs.size(); i += 1000) {
            java.util.List<String[]> chunk = pairs.subList(i, Math.min(pairs.size(), i + 1000));
            store.inTransaction(() -> {
                // Each record's effects once per transaction, as a v4 batch write does.
                AssociationEffects.Batch changed = new AssociationEffects.Batch();
                associationService.deferringEffects(changed, () -> {
                    for (String[] p : chunk) {
                        associationService.associate(from, p[0], to, p[1], java.util.List.of(type));
                    }
                    return null;
                });
                associationService.applyEffects(changed);
                return null;
            });
        }
    }

    ObjectService objectService() {
        return objectService;
    }

    AssociationService associationService() {
        return associationService;
    }

    PropertyCatalog propertyCatalog() {
        return propertyCatalog;
    }

    SandboxClock clock() {
        return sandboxClock;
    }

    /** The account's deal pipelines (also served by {@code /crm/v3/pipelines/deals}). */
    public DealPipelines dealPipelines() {
        return dealPipelines;
    }

    OwnerStore ownerStore() {
        return ownerStore;
    }

    /** The port actually bound (useful after starting on port 0). */
    public int port() {
        return app.port();
    }

    /** Stops the HTTP server and closes the store; idempotent. */
    public synchronized void stop() {
        if (webhooks != null) {
            webhooks.close();
            webhooks = null;
        }
        if (app != null) {
            app.stop();
            app = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The OAuth app the sandbox knows (hubspot.md §B.1): its credentials and the lifetime of the access tokens it
     * issues, in seconds on the sandbox clock (HubSpot: 1800).
     */
    public record OAuthApp(String clientId, String clientSecret, String refreshToken, long lifetimeSeconds) {
        @Override
        public String toString() {
            return "OAuthApp[clientId=" + clientId + ", lifetimeSeconds=" + lifetimeSeconds + "]";
        }
    }

    /**
     * Settings: accepted bearer tokens (also accepted as the legacy {@code hapikey} query parameter), the OAuth app,
     * the clock, the rate limiter (built from the clock), the bind address, search limits, the webhook signing
     * secret and the search requests allowed per second (HubSpot: 5).
     */
    public record Options(Set<String> tokens, SandboxClock clock, Function<SandboxClock, RateLimiter> rateLimiter,
                          String host, SearchRoutes.SearchLimits search, String webhookSecret, OAuthApp oauth,
                          int searchPerSecond) {
        /** Search requests per second per account (§B.5, §B.9). */
        public static final int DEFAULT_SEARCH_PER_SECOND = 5;

        /** The app client secret that signs webhook deliveries unless set (§B.8 v3 signature). */
        public static final String DEFAULT_WEBHOOK_SECRET = "sandbox-secret";

        public static Options defaults() {
            return new Options(Set.of(DEFAULT_TOKEN), SandboxClock.system(), RollingWindowRateLimiter::freeTier,
                    "127.0.0.1", SearchRoutes.SearchLimits.defaults(), DEFAULT_WEBHOOK_SECRET,
                    null, DEFAULT_SEARCH_PER_SECOND);
        }

        public Options withTokens(Set<String> value) {
            return new Options(Set.copyOf(value), clock, rateLimiter, host, search, webhookSecret, oauth,
                    searchPerSecond);
        }

        public Options withClock(SandboxClock value) {
            return new Options(tokens, value, rateLimiter, host, search, webhookSecret, oauth, searchPerSecond);
        }

        public Options withRateLimiter(Function<SandboxClock, RateLimiter> value) {
            return new Options(tokens, clock, value, host, search, webhookSecret, oauth, searchPerSecond);
        }

        public Options withHost(String value) {
            return new Options(tokens, clock, rateLimiter, value, search, webhookSecret, oauth, searchPerSecond);
        }

        /** Records become searchable {@code millis} after their last write (HubSpot's indexing lag; default 0). */
        public Options withSearchIndexDelay(long millis) {
            return new Options(tokens, clock, rateLimiter, host, new SearchRoutes.SearchLimits(search.maxGroups(),
                    search.maxFiltersPerGroup(), search.maxFilters(), millis), webhookSecret, oauth, searchPerSecond);
        }

        /** The client secret used for the X-HubSpot-Signature-v3 header of webhook deliveries. */
        public Options withWebhookSecret(String value) {
            return new Options(tokens, clock, rateLimiter, host, search, value, oauth, searchPerSecond);
        }

        /** The OAuth app whose refresh token {@code POST /oauth/v1/token} exchanges (null: every grant fails). */
        public Options withOAuth(OAuthApp value) {
            return new Options(tokens, clock, rateLimiter, host, search, webhookSecret, value, searchPerSecond);
        }

        /** Search filter limits: groups, filters per group, filters in all (default 5/6/18, §B.5). */
        public Options withSearchFilterLimits(int groups, int perGroup, int total) {
            return new Options(tokens, clock, rateLimiter, host, new SearchRoutes.SearchLimits(groups, perGroup,
                    total, search.indexDelayMillis()), webhookSecret, oauth, searchPerSecond);
        }

        /** Search requests allowed per second per token (default {@value #DEFAULT_SEARCH_PER_SECOND}). */
        public Options withSearchPerSecond(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("searchPerSecond must be positive, got " + value);
            }
            return new Options(tokens, clock, rateLimiter, host, search, webhookSecret, oauth, value);
        }
    }
}
