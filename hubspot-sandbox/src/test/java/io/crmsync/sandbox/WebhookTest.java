package io.crmsync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks v3 (hubspot.md §B.8) over raw HTTP, delivered to a real JDK HttpServer receiver. */
class WebhookTest extends SandboxTestBase {
    static final String APP = "/webhooks/v3/777";
    record Delivery(String uri, String body, String signature, String timestamp, JsonNode events) {
    }

    HttpServer receiver;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String uri = "http://127.0.0.1:" + receiver.getAddress().getPort() + ex.getRequestURI();
            deliveries.add(new Delivery(uri, body, ex.getRequestHeaders().getFirst("X-HubSpot-Signature-v3"),
                    ex.getRequestHeaders().getFirst("X-HubSpot-Request-Timestamp"), MAPPER.readTree(body)));
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    String target() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?app=777";
    }

    void configure(String... subscriptions) {
        Response s = call("PUT", APP + "/settings", "{\"targetUrl\":\"" + target()
                + "\",\"throttling\":{\"maxConcurrentRequests\":10,\"period\":\"SECONDLY\"}}");
        assertEquals(200, s.status(), s.raw().body());
        for (String sub : subscriptions) {
            Response r = post(APP + "/subscriptions", sub);
            assertEquals(201, r.status(), r.raw().body());
        }
    }

    List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        deliveries.forEach(d -> d.events().forEach(out::add));
        return out;
    }

    void await(Predicate<List<JsonNode>> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!done.test(events())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out; got " + events());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void subscriptionCrudRoundTripsAndValidates() {
        Response created = post(APP + "/subscriptions", "{\"eventType\":\"deal.propertyChange\","
                + "\"propertyName\":\"amount\"}");
        assertEquals(201, created.status());
        assertFalse(created.json().get("active").asBoolean(), "new subscriptions start paused");
        String id = created.json().get("id").asText();
        assertEquals("amount", get(APP + "/subscriptions/" + id).json().get("propertyName").asText());
        assertEquals(1, get(APP + "/subscriptions").json().get("results").size());
        assertEquals(0, get("/webhooks/v3/778/subscriptions").json().get("results").size());
        Response patched = call("PATCH", APP + "/subscriptions/" + id, "{\"active\":true}");
        assertTrue(patched.json().get("active").asBoolean());
        assertEquals(400, post(APP + "/subscriptions", "{\"eventType\":\"contact.propertyChange\"}").status());
        assertEquals(400, post(APP + "/subscriptions", "{\"eventType\":\"contact.propertyChange\","
                + "\"propertyName\":\"hs_lastmodifieddate\"}").status());
        assertEquals(400, post(APP + "/subscriptions", "{\"eventType\":\"contact.teleport\"}").status());
        assertEquals(204, call("DELETE", APP + "/subscriptions/" + id, null).status());
        assertEquals(404, get(APP + "/subscriptions/" + id).status());
        assertEquals(404, get(APP + "/settings").status());
        configure();
        assertEquals(target(), get(APP + "/settings").json().get("targetUrl").asText());
    }

    @Test
    void createDeliversContactCreationWithValidV3Signature() throws Exception {
        configure("{\"eventType\":\"contact.creation\",\"active\":true}");
        String id = createContact("a@example.com");
        await(e -> e.size() == 1);
        Delivery d = deliveries.get(0);
        JsonNode e = d.events().get(0);
        assertEquals("contact.creation", e.get("subscriptionType").asText());
        assertEquals(id, e.get("objectId").asText());
        assertEquals(777, e.get("appId").asLong());
        assertEquals(0, e.get("attemptNumber").asInt());
        assertEquals(clock.now().toEpochMilli(), e.get("occurredAt").asLong());
        for (String f : new String[] {"eventId", "subscriptionId", "portalId", "changeSource"}) {
            assertTrue(e.hasNonNull(f), f);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("sandbox-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal(("POST" + d.uri() + d.body() + d.timestamp()).getBytes(StandardCharsets.UTF_8));
        assertTrue(MessageDigest.isEqual(expected, Base64.getDecoder().decode(d.signature())), "v3 signature");
        assertEquals(clock.now().toEpochMilli(), Long.parseLong(d.timestamp()));
    }

    @Test
    void propertyChangeOnlyForTheSubscribedProperty() throws Exception {
        configure("{\"eventType\":\"contact.propertyChange\",\"propertyName\":\"firstname\",\"active\":true}",
                "{\"eventType\":\"company.deletion\",\"active\":true}");
        String id = createContact("p@example.com");
        assertEquals(200, call("PATCH", "/crm/v3/objects/contacts/" + id,
                "{\"properties\":{\"firstname\":\"Ada\",\"lastname\":\"Lovelace\"}}").status());
        await(e -> e.size() == 1);
        Thread.sleep(300);
        assertEquals(1, events().size(), events().toString());
        JsonNode e = events().get(0);
        assertEquals("contact.propertyChange", e.get("subscriptionType").asText());
        assertEquals("firstname", e.get("propertyName").asText());
        assertEquals("Ada", e.get("propertyValue").asText());
    }

    @Test
    void gdprDeleteAndRestore_fireTheirEvents() throws Exception {
        configure("{\"eventType\":\"contact.privacyDeletion\",\"active\":true}",
                "{\"eventType\":\"contact.deletion\",\"active\":true}",
                "{\"eventType\":\"contact.restore\",\"active\":true}");
        assertEquals(400, post(APP + "/subscriptions", "{\"eventType\":\"company.privacyDeletion\"}").status());
        String restored = createContact("restored@example.com");
        String purged = createContact("purged@example.com");
        assertEquals(204, call("DELETE", "/crm/v3/objects/contacts/" + restored, null).status());
        assertEquals(200, post("/_sandbox/objects/contacts/" + restored + "/restore", "{}").status());
        assertEquals(204, post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + purged + "\"}")
                .status());
        await(e -> e.size() == 4);
        List<String> seen = events().stream().map(e -> e.get("subscriptionType").asText() + " "
                + e.get("objectId").asText()).sorted().toList();
        assertEquals(java.util.stream.Stream.of("contact.deletion " + purged, "contact.deletion " + restored,
                "contact.privacyDeletion " + purged, "contact.restore " + restored).sorted().toList(), seen);
    }

    @Test
    void batchCreateOf250DeliversInBatchesUnder100() throws Exception {
        configure("{\"eventType\":\"contact.creation\",\"active\":true}");
        for (int b = 0; b < 3; b++) {
            StringBuilder inputs = new StringBuilder();
            for (int i = 0; i < (b < 2 ? 100 : 50); i++) {
                inputs.append(inputs.length() == 0 ? "" : ",").append("{\"properties\":{\"email\":\"c")
                        .append(b).append('-').append(i).append("@example.com\"}}");
            }
            assertEquals(201, post("/crm/v3/objects/contacts/batch/create", "{\"inputs\":[" + inputs + "]}").status());
        }
        await(e -> e.size() >= 250);
        assertEquals(250, events().stream().map(e -> e.get("objectId").asLong()).distinct().count());
        assertTrue(deliveries.size() >= 3);
        deliveries.forEach(d -> assertTrue(d.events().size() < 100, "batch of " + d.events().size()));
    }

    @Test
    void failingTargetIsRetriedWithIncreasingAttemptNumberAfterClockAdvance() throws Exception {
        configure("{\"eventType\":\"deal.creation\",\"active\":true}");
        failuresLeft.set(2);
        assertEquals(201, post("/crm/v3/objects/deals", "{\"properties\":{\"dealname\":\"D\"}}").status());
        await(e -> e.size() == 1);
        Thread.sleep(300);
        assertEquals(1, events().size(), "not retried before the clock moves");
        assertEquals(200, post("/_sandbox/clock", "{\"advanceMillis\":60000}").status());
        await(e -> e.size() == 2);
        assertEquals(200, post("/_sandbox/clock", "{\"advanceMillis\":120000}").status());
        await(e -> e.size() == 3);
        Thread.sleep(300);
        List<JsonNode> all = events();
        assertEquals(3, all.size(), "delivered on the third attempt, then no more");
        for (int i = 0; i < 3; i++) {
            assertEquals(i, all.get(i).get("attemptNumber").asInt());
            assertEquals(all.get(0).get("eventId"), all.get(i).get("eventId"));
        }
    }

    @Test
    void failingTargetIsRetriedTenTimesWithinADayThenDropped() throws Exception {
        configure("{\"eventType\":\"contact.creation\",\"active\":true}");
        failuresLeft.set(1_000); // the target answers 500 to every delivery
        String id = createContact("r@example.com");
        await(e -> e.size() == 1);
        long[] delaysMinutes = {1, 2, 4, 8, 16, 32, 60, 120, 240, 480};
        long total = 0;
        for (int retry = 1; retry <= delaysMinutes.length; retry++) {
            // One millisecond short of the delay: not yet.
            assertEquals(200, post("/_sandbox/clock", "{\"advanceMillis\":" + (delaysMinutes[retry - 1] * 60_000 - 1)
                    + "}").status());
            Thread.sleep(150);
            assertEquals(retry, events().size(), "retry " + retry + " before its delay");
            assertEquals(200, post("/_sandbox/clock", "{\"advanceMillis\":1}").status());
            int expected = retry + 1;
            await(e -> e.size() == expected);
            total += delaysMinutes[retry - 1];
        }
        assertTrue(total < 24 * 60, "ten retries within 24 h, took " + total + " min");
        assertEquals(200, post("/_sandbox/clock", "{\"advanceMillis\":86400000}").status());
        Thread.sleep(300);
        List<JsonNode> all = events();
        assertEquals(11, all.size(), "the first attempt and 10 retries, then dropped");
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).get("attemptNumber").asInt());
            assertEquals(all.get(0).get("eventId"), all.get(i).get("eventId"));
            assertEquals(id, all.get(i).get("objectId").asText());
        }
    }

    @Test
    void duplicatesAndShuffleWhenEnabled() throws Exception {
        Response chaos = post("/_sandbox/webhooks", "{\"duplicateRate\":1.0,\"shuffle\":true,\"seed\":7}");
        assertEquals(200, chaos.status());
        configure("{\"eventType\":\"company.creation\",\"active\":true}");
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"properties\":{\"name\":\"Co").append(i).append("\"}}");
        }
        assertEquals(201, post("/crm/v3/objects/companies/batch/create", "{\"inputs\":[" + inputs + "]}").status());
        await(e -> e.size() >= 40);
        List<JsonNode> all = events();
        assertEquals(40, all.size());
        assertEquals(20, all.stream().map(e -> e.get("eventId").asLong()).distinct().count());
        List<Long> order = all.stream().map(e -> e.get("objectId").asLong()).distinct().toList();
        assertFalse(order.equals(order.stream().sorted().toList()), "shuffled, not in creation order: " + order);
        deliveries.forEach(d -> assertTrue(d.events().size() < 100));
    }

    @Test
    void batchArchiveDeliversDeletionAndRolledBackBatchDeliversNothing() throws Exception {
        configure("{\"eventType\":\"contact.creation\",\"active\":true}",
                "{\"eventType\":\"contact.deletion\",\"active\":true}");
        String id = createContact("x@example.com");
        Response dup = post("/crm/v3/objects/contacts/batch/create", "{\"inputs\":[{\"properties\":{\"email\":"
                + "\"y@example.com\"}},{\"properties\":{\"email\":\"x@example.com\"}}]}");
        assertEquals(409, dup.status(), dup.raw().body());
        assertEquals(204, post("/crm/v3/objects/contacts/batch/archive", "{\"inputs\":[{\"id\":\"" + id + "\"}]}")
                .status());
        await(e -> e.size() == 2);
        Thread.sleep(300);
        List<JsonNode> all = events();
        assertEquals(List.of("contact.creation", "contact.deletion"),
                all.stream().map(e -> e.get("subscriptionType").asText()).sorted().toList());
        all.forEach(e -> assertEquals(id, e.get("objectId").asText()));
    }
}
