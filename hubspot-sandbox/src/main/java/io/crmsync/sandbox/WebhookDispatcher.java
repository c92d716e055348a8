package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued webhook events (hubspot.md §B.8): every {@value #TICK_MILLIS} ms of real time it takes the events
 * due on the sandbox clock, POSTs them to the app's targetUrl as a JSON array of at most {@value #MAX_BATCH} events
 * (under 100), signed with the v3 signature, one request at a time. A connection failure, a timeout over 5 s or any
 * non-2xx answer reschedules the events with {@code attemptNumber + 1} after {@link #RETRY_DELAYS_MINUTES}
 * (10 retries, about 16 h in all); after the 10th retry they are dropped. Test modes: duplicate events (same
 * eventId) at {@code duplicateRate} and shuffled batch order, from a seeded random.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final int MAX_BATCH = 99;
    static final long TICK_MILLIS = 50;
    /** Delay before retry n (1-based), in minutes: fixed, not randomised, so tests can advance the clock exactly. */
    static final long[] RETRY_DELAYS_MINUTES = {1, 2, 4, 8, 16, 32, 60, 120, 240, 480};

    /** Chaos modes for tests, set through {@code POST /_sandbox/webhooks}. */
    record Chaos(double duplicateRate, boolean shuffle, Long seed) {
        static final Chaos NONE = new Chaos(0, false, null);
    }

    private final WebhookStore store;
    private final SandboxClock clock;
    private final String secret;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private volatile Chaos chaos = Chaos.NONE;
    private volatile Random random = new Random();

    WebhookDispatcher(WebhookStore store, SandboxClock clock, String secret, ObjectMapper mapper) {
        this.store = store;
        this.clock = clock;
        this.secret = secret;
        this.mapper = mapper;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void chaos(Chaos value) {
        random = value.seed() == null ? new Random() : new Random(value.seed());
        chaos = value;
    }

    Chaos chaos() {
        return chaos;
    }

    private void tick() {
        try {
            for (int i = 0; i < 50; i++) { // bounded so a stop() is noticed
                List<WebhookStore.Pending> due = store.due(clock.now(), MAX_BATCH);
                if (due.isEmpty() || !deliver(due)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook dispatch failed", e);
        }
    }

    /** Sends one batch; true when it was accepted. */
    private boolean deliver(List<WebhookStore.Pending> due) {
        long appId = due.get(0).appId();
        Instant now = clock.now();
        WebhookStore.Settings settings = store.settings(appId).orElse(null);
        if (settings == null) { // settings deleted: nowhere to send, drop
            due.forEach(p -> store.delivered(p.eventId()));
            return true;
        }
        List<ObjectNode> events = new ArrayList<>();
        Chaos c = chaos;
        for (WebhookStore.Pending p : due) {
            ObjectNode e = event(p);
            events.add(e);
            if (c.duplicateRate() > 0 && random.nextDouble() < c.duplicateRate()) {
                events.add(e.deepCopy());
            }
        }
        if (c.shuffle()) {
            Collections.shuffle(events, random);
        }
        boolean ok = true;
        for (int from = 0; from < events.size(); from += MAX_BATCH) { // duplicates may overflow one batch
            ArrayNode body = mapper.createArrayNode();
            events.subList(from, Math.min(events.size(), from + MAX_BATCH)).forEach(body::add);
            ok &= post(settings.targetUrl(), body.toString(), now);
        }
        for (WebhookStore.Pending p : due) {
            if (ok) {
                store.delivered(p.eventId());
            } else if (p.attempt() >= RETRY_DELAYS_MINUTES.length) {
                LOG.info("webhook event {} dropped after {} retries", p.eventId(), p.attempt());
                store.delivered(p.eventId());
            } else {
                store.reschedule(p.eventId(), p.attempt() + 1,
                        now.plus(Duration.ofMinutes(RETRY_DELAYS_MINUTES[p.attempt()])));
            }
        }
        return ok;
    }

    private ObjectNode event(WebhookStore.Pending p) {
        try {
            ObjectNode stored = (ObjectNode) mapper.readTree(p.payload());
            ObjectNode e = mapper.createObjectNode();
            e.put("eventId", p.eventId());
            e.setAll(stored);
            e.put("attemptNumber", p.attempt());
            return e;
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private boolean post(String targetUrl, String body, Instant now) {
        String timestamp = Long.toString(now.toEpochMilli());
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(targetUrl)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-HubSpot-Signature-v3", signV3(secret, "POST", targetUrl, body, timestamp))
                    .header("X-HubSpot-Request-Timestamp", timestamp)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300;
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.debug("webhook POST to {} failed: {}", targetUrl, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * base64(HMAC-SHA256(secret, method + uri + body + timestamp)), with the §B.8 percent-escapes in the uri
     * query decoded first.
     */
    static String signV3(String secret, String method, String uri, String body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((method + decodeUri(uri) + body + timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String decodeUri(String uri) {
        String[][] escapes = {{"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
            {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};
        int q = uri.indexOf('?');
        if (q < 0) {
            return uri;
        }
        String out = uri.substring(q);
        for (String[] e : escapes) {
            out = out.replace(e[0], e[1]).replace(e[0].toLowerCase(java.util.Locale.ROOT), e[1]);
        }
        return uri.substring(0, q) + out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(6, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
