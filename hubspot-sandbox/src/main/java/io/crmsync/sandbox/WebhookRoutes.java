package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Webhooks v3 management (hubspot.md §B.8), with the sandbox bearer token instead of a developer API key:
 * <ul>
 * <li>{@code GET/PUT/DELETE /webhooks/v3/{appId}/settings}, body {@code {targetUrl, throttling:{maxConcurrentRequests,
 * period}}};</li>
 * <li>{@code GET/POST /webhooks/v3/{appId}/subscriptions}, {@code GET/PATCH/DELETE …/subscriptions/{id}}: eventType
 * {@code contact|company|deal} × {@code .creation|.propertyChange|.deletion|.restore|.merge}, and
 * {@code contact.privacyDeletion} (GDPR delete, §B.11); propertyChange needs a propertyName;
 * new subscriptions are paused unless the body says {@code "active":true}; at most 1,000 per app;</li>
 * <li>{@code POST /_sandbox/webhooks} {@code {"duplicateRate":0.2,"shuffle":true,"seed":42}} → 200 with the
 * settings (test chaos modes; omitted values reset to off).</li>
 * </ul>
 */
final class WebhookRoutes {
    static final String BASE = "/webhooks/v3/{appId}";
    static final int MAX_SUBSCRIPTIONS = 1000;
    private static final Set<String> OBJECTS = Set.of("contact", "company", "deal");
    private static final Set<String> KINDS = Set.of("creation", "propertyChange", "deletion", "restore",
            "privacyDeletion", "merge");
    static final Set<String> UNSUBSCRIBABLE = Set.of("hs_lastmodifieddate", "num_unique_conversion_events");
    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final SandboxClock clock;
    private final Http http;

    /**
     * Replaces app {@code appId}'s settings and subscriptions with {@code targetUrl} and every subscription the
     * sandbox can deliver (see {@link SandboxServer#subscribeWebhooks}), active; at most {@link #MAX_SUBSCRIPTIONS}.
     *
     * @return the number of subscriptions made
     */
    static int subscribeAll(WebhookStore store, PropertyCatalog catalog, long appId, String targetUrl,
                            Instant now) {
        synchronized (store) {
            store.putSettings(appId, targetUrl, 10, "SECONDLY", now);
            store.subscriptions(appId).forEach(sub -> store.deleteSubscription(appId, sub.id()));
            int made = 0;
            for (ObjectType type : List.of(ObjectType.CONTACTS, ObjectType.COMPANIES, ObjectType.DEALS)) {
                String prefix = type == ObjectType.CONTACTS ? "contact" : type == ObjectType.COMPANIES ? "company"
                        : "deal";
                for (String kind : List.of("creation", "deletion", "restore", "merge")) {
                    store.addSubscription(appId, prefix + "." + kind, null, true, now);
                    made++;
                }
                for (PropertyDef p : catalog.list(type)) {
                    if (made >= MAX_SUBSCRIPTIONS) {
                        break;
                    }
                    if (!p.readOnlyValue() && !UNSUBSCRIBABLE.contains(p.name())) {
                        store.addSubscription(appId, prefix + ".propertyChange", p.name(), true, now);
                        made++;
                    }
                }
            }
            return made;
        }
    }

