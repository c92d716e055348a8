package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.AppSettings;
import io.crmsync.api.Connector;
import io.crmsync.sandbox.SandboxServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A HubSpot sandbox on an ephemeral port with its state in a temp directory, plus direct HTTP helpers that change
 * it as a user would (bypassing the connector). Not thread-safe; one per test.
 */
final class Sandbox implements AutoCloseable {
    static final String TOKEN = SandboxServer.DEFAULT_TOKEN;
    private final SandboxServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    Sandbox(Path dir) {
        this(dir, SandboxServer.Options.defaults());
    }

    Sandbox(Path dir, SandboxServer.Options options) {
        server = SandboxServer.start(0, dir, options);
    }

    /** The server, for its request and 429 counters. */
    SandboxServer server() {
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A connector for this sandbox with the given extra settings (token and baseUrl are set here). */
    Connector open(Map<String, Object> extra) {
        return open(TOKEN, extra);
    }

    Connector open(String token, Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(extra);
        values.put("token", token);
        values.putIfAbsent("baseUrl", baseUrl());
        return new HubSpotConnectorFactory().open(new AppSettings("hs", "hubspot", values, Set.of(token)));
    }

    /** Creates a record by {@code POST /crm/v3/objects/{type}} and returns its id. */
    String insert(String type, Map<String, String> properties) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode props = body.putObject("properties");
        properties.forEach(props::put);
        return call("POST", "/crm/v3/objects/" + type, body, 201).path("id").asText();
    }

