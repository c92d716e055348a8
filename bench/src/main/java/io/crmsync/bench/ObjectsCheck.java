package io.crmsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.sandbox.SandboxServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks both sides after {@code objects-initial}'s sync, in full: each object type holds exactly the expected
 * records on each side (by key: domain, email, deal name), once; and every association of every record points to
 * the expected records (by their keys, compared as {@link ObjectsData#joined} lists, so a many-valued association
 * is checked as a set), so ids were translated through the links. The sandbox is read over its HTTP
 * API (list reads with {@code associations}, after the timed run, so not counted), PostgreSQL with SQL joins.
 */
final class ObjectsCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param problems     what is wrong, one line each (empty when all is right)
     * @param associations record associations compared, both sides together
     * @param counts       records found per side and type, e.g. {@code hubspot contacts=75000}
     */
    record Result(List<String> problems, long associations, Map<String, Integer> counts) {
        String summary() {
            return counts + ", " + associations + " associations compared, " + problems.size() + " problems";
        }
    }

    private final ObjectsData data;
    private final SandboxServer sandbox;
    private final ObjectsShop shop;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    private long associations;

    ObjectsCheck(ObjectsData data, SandboxServer sandbox, ObjectsShop shop) {
        this.data = data;
        this.sandbox = sandbox;
        this.shop = shop;
    }

    Result verify() throws IOException, InterruptedException, SQLException {
        for (String type : ObjectsInitialBench.TYPES) {
            List<ObjectsInitialBench.Link> links = ObjectsInitialBench.LINKS.stream()
                    .filter(l -> l.from().equals(type)).toList();
            compare("hubspot", type, links, hubspotRows(type, links));
            compare("shop", type, links, shop.rows(type));
        }
        return new Result(List.copyOf(problems), associations, counts);
    }

    /** Rows of one side: key, then the associated key of each link ({@code ""} when none). */
    private void compare(String side, String type, List<ObjectsInitialBench.Link> links, List<String[]> rows) {
        counts.put(side + " " + type, rows.size());
        Set<String> expectedKeys = expectedKeys(type);
        Set<String> seen = new HashSet<>();
        for (String[] row : rows) {
            if (!seen.add(row[0])) {
                problem("%s: %s %s is there twice", side, type, row[0]);
            } else if (!expectedKeys.contains(row[0])) {
                problem("%s: %s %s was not expected", side, type, row[0]);
            }
        }
        for (String key : expectedKeys) {
            if (!seen.contains(key)) {
                problem("%s: %s %s is missing", side, type, key);
            }
        }
        for (int i = 0; i < links.size(); i++) {
            ObjectsInitialBench.Link link = links.get(i);
            Map<String, String> expected = data.expected(link.from(), link.to());
            for (String[] row : rows) {
                String want = expected.get(row[0]);
                if (want == null) {
                    continue;
                }
                associations++;
                if (!want.equals(row[1 + i])) {
                    problem("%s: %s %s is associated with %s %s, expected %s", side, type, row[0], link.to(),
                            row[1 + i].isEmpty() ? "(none)" : row[1 + i], want.isEmpty() ? "(none)" : want);
                }
            }
        }
    }

    private Set<String> expectedKeys(String type) {
        Set<String> keys = new HashSet<>();
        for (ObjectsData.Side side : List.of(data.hubspot(), data.shop())) {
            side.of(type).forEach(r -> keys.add(ObjectsData.key(type, r.properties())));
        }
        return keys;
    }

    /**
     * The sandbox's live records of {@code type} as rows like {@link ObjectsShop#rows}, by paging its list API
     * with the associations of {@code links}; an association's key is looked up in the same way. For a
     * {@link ObjectsInitialBench.Link#primary()} link only the labelled (primary) associations count.
     */
    private List<String[]> hubspotRows(String type, List<ObjectsInitialBench.Link> links)
            throws IOException, InterruptedException {
        Map<String, Map<String, String>> keyById = new HashMap<>();
        for (ObjectsInitialBench.Link l : links) {
            if (!keyById.containsKey(l.to())) {
                Map<String, String> byId = new HashMap<>();
                for (JsonNode r : list(l.to(), List.of())) {
                    byId.put(r.path("id").asText(), r.path("properties").path(ObjectsShop.keyColumn(l.to())).asText());
                }
                keyById.put(l.to(), byId);
            }
        }
        List<String[]> out = new ArrayList<>();
        for (JsonNode r : list(type, links.stream().map(ObjectsInitialBench.Link::to).distinct().toList())) {
            String[] row = new String[1 + links.size()];
            row[0] = r.path("properties").path(ObjectsShop.keyColumn(type)).asText();
            for (int i = 0; i < links.size(); i++) {
                String to = links.get(i).to();
                boolean primaryOnly = links.get(i).primary();
                Set<String> keys = new HashSet<>();
                for (JsonNode a : r.path("associations").path(to).path("results")) {
                    // The v3 block lists a primary association twice: labelled, and as "<pair>_unlabeled".
                    if (!primaryOnly || !a.path("type").asText().endsWith("_unlabeled")) {
                        keys.add(keyById.get(to).getOrDefault(a.path("id").asText(), "?" + a.path("id").asText()));
                    }
                }
                row[1 + i] = ObjectsData.joined(new ArrayList<>(keys));
            }
            out.add(row);
        }
        return out;
    }

    private List<JsonNode> list(String type, List<String> associated) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        do {
            String uri = "http://127.0.0.1:" + sandbox.port() + "/crm/v3/objects/" + type + "?limit=100&properties="
                    + ObjectsShop.keyColumn(type)
                    + (associated.isEmpty() ? "" : "&associations=" + String.join(",", associated))
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri))
                    .header("Authorization", "Bearer " + SandboxServer.DEFAULT_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode body = MAPPER.readTree(r.body());
            body.path("results").forEach(out::add);
            JsonNode next = body.path("paging").path("next").path("after");
            after = next.isMissingNode() || next.asText().isEmpty() ? null : next.asText();
        } while (after != null);
        return out;
    }

    private void problem(String format, Object... args) {
        problems.add(String.format(format, args));
    }
}