    WebhookRoutes(WebhookStore store, WebhookDispatcher dispatcher, SandboxClock clock, Http http) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.http = http;
    }

    void register(Javalin app) {
        app.put(BASE + "/settings", this::putSettings);
        app.get(BASE + "/settings", ctx -> http.json(ctx, 200, render(store.settings(appId(ctx))
                .orElseThrow(() -> ApiException.notFound("No webhook settings for app " + appId(ctx))))));
        app.delete(BASE + "/settings", ctx -> {
            store.deleteSettings(appId(ctx));
            ctx.status(204);
        });
        app.post(BASE + "/subscriptions", this::create);
        app.get(BASE + "/subscriptions", ctx -> {
            ObjectNode out = http.mapper().createObjectNode();
            store.subscriptions(appId(ctx)).forEach(s -> out.withArray("results").add(render(s)));
            out.withArray("results");
            http.json(ctx, 200, out);
        });
        app.get(BASE + "/subscriptions/{id}", ctx -> http.json(ctx, 200, render(find(ctx))));
        app.patch(BASE + "/subscriptions/{id}", this::patch);
        app.delete(BASE + "/subscriptions/{id}", ctx -> {
            if (!store.deleteSubscription(appId(ctx), find(ctx).id())) {
                throw notFound(ctx);
            }
            ctx.status(204);
        });
        app.post(AdminRoutes.BASE + "/webhooks", this::chaos);
    }

    private void putSettings(Context ctx) {
        JsonNode body = http.body(ctx);
        String url = body.path("targetUrl").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiException.validation("targetUrl must be an http(s) URL, got \"" + url + "\"");
        }
        JsonNode throttling = body.path("throttling");
        int max = throttling.path("maxConcurrentRequests").asInt(10);
        if (max < 1) {
            throw ApiException.validation("throttling.maxConcurrentRequests must be positive");
        }
        String period = throttling.path("period").asText("SECONDLY");
        if (!List.of("SECONDLY", "ROLLING_MINUTE").contains(period)) {
            throw ApiException.validation("throttling.period must be SECONDLY or ROLLING_MINUTE");
        }
        long appId = appId(ctx);
        store.putSettings(appId, url, max, period, clock.now());
        http.json(ctx, 200, render(store.settings(appId).orElseThrow()));
    }

    private void create(Context ctx) {
        JsonNode body = http.body(ctx);
        String type = body.path("eventType").asText("");
        String[] parts = type.split("\\.", 2);
        if (parts.length != 2 || !OBJECTS.contains(parts[0]) || !KINDS.contains(parts[1])
                || (parts[1].equals("privacyDeletion") && !parts[0].equals("contact"))) {
            throw ApiException.validation("Unsupported eventType \"" + type + "\": the sandbox supports "
                    + "contact|company|deal .creation|.propertyChange|.deletion|.restore|.merge and contact.privacyDeletion");
        }
        String property = body.hasNonNull("propertyName") ? body.get("propertyName").asText() : null;
        if (parts[1].equals("propertyChange")) {
            if (property == null || property.isBlank()) {
                throw ApiException.validation("propertyName is required for " + type);
            }
            if (UNSUBSCRIBABLE.contains(property)) {
                throw ApiException.validation("Property " + property + " cannot be subscribed to");
            }
        } else {
            property = null;
        }
        long appId = appId(ctx);
        WebhookStore.Subscription s;
        synchronized (store) {
            if (store.subscriptions(appId).size() >= MAX_SUBSCRIPTIONS) {
                throw ApiException.validation("Couldn't create another subscription: the app already has "
                        + MAX_SUBSCRIPTIONS);
            }
            s = store.addSubscription(appId, type, property, body.path("active").asBoolean(false), clock.now());
        }
        http.json(ctx, 201, render(s));
    }

    private void patch(Context ctx) {
        JsonNode body = http.body(ctx);
        WebhookStore.Subscription s = find(ctx);
        if (!body.path("active").isBoolean()) {
            throw ApiException.validation("active (a boolean) is required");
        }
        store.setActive(s.appId(), s.id(), body.get("active").asBoolean(), clock.now());
        http.json(ctx, 200, render(find(ctx)));
    }

    private void chaos(Context ctx) {
        JsonNode body = http.body(ctx);
        double rate = body.path("duplicateRate").asDouble(0);
        if (rate < 0 || rate > 1) {
            throw ApiException.validation("duplicateRate must be between 0 and 1");
        }
        WebhookDispatcher.Chaos c = new WebhookDispatcher.Chaos(rate, body.path("shuffle").asBoolean(false),
                body.hasNonNull("seed") ? body.get("seed").asLong() : null);
        dispatcher.chaos(c);
        ObjectNode out = http.mapper().createObjectNode();
        out.put("duplicateRate", c.duplicateRate());
        out.put("shuffle", c.shuffle());
        if (c.seed() != null) {
            out.put("seed", c.seed());
        }
        http.json(ctx, 200, out);
    }

    private WebhookStore.Subscription find(Context ctx) {
        Long id = ObjectService.parseId(ctx.pathParam("id"));
        if (id == null) {
            throw notFound(ctx);
        }
        return store.subscription(appId(ctx), id).orElseThrow(() -> notFound(ctx));
    }

    private static ApiException notFound(Context ctx) {
        return ApiException.notFound("Subscription " + ctx.pathParam("id") + " not found");
    }

    private static long appId(Context ctx) {
        Long id = ObjectService.parseId(ctx.pathParam("appId"));
        if (id == null) {
            throw ApiException.validation("appId must be numeric");
        }
        return id;
    }

    private ObjectNode render(WebhookStore.Settings s) {
        ObjectNode out = http.mapper().createObjectNode();
        out.put("targetUrl", s.targetUrl());
        ObjectNode t = out.putObject("throttling");
        t.put("maxConcurrentRequests", s.maxConcurrentRequests());
        t.put("period", s.period());
        out.put("createdAt", RecordJson.iso(s.createdAt()));
        out.put("updatedAt", RecordJson.iso(s.updatedAt()));
        return out;
    }

    private ObjectNode render(WebhookStore.Subscription s) {
        ObjectNode out = http.mapper().createObjectNode();
        out.put("id", Long.toString(s.id()));
        out.put("eventType", s.eventType());
        if (s.propertyName() != null) {
            out.put("propertyName", s.propertyName());
        }
        out.put("active", s.active());
        out.put("createdAt", RecordJson.iso(s.createdAt()));
        out.put("updatedAt", RecordJson.iso(s.updatedAt()));
        return out;
    }
}