    /**
     * Creates a custom property by {@code POST /crm/v3/properties/{type}} (hubspot.md §B.6), e.g. a
     * number/number {@code seats} in group {@code contactinformation}.
     */
    void createProperty(String type, String name, String label, String propertyType, String fieldType) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", name).put("label", label).put("type", propertyType).put("fieldType", fieldType)
                .put("groupName", type.replaceAll("s$", "") + "information");
        call("POST", "/crm/v3/properties/" + type, body, 201);
    }

    /** Sets one property by {@code PATCH}, which moves the record's last-modified date. */
    void update(String type, String id, String property, String value) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("properties").put(property, value == null ? "" : value);
        call("PATCH", "/crm/v3/objects/" + type + "/" + id, body, 200);
    }

    /** Archives by {@code DELETE} (HubSpot has no hard delete in the objects API). */
    void delete(String type, String id) {
        call("DELETE", "/crm/v3/objects/" + type + "/" + id, null, 204);
    }

    /** Archives up to 100 records in one {@code batch/archive} call (hubspot.md §B.3). */
    void archive(String type, List<String> ids) {
        ObjectNode body = mapper.createObjectNode();
        var inputs = body.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        call("POST", "/crm/v3/objects/" + type + "/batch/archive", body, 204);
    }

    /** Deletes a contact for good by {@code POST /crm/v3/objects/contacts/gdpr-delete} (hubspot.md §B.4). */
    void gdprDelete(String id) {
        call("POST", "/crm/v3/objects/contacts/gdpr-delete", mapper.createObjectNode().put("objectId", id), 204);
    }

    /** Brings an archived record back with its old id, as HubSpot's recycle bin does (sandbox admin route). */
    void restore(String type, String id) {
        call("POST", "/_sandbox/objects/" + type + "/" + id + "/restore", mapper.createObjectNode(), 200);
    }

    /** Seeds {@code count} contacts {@code seed<i>@example.com} at once by {@code POST /_sandbox/seed}. */
    List<String> seedContacts(int count) {
        ObjectNode body = mapper.createObjectNode();
        var arr = body.putArray("contacts");
        for (int i = 1; i <= count; i++) {
            arr.addObject().put("email", "seed" + i + "@example.com").put("firstname", "Seed" + i);
        }
        List<String> ids = new ArrayList<>();
        call("POST", "/_sandbox/seed", body, 201).path("contacts").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** Creates active owners by {@code POST /_sandbox/owners} and returns their owner ids, in order. */
    List<String> createOwners(String... emails) {
        ObjectNode body = mapper.createObjectNode();
        var arr = body.putArray("owners");
        for (String e : emails) {
            arr.addObject().put("email", e);
        }
        List<String> ids = new ArrayList<>();
        call("POST", "/_sandbox/owners", body, 201).path("ids").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** Deactivates an owner (HubSpot: the user is deactivated) by {@code PATCH /_sandbox/owners/{id}}. */
    void deactivateOwner(String ownerId) {
        call("PATCH", "/_sandbox/owners/" + ownerId, mapper.createObjectNode().put("archived", true), 200);
    }

    /** API requests the sandbox has answered so far (admin calls aside). */
    long requests() {
        return server.requestCount();
    }

    /** Makes {@code companyId} the primary company of contact {@code contactId} (v4, typeId 1). */
    void makePrimary(String contactId, String companyId) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode in = body.putArray("inputs").addObject();
        in.putObject("from").put("id", contactId);
        in.putObject("to").put("id", companyId);
        in.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId", 1);
        call("POST", "/crm/v4/associations/contacts/companies/batch/create", body, 201);
    }

    /** Associates {@code fromId} with each of {@code toIds} by v4 {@code batch/associate/default}, 100 per call. */
    void associate(String fromType, String fromId, String toType, List<String> toIds) {
        for (int i = 0; i < toIds.size(); i += 100) {
            ObjectNode body = mapper.createObjectNode();
            var inputs = body.putArray("inputs");
            for (String to : toIds.subList(i, Math.min(toIds.size(), i + 100))) {
                ObjectNode in = inputs.addObject();
                in.putObject("from").put("id", fromId);
                in.putObject("to").put("id", to);
            }
            call("POST", "/crm/v4/associations/" + fromType + "/" + toType + "/batch/associate/default", body, 200);
        }
    }

    /** Removes every association of {@code fromId} with each of {@code toIds} by v4 {@code batch/archive}. */
    void dissociate(String fromType, String fromId, String toType, List<String> toIds) {
        if (toIds.isEmpty()) {
            return;
        }
        ObjectNode body = mapper.createObjectNode();
        ObjectNode in = body.putArray("inputs").addObject();
        in.putObject("from").put("id", fromId);
        var targets = in.putArray("to");
        toIds.forEach(id -> targets.addObject().put("id", id));
        call("POST", "/crm/v4/associations/" + fromType + "/" + toType + "/batch/archive", body, 204);
    }

    /**
     * The associations of one record to {@code toType} as HubSpot holds them: associated id → typeIds, read by the
     * record-level v4 list (500 per page).
     */
    Map<String, List<Integer>> associations(String fromType, String fromId, String toType) {
        Map<String, List<Integer>> out = new java.util.TreeMap<>();
        String after = null;
        do {
            JsonNode page = call("GET", "/crm/v4/objects/" + fromType + "/" + fromId + "/associations/" + toType
                    + (after == null ? "" : "?after=" + after), null, 200);
            for (JsonNode n : page.path("results")) {
                List<Integer> types = new ArrayList<>();
                n.path("associationTypes").forEach(t -> types.add(t.path("typeId").asInt()));
                out.put(n.path("toObjectId").asText(), types);
            }
            after = page.path("paging").path("next").path("after").asText(null);
        } while (after != null);
        return out;
    }

    /** Moves the sandbox's clock forward: later writes are stamped, and its Date header given, that much later. */
    void advanceClock(long millis) {
        call("POST", "/_sandbox/clock", mapper.createObjectNode().put("advanceMillis", millis), 200);
    }

    /** Configures injected faults, e.g. {@code {"rateLimited":0.3,"seed":7}}. */
    void faults(String json) {
        try {
            call("POST", "/_sandbox/faults", mapper.readTree(json), 200);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode call(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
        try {
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? mapper.createObjectNode() : mapper.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
