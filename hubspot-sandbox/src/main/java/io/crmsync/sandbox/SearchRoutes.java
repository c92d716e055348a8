package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST {base}/search} (hubspot.md §B.5): {@code {query?, filterGroups?, sorts?, properties?, limit?, after?}}
 * → {@code {total, results, paging?:{next:{after}}}}. Filters AND within a group, groups OR; group and filter counts
 * capped by {@link SearchLimits} (400 beyond); one sort; {@code limit} 1..200 (default 10); {@code after} an integer
 * offset as a string, 400 once it reaches 10,000; {@code query} ≤ 3,000 characters, matched as a case-insensitive
 * substring of the type's default text properties. Archived records never match. A record becomes searchable
 * {@link SearchLimits#indexDelayMillis()} after its last write (eventual consistency); until then it is missing
 * from results (the sandbox keeps no older indexed version).
 */
final class SearchRoutes {
    static final int MAX_LIMIT = 200;
    static final int MAX_RESULTS = 10_000;
    static final int MAX_QUERY_CHARS = 3_000;
    private static final Map<ObjectType, List<String>> QUERY_PROPERTIES = Map.of(
            ObjectType.CONTACTS, List.of("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
                    "mobilephone", "company", "hs_marketable_until_renewal"),
            ObjectType.COMPANIES, List.of("website", "phone", "name", "domain"),
            ObjectType.DEALS, List.of("dealname", "pipeline", "dealstage", "description", "dealtype"),
            ObjectType.PRODUCTS, List.of("name", "description", "price", "hs_sku"),
            ObjectType.TICKETS, List.of("subject", "content", "hs_pipeline_stage", "hs_ticket_category",
                    "hs_ticket_id"),
            ObjectType.CALLS, List.of("hs_call_title", "hs_body_preview"),
            ObjectType.NOTES, List.of("hs_note_body"),
            ObjectType.TASKS, List.of("hs_task_body", "hs_task_subject"),
            ObjectType.MEETINGS, List.of("hs_meeting_title", "hs_meeting_body"),
            ObjectType.EMAILS, List.of("hs_email_subject"));

    /** HubSpot's filter limits (current guide: 5 groups, 6 filters per group, 18 in all) and the indexing delay. */
    public record SearchLimits(int maxGroups, int maxFiltersPerGroup, int maxFilters, long indexDelayMillis) {
        public static SearchLimits defaults() {
            return new SearchLimits(5, 6, 18, 0);
        }
    }

    private final RecordStore store;
    private final PropertyCatalog catalog;
    private final RecordJson json;
    private final Http http;
    private final SandboxClock clock;
    private final SearchLimits limits;

    SearchRoutes(RecordStore store, PropertyCatalog catalog, RecordJson json, Http http, SandboxClock clock,
                 SearchLimits limits) {
        this.store = store;
        this.catalog = catalog;
        this.json = json;
        this.http = http;
        this.clock = clock;
        this.limits = limits;
    }

    void register(Javalin app, String base) {
        app.post(base + "/search", this::search);
    }

    private void search(Context ctx) {
        ObjectType type = Http.type(ctx);
        JsonNode body = http.body(ctx);
        List<List<SearchFilter>> groups = groups(type, body.get("filterGroups"));
        String query = body.hasNonNull("query") ? body.get("query").asText() : null;
        if (query != null && query.length() > MAX_QUERY_CHARS) {
            throw ApiException.validation("Search query is too long: " + query.length() + " characters; the maximum "
                    + "is " + MAX_QUERY_CHARS);
        }
        Comparator<StoredRecord> order = order(type, body.get("sorts"));
        int limit = intField(body, "limit", 10);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.validation("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        int after = after(body.get("after"));
        if (after + 0L >= MAX_RESULTS) {
            throw ApiException.validation("Paging past " + MAX_RESULTS + " results is not supported: after=" + after
                    + ". Narrow the query (for example on hs_lastmodifieddate) and start again.");
        }
        List<String> properties = new ArrayList<>();
        if (body.has("properties") && body.get("properties").isArray()) {
            body.get("properties").forEach(p -> properties.add(p.asText()));
        }
        long visibleUntil = clock.now().toEpochMilli() - limits.indexDelayMillis();
        List<StoredRecord> matched = store.all(type, false).stream()
                .filter(r -> r.updatedAt().toEpochMilli() <= visibleUntil)
                .filter(r -> groups.isEmpty() || groups.stream().anyMatch(g -> g.stream()
                        .allMatch(f -> f.matches(value(r, f.property())))))
                .filter(r -> query == null || query.isBlank() || matchesQuery(r, query))
                .sorted(order).toList();
        ObjectNode out = http.mapper().createObjectNode();
        out.put("total", matched.size());
        ArrayNode results = out.putArray("results");
        int end = Math.min(matched.size(), after + limit);
        for (int i = after; i < end; i++) {
            results.add(json.forRead(matched.get(i), properties));
        }
        if (end < matched.size()) {
            out.putObject("paging").putObject("next").put("after", Integer.toString(end));
        }
        http.json(ctx, 200, out);
    }

    private List<List<SearchFilter>> groups(ObjectType type, JsonNode node) {
        List<List<SearchFilter>> groups = new ArrayList<>();
        if (node == null || node.isNull()) {
            return groups;
        }
        if (!node.isArray()) {
            throw ApiException.validation("Invalid input JSON: filterGroups must be an array");
        }
        if (node.size() > limits.maxGroups()) {
            throw ApiException.validation("Too many filter groups: " + node.size() + ". The maximum is "
                    + limits.maxGroups() + ".");
        }
        int total = 0;
        for (JsonNode g : node) {
            JsonNode filters = g.get("filters");
            List<SearchFilter> group = new ArrayList<>();
            if (filters != null && filters.isArray()) {
                if (filters.size() > limits.maxFiltersPerGroup()) {
                    throw ApiException.validation("Too many filters in a group: " + filters.size()
                            + ". The maximum is " + limits.maxFiltersPerGroup() + " per group.");
                }
                total += filters.size();
                filters.forEach(f -> group.add(SearchFilter.parse(f, type, catalog)));
            }
            groups.add(group);
        }
        if (total > limits.maxFilters()) {
            throw ApiException.validation("Too many filters: " + total + ". The maximum is " + limits.maxFilters()
                    + " across all groups.");
        }
        return groups;
    }

    private Comparator<StoredRecord> order(ObjectType type, JsonNode sorts) {
        Comparator<StoredRecord> byId = Comparator.comparingLong(StoredRecord::id);
        if (sorts == null || sorts.isNull() || sorts.isEmpty()) {
            return byId; // "in order of object creation (oldest first)"
        }
        if (!sorts.isArray() || sorts.size() > 1) {
            throw ApiException.validation("Only one sort is supported; got " + sorts.size());
        }
        JsonNode s = sorts.get(0);
        String property = s.isTextual() ? s.asText() : (s.hasNonNull("propertyName")
                ? s.get("propertyName").asText() : null);
        if (property == null || property.isBlank()) {
            throw ApiException.validation("Invalid sort: propertyName is required");
        }
        String direction = s.hasNonNull("direction") ? s.get("direction").asText().toUpperCase(Locale.ROOT)
                : "ASCENDING";
        if (!direction.equals("ASCENDING") && !direction.equals("DESCENDING")) {
            throw ApiException.validation("Invalid sort direction " + direction
                    + "; expected ASCENDING or DESCENDING");
        }
        String kind = SearchFilter.kindOf(type, property, catalog);
        Comparator<String> values = (a, b) -> SearchFilter.compareValues(kind, a, b);
        if (direction.equals("DESCENDING")) {
            values = values.reversed();
        }
        // Records without the value come last in either direction [unverified].
        Comparator<StoredRecord> byValue = Comparator.comparing(r -> value(r, property),
                Comparator.nullsLast(values));
        return byValue.thenComparing(byId);
    }

    private boolean matchesQuery(StoredRecord r, String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        return QUERY_PROPERTIES.getOrDefault(r.type(), List.of()).stream().map(p -> value(r, p))
                .anyMatch(v -> v != null && v.toLowerCase(Locale.ROOT).contains(q));
    }

    /** The value of a property as search sees it: calculated ones as epoch ms / id, stored ones as written. */
    private static String value(StoredRecord r, String property) {
        if (property.equals("hs_object_id")) {
            return Long.toString(r.id());
        }
        if (property.equals(r.type().createDateProperty())) {
            return Long.toString(r.createdAt().toEpochMilli());
        }
        if (property.equals(r.type().lastModifiedProperty())) {
            return Long.toString(r.updatedAt().toEpochMilli());
        }
        String v = r.properties().get(property);
        return v == null || v.isEmpty() ? null : v;
    }

    private static int intField(JsonNode body, String field, int fallback) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.canConvertToInt() || (v.isTextual() && v.asText().matches("-?\\d{1,9}"))) {
            return v.asInt();
        }
        throw ApiException.validation(field + " must be an integer, got " + v);
    }

    private static int after(JsonNode v) {
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return 0;
        }
        String s = v.asText().strip();
        if (!s.matches("\\d{1,9}")) {
            throw ApiException.validation("after must be a non-negative integer offset, got \"" + s + "\"");
        }
        return Integer.parseInt(s);
    }
}
