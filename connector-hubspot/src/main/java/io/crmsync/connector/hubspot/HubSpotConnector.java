package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.api.Capability;
import io.crmsync.api.ChangePage;
import io.crmsync.api.Checkpoint;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorInfo;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.Record;
import io.crmsync.api.RecordPage;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HubSpot CRM connector over the v3 objects, batch, search and properties APIs (hubspot.md Part B).
 *
 * <p>Reads: {@link #readAll} pages the list endpoint ({@code limit} ≤ 100, {@code after} cursor, §B.3);
 * {@link #readChanges} searches on the last-modified property GTE the checkpoint minus {@code indexingLagMs},
 * ascending, ≤ 200 per page, restarting the window from the last value seen before the 10,000-result cap (§B.5),
 * then lists the recycle bin for records archived since the checkpoint and reports them as deleted ids (§B.4).
 * Writes go through {@link HubSpotWriter}. Values travel as HubSpot's strings (dates {@code yyyy-MM-dd} or epoch
 * ms at UTC midnight, datetimes ISO-8601), which are the SPI's native forms for those types.
 *
 * <p><b>Threading:</b> thread-safe; the schema cache is concurrent and HTTP goes through {@link HubSpotHttp}.
 * <b>Errors:</b> see {@link HubSpotHttp}; an unexpected 4xx on a read → {@code REJECTED_BY_APP}.
 */
public final class HubSpotConnector implements Connector {
    /** HubSpot batch limit: 100 inputs (§B.3). */
    static final int BATCH_LIMIT = 100;
    /** HubSpot list endpoint page limit: 100 (§B.3). */
    static final int LIST_LIMIT = 100;
    /** HubSpot search page limit: 200; results beyond 10,000 cannot be paged (§B.5). */
    static final int SEARCH_LIMIT = 200;
    static final int SEARCH_CAP = 10_000;
    /** HubSpot search: at most 5 filter groups per request (hubspot.md §B.5). */
    static final int MAX_FILTER_GROUPS = 5;
    /** How old (ms) the last answer's Date may be for {@link #checkpoint} to use it instead of a search call. */
    static final long RECENT_DATE_MS = 30_000;

    private final HubSpotSettings settings;
    private final HubSpotHttp http;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, ObjectSchema> schemas = new ConcurrentHashMap<>();
    private final HubSpotWriter writer;
    private final HubSpotAssociations associations;
    private final HubSpotOwners owners;

    HubSpotConnector(HubSpotSettings settings, Set<String> secrets) {
        this.settings = settings;
        this.http = new HubSpotHttp(settings, secrets, mapper);
        this.associations = new HubSpotAssociations(http, settings.associations());
        this.writer = new HubSpotWriter(http, this, associations);
        this.owners = new HubSpotOwners(http);
    }

    /** The HTTP layer (tests: OAuth refresh counts). */
    HubSpotHttp http() {
        return http;
    }

    @Override
    public ConnectorInfo info() {
        // Contact creates with an email are batch upserts by email (HubSpotWriter); other types create plainly.
        Set<Capability> capabilities = settings.objectTypes().contains("contacts")
                ? Set.of(Capability.INCREMENTAL_CHANGES, Capability.DELETES_IN_CHANGE_FEED, Capability.BATCH_WRITE,
                        Capability.UPSERT)
                : Set.of(Capability.INCREMENTAL_CHANGES, Capability.DELETES_IN_CHANGE_FEED, Capability.BATCH_WRITE);
        return new ConnectorInfo(HubSpotConnectorFactory.TYPE, settings.objectTypes(), capabilities, BATCH_LIMIT);
    }

    /**
     * One properties call of the first object type: authenticated, needs the read scopes a sync needs anyway, and
     * its answer is the schema {@link #schema} would fetch next, so it is kept (one call fewer per run). An
     * unknown object type is {@code UNKNOWN_PROPERTY}.
     */
    @Override
    public void check() {
        String type = settings.objectTypes().get(0);
        schemas.put(type, fetchSchema(type));
    }

    @Override
    public ObjectSchema schema(String objectType) {
        return schemas.computeIfAbsent(objectType, this::fetchSchema);
    }

    private ObjectSchema fetchSchema(String t) {
        HubSpotHttp.Response r = http.get("/crm/v3/properties/" + enc(t));
        if (r.status() == 404 || r.status() == 400) {
            throw new ConnectorException(FailureCategory.UNKNOWN_PROPERTY, "HubSpot has no object type '" + t
                    + "': " + http.message(r));
        }
        requireOk(r, "properties of " + t);
        return HubSpotSchema.parse(t, r.body(), associations.defs(t), owners::options);
    }

    /** The last-modified property searched for changes: contacts keep the legacy name (§B.12). */
    static String lastModifiedProperty(String objectType) {
        return "contacts".equals(objectType) ? "lastmodifieddate" : "hs_lastmodifieddate";
    }

    /**
     * Where the next change read starts (epoch ms): HubSpot's clock, read from the Date header of an answer
     * received in the last {@value #RECENT_DATE_MS} ms (no call: a run opens with the schema call), else the newest
     * last-modified value HubSpot has indexed (one search call). Either way from HubSpot rather than the local
     * clock, so that clock skew cannot skip changes; a record changed after it has a later last-modified value, and
     * one changed before it but not yet indexed is within the next read's {@code indexingLagMs} overlap.
     */
    @Override
    public Checkpoint checkpoint(String objectType) {
        long serverNow = http.recentServerTime(RECENT_DATE_MS);
        if (serverNow >= 0) {
            return new Checkpoint(Long.toString(serverNow));
        }
        String lm = lastModifiedProperty(objectType);
        ObjectNode body = mapper.createObjectNode();
        body.putArray("sorts").addObject().put("propertyName", lm).put("direction", "DESCENDING");
        body.putArray("properties").add(lm);
        body.put("limit", 1);
        HubSpotHttp.Response r = search(objectType, body);
        JsonNode first = r.body().path("results").path(0);
        long newest = first.isMissingNode() ? 0 : HubSpotSchema.epochMillis(first.path("properties").path(lm).asText());
        return new Checkpoint(Long.toString(Math.max(newest, r.dateMs())));
    }

    @Override
    public RecordPage readAll(String objectType, String pageToken, int pageSize) {
        int limit = Math.max(1, Math.min(pageSize, LIST_LIMIT));
        StringBuilder q = new StringBuilder("/crm/v3/objects/").append(enc(objectType)).append("?limit=").append(limit)
                .append("&archived=false&properties=").append(enc(String.join(",", propertyNames(objectType))));
        if (associations.listsPrimaryCompany(objectType)) {
            q.append("&associations=companies");
        }
        if (pageToken != null) {
            q.append("&after=").append(enc(pageToken));
        }
        HubSpotHttp.Response r = http.get(q.toString());
        requireOk(r, "list of " + objectType);
        String next = r.body().path("paging").path("next").path("after").asText(null);
        return new RecordPage(associations.fill(objectType, r.body().path("results"),
                plain(r.body().path("results")), true), next);
    }

    /**
     * Page token: {@code windowStartMs:after:newestSeenMs}. The last page also carries the ids archived since the
     * checkpoint ({@link #archivedSince}). The checkpoint (last page only) is the newest
     * last-modified value seen or HubSpot's time at the first search (its Date header), whichever is later, or
     * the old checkpoint when both are older: the next read starts {@code indexingLagMs} before it. Everything
     * modified earlier than HubSpot's clock minus the lag was indexed when this read searched, so it has been read,
     * and a quiet account is not read again and again just because its last writes were close together.
     */
    @Override
    public ChangePage readChanges(String objectType, Checkpoint since, String pageToken, int pageSize) {
        long from;
        int after;
        long newest;
        if (pageToken == null) {
            newest = Long.parseLong(since.value());
            // Search indexes writes seconds late (§B.5): re-read an overlap so late-indexed records are not lost.
            from = Math.max(0, newest - settings.indexingLagMs());
            after = 0;
        } else {
            String[] p = pageToken.split(":");
            from = Long.parseLong(p[0]);
            after = Integer.parseInt(p[1]);
            newest = Long.parseLong(p[2]);
        }
        int limit = Math.max(1, Math.min(pageSize, SEARCH_LIMIT));
        String lm = lastModifiedProperty(objectType);
        ObjectNode body = mapper.createObjectNode();
        body.putArray("filterGroups").addObject().putArray("filters").addObject()
                .put("propertyName", lm).put("operator", "GTE").put("value", Long.toString(from));
        body.putArray("sorts").addObject().put("propertyName", lm).put("direction", "ASCENDING");
        ArrayNode props = body.putArray("properties");
        propertyNames(objectType).forEach(props::add);
        props.add(lm);
        body.put("limit", limit);
        if (after > 0) {
            body.put("after", Integer.toString(after));
        }
        HubSpotHttp.Response r = search(objectType, body);
        if (pageToken == null) {
            // HubSpot's time at this first search (Date header, whole seconds): anything changed later has a
            // later last-modified value, and anything changed earlier but not yet indexed lies within the next
            // read's indexingLagMs overlap. So the next read need not go back further than it, even when the
            // newest change is older (it would re-read every write of the last indexingLagMs before it).
            newest = Math.max(newest, r.dateMs());
        }
        List<Record> records = records(objectType, r.body().path("results"));
        long lastSeen = from;
        for (JsonNode n : r.body().path("results")) {
            lastSeen = Math.max(lastSeen, HubSpotSchema.epochMillis(n.path("properties").path(lm).asText()));
        }
        newest = Math.max(newest, lastSeen);
        String next = r.body().path("paging").path("next").path("after").asText(null);
        if (next == null) {
            // Archived records never appear in search (§B.4): the last page also reports the recycle bin's.
            return new ChangePage(records, archivedSince(objectType, since), false, null,
                    new Checkpoint(Long.toString(newest)));
        }
        int nextAfter = Integer.parseInt(next);
        if (nextAfter >= SEARCH_CAP) {
            // Search cannot page past 10,000 results (§B.5): start a new window at the last value seen; records
            // sharing that value are read again, which the engine recognises as echoes.
            return new ChangePage(records, List.of(), false, lastSeen + ":0:" + newest, null);
        }
        return new ChangePage(records, List.of(), false, from + ":" + nextAfter + ":" + newest, null);
    }

    /**
     * The ids of records archived since a checkpoint, for the last page of a change read: the recycle bin,
     * {@code GET /crm/v3/objects/{t}?archived=true} in pages of {@value #LIST_LIMIT} (hubspot.md §B.3/§B.4), whose
     * records carry {@code archivedAt}; those archived at or after the checkpoint minus {@code indexingLagMs} are
     * returned. The list has no archived-since filter, so every change read costs one list call per 100 records in
     * the recycle bin (which HubSpot empties after 90 days), and at least one. A record archived while this read
     * runs is reported again by the next read, which the engine ignores. Purged records (GDPR delete, or 90 days
     * gone) are in no list: the engine finds them by reconciliation ({@code crmsync run --reconcile}).
     */
    private List<String> archivedSince(String objectType, Checkpoint since) {
        long threshold = Math.max(0, Long.parseLong(since.value()) - settings.indexingLagMs());
        List<String> deleted = new ArrayList<>();
        String after = null;
        do {
            StringBuilder q = new StringBuilder("/crm/v3/objects/").append(enc(objectType)).append("?limit=")
                    .append(LIST_LIMIT).append("&archived=true&properties=hs_object_id");
            if (after != null) {
                q.append("&after=").append(enc(after));
            }
            HubSpotHttp.Response r = http.get(q.toString());
            requireOk(r, "list of archived " + objectType);
            for (JsonNode n : r.body().path("results")) {
                String at = n.path("archivedAt").asText(null);
                // Listed as archived without a time: reported, since a delete reported twice costs nothing.
                if (at == null || Instant.parse(at).toEpochMilli() >= threshold) {
                    deleted.add(n.path("id").asText());
                }
            }
            after = r.body().path("paging").path("next").path("after").asText(null);
        } while (after != null);
        return deleted;
    }

    @Override
    public List<Record> readByIds(String objectType, Collection<String> ids) {
        return batchRead(objectType, new ArrayList<>(new LinkedHashSet<>(ids)), null);
    }

    /**
     * Contacts' {@code email} is HubSpot's unique id property, so it is read by batch read with
     * {@code idProperty=email}; other properties are searched with IN (lowercase values, §B.5).
     */
    @Override
    public List<Record> findByIdentifier(String objectType, String property, Collection<String> values) {
        List<String> keys = searchKeys(values);
        if (keys.isEmpty()) {
            return List.of();
        }
        if ("contacts".equals(objectType) && "email".equals(property)) {
            return batchRead(objectType, keys, "email");
        }
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH_LIMIT) {
            List<String> chunk = keys.subList(i, Math.min(keys.size(), i + BATCH_LIMIT));
            ObjectNode body = mapper.createObjectNode();
            ObjectNode filter = body.putArray("filterGroups").addObject().putArray("filters").addObject()
                    .put("propertyName", property).put("operator", "IN");
            chunk.forEach(filter.putArray("values")::add);
            ArrayNode props = body.putArray("properties");
            propertyNames(objectType).forEach(props::add);
            body.put("limit", SEARCH_LIMIT);
            out.addAll(records(objectType, search(objectType, body).body().path("results")));
        }
        return out;
    }

    /**
     * One search per {@value #MAX_FILTER_GROUPS} hosts, a filter group per host: the property CONTAINS_TOKEN
     * {@code *host*} (HubSpot's search allows {@code *} wildcards there, hubspot.md §B.5), so a value written as a
     * URL with a path or in capitals is found too; the engine drops the hits whose normalised host differs.
     */
    @Override
    public List<Record> findByDomain(String objectType, String property, Collection<String> hosts) {
        List<String> keys = searchKeys(hosts);
        Map<String, Record> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i += MAX_FILTER_GROUPS) {
            ObjectNode body = mapper.createObjectNode();
            ArrayNode groups = body.putArray("filterGroups");
            for (String host : keys.subList(i, Math.min(keys.size(), i + MAX_FILTER_GROUPS))) {
                groups.addObject().putArray("filters").addObject().put("propertyName", property)
                        .put("operator", "CONTAINS_TOKEN").put("value", "*" + host + "*");
            }
            ArrayNode props = body.putArray("properties");
            propertyNames(objectType).forEach(props::add);
            body.put("limit", SEARCH_LIMIT);
            records(objectType, search(objectType, body).body().path("results"))
                    .forEach(r -> out.putIfAbsent(r.id(), r));
        }
        return List.copyOf(out.values());
    }

    /** Values to search for: non-blank, stripped, lower-cased (search compares strings that way, §B.5), once. */
    private static List<String> searchKeys(Collection<String> values) {
        return values.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    }

    @Override
    public List<WriteResult> write(String objectType, List<WriteOperation> operations) {
        return writer.write(objectType, operations);
    }

    @Override
    public void close() {
        // HttpClient holds no connections that need closing on Java 17; the account limiter is shared on purpose.
    }

    // ------------------------------------------------------------------ helpers shared with HubSpotWriter

    /** Batch read in chunks of 100; ids HubSpot does not find (deleted, archived, unknown) are left out. */
    List<Record> batchRead(String objectType, List<String> ids, String idProperty) {
        ArrayNode results = mapper.createArrayNode();
        for (int i = 0; i < ids.size(); i += BATCH_LIMIT) {
            ObjectNode body = mapper.createObjectNode();
            ArrayNode props = body.putArray("properties");
            propertyNames(objectType).forEach(props::add);
            if (idProperty != null) {
                body.put("idProperty", idProperty);
            }
            ArrayNode inputs = body.putArray("inputs");
            ids.subList(i, Math.min(ids.size(), i + BATCH_LIMIT)).forEach(id -> inputs.addObject().put("id", id));
            HubSpotHttp.Response r = http.post("/crm/v3/objects/" + enc(objectType) + "/batch/read", body);
            if (r.status() != 207) {
                requireOk(r, "batch read of " + objectType);
            }
            r.body().path("results").forEach(results::add);
        }
        return records(objectType, results);
    }

    List<String> propertyNames(String objectType) {
        List<String> names = new ArrayList<>(schema(objectType).properties().keySet());
        names.removeIf(n -> n.startsWith(PropertyDef.ASSOCIATION_PREFIX));
        return names;
    }

    static Record record(JsonNode n) {
        Map<String, String> props = new HashMap<>();
        n.path("properties").fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                props.put(e.getKey(), e.getValue().asText());
            }
        });
        String updated = n.path("updatedAt").asText(null);
        return new Record(n.path("id").asText(), props, updated == null ? null : Instant.parse(updated),
                n.path("archived").asBoolean(false));
    }

    /** The records of a result list, with their association properties (HubSpotAssociations). */
    List<Record> records(String objectType, JsonNode results) {
        return associations.fill(objectType, results, plain(results), false);
    }

    private static List<Record> plain(JsonNode results) {
        List<Record> out = new ArrayList<>();
        results.forEach(n -> out.add(record(n)));
        return out;
    }

    private HubSpotHttp.Response search(String objectType, ObjectNode body) {
        HubSpotHttp.Response r = http.post("/crm/v3/objects/" + enc(objectType) + "/search", body);
        requireOk(r, "search of " + objectType);
        return r;
    }

    private void requireOk(HubSpotHttp.Response r, String what) {
        if (!r.ok()) {
            throw new ConnectorException(FailureCategory.REJECTED_BY_APP, "HubSpot refused the " + what + " ("
                    + r.status() + "): " + http.message(r));
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
