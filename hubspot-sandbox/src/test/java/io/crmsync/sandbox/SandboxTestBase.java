package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a sandbox on an ephemeral port with a {@link MutableClock} and talks raw HTTP to it. */
abstract class SandboxTestBase {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-15T10:00:00.123Z");
    final HttpClient client = HttpClient.newHttpClient();
    final MutableClock clock = new MutableClock(T0);
    @TempDir
    Path dataDir;
    SandboxServer server;

    /**
     * Defaults on the test clock, which stands still unless a test moves it: the 5-per-second search limit would
     * never let a sixth search of a test through, so it is lifted here and tested on its own (SearchLimitsTest).
     */
    SandboxServer.Options options() {
        return SandboxServer.Options.defaults().withClock(clock).withSearchPerSecond(Integer.MAX_VALUE);
    }

    @BeforeEach
    void startServer() {
        server = SandboxServer.start(0, dataDir, options());
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response call(String method, String path, String body) {
        return call(method, path, body, SandboxServer.DEFAULT_TOKEN);
    }

    Response call(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : MAPPER.readTree(r.body());
            return new Response(r.statusCode(), r, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path) {
        return call("GET", path, null);
    }

    Response post(String path, String body) {
        return call("POST", path, body);
    }

    /** Creates a contact and returns its id. */
    String createContact(String email) {
        Response r = post("/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"" + email + "\"}}");
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.raw().body());
        }
        return r.json().get("id").asText();
    }

    /** Creates a record of {@code type} with {@code properties} (a JSON object) and returns its id. */
    String create(String type, String properties) {
        Response r = post("/crm/v3/objects/" + type, "{\"properties\":" + properties + "}");
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.raw().body());
        }
        return r.json().get("id").asText();
    }

    /** The properties {@code names} (comma-separated) of a record, as its v3 read returns them. */
    JsonNode props(String type, String id, String names) {
        Response r = get("/crm/v3/objects/" + type + "/" + id + "?properties=" + names);
        if (r.status() != 200) {
            throw new AssertionError("read failed: " + r.raw().body());
        }
        return r.json().get("properties");
    }

    static String json(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
