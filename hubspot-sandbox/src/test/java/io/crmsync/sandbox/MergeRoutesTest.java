package io.crmsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /crm/v3/objects/{t}/merge} (hubspot.md §B.3, §B.11) over raw HTTP, with its webhook delivered. */
class MergeRoutesTest extends SandboxTestBase {
    static final String APP = "/webhooks/v3/777";
    static final String PRIMARY = "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]";

    HttpServer receiver;
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            MAPPER.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .forEach(events::add);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    String contact(String email, String first, String city) {
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"" + email + "\",\"firstname\":"
                + (first == null ? "null" : "\"" + first + "\"") + ",\"city\":" + (city == null ? "null" : "\""
                + city + "\"") + "}}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    String company(String name) {
        Response r = post("/crm/v3/objects/companies", "{\"properties\":{\"name\":\"" + name + "\"}}");
        return r.json().get("id").asText();
    }

    Response merge(String type, String primary, String merged) {
        return post("/crm/v3/objects/" + type + "/merge", "{\"primaryObjectId\":\"" + primary
                + "\",\"objectIdToMerge\":\"" + merged + "\"}");
    }

    /** typeIds of the associations from a record to one other record. */
    List<Integer> types(String from, String id, String to, String toId) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : get("/crm/v4/objects/" + from + "/" + id + "/associations/" + to).json().get("results")) {
            if (item.get("toObjectId").asText().equals(toId)) {
                item.get("associationTypes").forEach(t -> out.add(t.get("typeId").asInt()));
            }
        }
        return out;
    }

    @Test
    void mergeContacts_primaryWins_emptyFilled_associationsMove_mergedGone_webhookSent() throws Exception {
        assertThat(call("PUT", APP + "/settings", "{\"targetUrl\":\"http://127.0.0.1:" + receiver.getAddress()
                .getPort() + "/hook\",\"throttling\":{\"maxConcurrentRequests\":10}}").status()).isEqualTo(200);
        assertThat(post(APP + "/subscriptions", "{\"eventType\":\"contact.merge\",\"active\":true}").status())
                .isEqualTo(201);
        String primary = contact("ann@example.com", "Ann", null);
        String merged = contact("anne@example.com", "Anne", "Paris");
        String acme = company("Acme");
        String beta = company("Beta");
        assertThat(call("PUT", "/crm/v4/objects/contacts/" + primary + "/associations/companies/" + acme, PRIMARY)
                .status()).isEqualTo(201);
        assertThat(call("PUT", "/crm/v4/objects/contacts/" + merged + "/associations/companies/" + beta, PRIMARY)
                .status()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(5));

        Response r = merge("contacts", primary, merged);

        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(primary);
        JsonNode p = get("/crm/v3/objects/contacts/" + primary
                + "?properties=email,firstname,city,hs_merged_object_ids,lastmodifieddate").json().get("properties");
        assertThat(p.get("email").asText()).isEqualTo("ann@example.com");
        assertThat(p.get("firstname").asText()).isEqualTo("Ann");
        assertThat(p.get("city").asText()).as("filled from the merged record").isEqualTo("Paris");
        assertThat(p.get("hs_merged_object_ids").asText()).isEqualTo(merged);
        assertThat(p.get("lastmodifieddate").asText()).isEqualTo(RecordJson.iso(clock.now()));
        assertThat(get("/crm/v3/objects/contacts/" + merged).status()).isEqualTo(404);
        assertThat(get("/crm/v3/objects/contacts/" + merged + "?archived=true").status()).isEqualTo(404);
        assertThat(types("contacts", primary, "companies", acme)).containsExactlyInAnyOrder(1, 279);
        assertThat(types("contacts", primary, "companies", beta)).as("one primary company: Beta arrives unlabeled")
                .containsExactly(279);
        assertThat(types("companies", beta, "contacts", primary)).containsExactly(280);
        assertThat(get("/crm/v4/objects/companies/" + beta + "/associations/contacts").json().get("results")
                .toString()).doesNotContain("\"toObjectId\":" + merged);
        long deadline = System.currentTimeMillis() + 10_000;
        while (events.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).hasSize(1);
        JsonNode e = events.get(0);
        assertThat(e.get("subscriptionType").asText()).isEqualTo("contact.merge");
        assertThat(e.get("primaryObjectId").asText()).isEqualTo(primary);
        assertThat(e.get("mergedObjectIds").toString()).isEqualTo("[" + merged + "]");
        assertThat(e.get("newObjectId").asText()).isEqualTo(primary);
        assertThat(e.get("numberOfPropertiesMoved").asInt()).isEqualTo(1);
    }

    @Test
    void mergeTwice_mergedIdsAccumulate_andTheEmailOfTheMergedContactIsFreeAgain() {
        String a = contact("a@example.com", "A", null);
        String b = contact("b@example.com", "B", null);
        String c = contact("c@example.com", "C", null);
        assertThat(merge("contacts", b, c).status()).isEqualTo(200);

        assertThat(merge("contacts", a, b).status()).isEqualTo(200);

        assertThat(get("/crm/v3/objects/contacts/" + a + "?properties=hs_merged_object_ids").json()
                .get("properties").get("hs_merged_object_ids").asText()).isEqualTo(b + ";" + c);
        assertThat(post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"b@example.com\"}}").status())
                .isEqualTo(201);
    }

    @Test
    void mergeDealsCompaniesTickets_supported_productsAndBadInputRefused() {
        for (String type : new String[] {"deals", "companies", "tickets"}) {
            String x = post("/crm/v3/objects/" + type, "{\"properties\":{}}").json().get("id").asText();
            String y = post("/crm/v3/objects/" + type, "{\"properties\":{}}").json().get("id").asText();
            assertThat(merge(type, x, y).status()).as(type).isEqualTo(200);
            assertThat(get("/crm/v3/objects/" + type + "/" + y).status()).isEqualTo(404);
        }
        String p1 = post("/crm/v3/objects/products", "{\"properties\":{\"name\":\"P\"}}").json().get("id").asText();
        String p2 = post("/crm/v3/objects/products", "{\"properties\":{\"name\":\"Q\"}}").json().get("id").asText();
        assertThat(merge("products", p1, p2).status()).isEqualTo(400);
        String a = contact("x@example.com", "X", null);
        assertThat(merge("contacts", a, a).status()).isEqualTo(400);
        assertThat(merge("contacts", a, "999999").status()).isEqualTo(404);
        assertThat(post("/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\"" + a + "\"}").status())
                .isEqualTo(400);
    }
}
