package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls to a running HubSpot sandbox over real HTTP with its default token, as a test edits HubSpot "by hand"
 * between runs. Safe to share between threads (one {@link HttpClient}).
 */
final class SandboxHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final int port;

    SandboxHttp(SandboxServer sandbox) {
        this.port = sandbox.port();
    }

    /** {@code method path} on 127.0.0.1 with a JSON {@code body} ({@code null} for none); any status. */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link #send}, failing the test unless the status is 2xx; the parsed body, {@code null} when empty. */
    JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send(method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** Creates a HubSpot contact with {@code email} and one more string property; the new contact's id. */
    String createContact(String email, String property, String value) throws IOException, InterruptedException {
        return json("POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"" + email + "\",\""
                + property + "\":\"" + value + "\"}}").path("id").asText();
    }

    /** Live (not archived) HubSpot contacts, at most 100: email → the value of {@code property}. */
    Map<String, String> contacts(String property) throws IOException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode c : json("GET", "/crm/v3/objects/contacts?limit=100&properties=email," + property, null)
                .path("results")) {
            out.put(c.path("properties").path("email").asText(), c.path("properties").path(property).asText());
        }
        return out;
    }
}
