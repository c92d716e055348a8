package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.crmsync.api.AppSettings;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import io.crmsync.connector.hubspot.HubSpotConnectorFactory;
import io.crmsync.connector.hubspot.WebhookSignature;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxServer;
import io.crmsync.testkit.InMemoryConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field case C-08, webhook variant, against the real sandbox over HTTP: B (HubSpot, the sandbox) gets a new contact
 * b9 and an update of it 5 ms later; the sandbox delivers its {@code contact.creation} and
 * {@code contact.propertyChange} webhooks (v3-signed, every event duplicated, batches shuffled) to a JDK HttpServer
 * in this test, which verifies each delivery's signature and starts one incremental run per event, each on its own
 * thread, all at once. A (in-memory, emails not unique, slow creates) must end with exactly one contact, linked
 * once, and every run must succeed: the runs queue on the object sync's run lease (without it, the parallel runs
 * plan the same create and all but one fail on the links table's unique index).
 */
class WebhookRaceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String APP_ID = "4242";
    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private String baseUrl;
    private HttpServer receiver;
    private final ExecutorService runs = Executors.newCachedThreadPool();
    private final List<Future<?>> started = new CopyOnWriteArrayList<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<WebhookSignature.Result> verdicts = new CopyOnWriteArrayList<>();
    private final AtomicInteger inRun = new AtomicInteger();
    private final AtomicInteger mostInRun = new AtomicInteger();

    @BeforeEach
    void start() {
        sandbox = SandboxServer.start(0, dir.resolve("sandbox"), SandboxServer.Options.defaults()
                .withRateLimiter(clock -> new RollingWindowRateLimiter(clock, 100_000, 10_000, 100_000_000)));
        baseUrl = "http://127.0.0.1:" + sandbox.port();
    }

    @AfterEach
    void stop() {
        runs.shutdownNow();
        if (receiver != null) {
            receiver.stop(0);
        }
        sandbox.close();
    }

    @Test
    @Timeout(120)
    @DisplayName("C-08 webhook variant: created(b9) and updated(b9) delivered twice, out of order, runs in parallel: one A contact")
    void createdAndUpdatedWebhooks_parallelIncrementalRuns_oneContactInA() throws Exception {
        ObjectSchema schemaA = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("lastname", PropertyType.STRING)));
        InMemoryConnector memory = new InMemoryConnector("a", List.of(schemaA));
        // A's creates take a while, as a remote app's do: the window in which a second run could plan the same one.
        Connector a = new SlowCreates(memory, 300);
        Connector hub = new HubSpotConnectorFactory().open(new AppSettings("hubspot", "hubspot",
                Map.of("token", SandboxServer.DEFAULT_TOKEN, "baseUrl", baseUrl, "indexingLagMs", "0"),
                Set.of(SandboxServer.DEFAULT_TOKEN)));
        ObjectSyncSettings settings = settings(schemaA, hub.schema("contacts"));
        WebhookSignature verifier = new WebhookSignature(SandboxServer.Options.DEFAULT_WEBHOOK_SECRET);
        try (StateStore store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null)) {
            RunOptions options = RunOptions.defaults().withBackoff(1, 50);
            // The initial sync of two empty apps: from here on, runs are incremental.
            assertThat(new ObjectSyncRunner(settings, a, hub, store, options, null).run().counts().writes()).isZero();

            startReceiver(verifier, () -> {
                int now = inRun.incrementAndGet();
                mostInRun.accumulateAndGet(now, Math::max);
                try {
                    new ObjectSyncRunner(settings, a, hub, store, options, null).run();
                } finally {
                    inRun.decrementAndGet();
                }
            });
            call("POST", "/_sandbox/webhooks", "{\"duplicateRate\":1.0,\"shuffle\":true,\"seed\":9}", 200);
            call("PUT", "/webhooks/v3/" + APP_ID + "/settings", "{\"targetUrl\":\"http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hubspot?app=" + APP_ID + "&x=%3A\",\"throttling\":"
                    + "{\"maxConcurrentRequests\":10,\"period\":\"SECONDLY\"}}", 200);
            call("POST", "/webhooks/v3/" + APP_ID + "/subscriptions", "{\"eventType\":\"contact.creation\","
                    + "\"active\":true}", 201);
            call("POST", "/webhooks/v3/" + APP_ID + "/subscriptions", "{\"eventType\":\"contact.propertyChange\","
                    + "\"propertyName\":\"firstname\",\"active\":true}", 201);

            String b9 = call("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":"
                    + "\"river.chen@example.net\",\"firstname\":\"River\"}}", 201).path("id").asText();
            sleep(5);
            call("PATCH", "/crm/v3/objects/contacts/" + b9, "{\"properties\":{\"firstname\":\"Rivers\"}}", 200);

            long deadline = System.currentTimeMillis() + 20_000;
            while (started.size() < 4 && System.currentTimeMillis() < deadline) {
                sleep(20);
            }
            assertThat(events.stream().map(e -> e.path("subscriptionType").asText()).distinct())
                    .containsExactlyInAnyOrder("contact.creation", "contact.propertyChange");
            assertThat(started).as("one run per event delivered (each event twice)").hasSize(4);
            List<String> failures = new ArrayList<>();
            for (Future<?> run : started) {
                try {
                    run.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            assertThat(verdicts).isNotEmpty().containsOnly(WebhookSignature.Result.VALID);
            assertThat(mostInRun.get()).as("runs in parallel").isGreaterThanOrEqualTo(2);

            Map<String, Record> inA = memory.records("contacts");
            assertThat(inA).as("contacts in A").hasSize(1);
            assertThat(inA.values().iterator().next().get("email")).isEqualTo("river.chen@example.net");
            assertThat(inA.values().iterator().next().get("firstname")).isEqualTo("Rivers");
            long os = store.objectSyncId("a-hubspot", "contacts", "contacts", "contacts");
            assertThat(store.runs().stateCounts(os)).as("links").isEqualTo(Map.of("SYNCING", Map.of("", 1)));
            assertThat(store.links().all(os).get(Side.B)).containsOnlyKeys(b9);
            assertThat(failures).as("runs that failed").isEmpty();
            assertThat(new ObjectSyncRunner(settings, a, hub, store, options, null).run().counts().writes())
                    .as("a later run").isZero();
        } finally {
            hub.close();
        }
    }

    /** A webhook receiver: verifies the v3 signature, ACKs at once, then starts one run per event. */
    private void startReceiver(WebhookSignature verifier, Runnable run) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hubspot", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = "http://127.0.0.1:" + receiver.getAddress().getPort() + ex.getRequestURI();
            WebhookSignature.Result verdict = verifier.verify(ex.getRequestMethod(), uri, body,
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            verdicts.add(verdict);
            if (!verdict.valid()) {
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            List<JsonNode> delivered = new ArrayList<>();
            JSON.readTree(body).forEach(delivered::add);
            ex.sendResponseHeaders(204, -1);
            ex.close();
            events.addAll(delivered);
            List<Future<?>> batch = new ArrayList<>();
            for (int i = 0; i < delivered.size(); i++) {
                batch.add(runs.submit(run));
            }
            started.addAll(batch);
        });
        receiver.start();
    }

    private static ObjectSyncSettings settings(ObjectSchema a, ObjectSchema hub) {
        List<FieldMapping> mappings = new ArrayList<>();
        for (String p : List.of("email", "firstname", "lastname")) {
            mappings.add(new FieldMapping(a.property(p).orElseThrow(), hub.property(p).orElseThrow(),
                    Direction.TWO_WAY, true, p.equals("email") ? KeyKind.EMAIL : null));
        }
        return new ObjectSyncSettings("a-hubspot", "contacts", "a", "hubspot", a, hub, Direction.TWO_WAY, Side.B,
                true, List.of(new MatchStage("email", "email", KeyKind.EMAIL)), Filter.NONE, Filter.NONE, false,
                Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP), mappings, false, ValueCodec.utc(),
                Set.of());
    }

    /** An app whose creates start 300 ms after they are asked for (without holding the app's lock meanwhile). */
    private static final class SlowCreates implements Connector {
        private final InMemoryConnector app;
        private final long delayMs;

        SlowCreates(InMemoryConnector app, long delayMs) {
            this.app = app;
            this.delayMs = delayMs;
        }

        @Override
        public List<WriteResult> write(String objectType, List<WriteOperation> operations) {
            if (operations.stream().anyMatch(op -> op.kind() == WriteOperation.Kind.CREATE)) {
                sleep(delayMs);
            }
            return app.write(objectType, operations);
        }

        @Override
        public ConnectorInfo info() {
            return app.info();
        }

        @Override
        public void check() {
            app.check();
        }

        @Override
        public ObjectSchema schema(String objectType) {
            return app.schema(objectType);
        }

        @Override
        public Checkpoint checkpoint(String objectType) {
            return app.checkpoint(objectType);
        }

        @Override
        public RecordPage readAll(String objectType, String pageToken, int pageSize) {
            return app.readAll(objectType, pageToken, pageSize);
        }

        @Override
        public ChangePage readChanges(String objectType, Checkpoint since, String pageToken, int pageSize) {
            return app.readChanges(objectType, since, pageToken, pageSize);
        }

        @Override
        public List<Record> readByIds(String objectType, Collection<String> ids) {
            return app.readByIds(objectType, ids);
        }

        @Override
        public List<Record> findByIdentifier(String objectType, String property, Collection<String> values) {
            return app.findByIdentifier(objectType, property, values);
        }

        @Override
        public void close() {
            app.close();
        }
    }

    private JsonNode call(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
