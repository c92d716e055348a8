package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HubSpot's owners API, read-only as HubSpot's is:
 * <ul>
 * <li>{@code GET /crm/v3/owners} → 200 {@code {results:[Owner], paging?:{next:{after,link}}}}; query {@code limit}
 * (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}; else 400), {@code after} (the cursor from
 * {@code paging.next.after}, an owner id), {@code email} (exact, ignoring case) and {@code archived} (default
 * false; {@code true} lists only deactivated owners);</li>
 * <li>{@code GET /crm/v3/owners/{ownerId}} → 200 Owner or 404 OBJECT_NOT_FOUND; {@code idProperty=userId} reads
 * by user id, {@code archived=true} reads a deactivated owner.</li>
 * </ul>
 * Owner JSON: {@code {id (string), email, firstName, lastName, userId (number), createdAt, updatedAt, archived,
 * teams:[{id, name, primary}]}}. Owners are made through the admin route {@code POST /_sandbox/owners}
 * {@code {"owners":[{email, firstName?, lastName?, userId?, archived?, teams?}]}} → 201 {@code {"ids":[...]}} and
 * (de)activated with {@code PATCH /_sandbox/owners/{ownerId}} {@code {"archived":true}} → 200 Owner; or in process
 * through {@link SandboxSeed#owners}. hubspot.md names owners only as the {@code referencedObjectType} of owner
 * properties (§B.6); the paths and shapes follow HubSpot's published owners API. Thread-safe.
 */
final class OwnerRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private final OwnerStore owners;
    private final Http http;

    OwnerRoutes(OwnerStore owners, Http http) {
        this.owners = owners;
        this.http = http;
    }

    void register(Javalin app) {
        app.get("/crm/v3/owners", this::list);
        app.get("/crm/v3/owners/{ownerId}", this::get);
        app.post(AdminRoutes.BASE + "/owners", this::create);
        app.patch(AdminRoutes.BASE + "/owners/{ownerId}", this::patch);
    }

    private void list(Context ctx) {
        int limit = Http.limitParam(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        long from = Http.afterParam(ctx, "an owner id");
        String email = ctx.queryParam("email");
        List<Owner> page = owners.page(from, Http.boolParam(ctx, "archived"),
                email == null || email.isBlank() ? null : email, limit + 1);
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        page.stream().limit(limit).forEach(o -> results.add(render(o)));
        if (page.size() > limit) {
            Http.putNextPage(ctx, body, page.get(limit).id());
        }
        http.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        String raw = ctx.pathParam("ownerId");
        String idProperty = ctx.queryParam("idProperty");
        Long id = ObjectService.parseId(raw);
        Optional<Owner> found = Optional.empty();
        if (id != null) {
            found = "userId".equals(idProperty) ? owners.byUserId(id) : owners.get(id);
        } else if (idProperty != null && !idProperty.equals("id") && !idProperty.equals("userId")) {
            throw ApiException.validation("idProperty must be id or userId; got " + idProperty);
        }
        boolean archived = Http.boolParam(ctx, "archived");
        Owner owner = found.filter(o -> o.archived() == archived).orElseThrow(() ->
                ApiException.notFound("Owner " + raw + " not found").context("id", List.of(raw)));
        http.json(ctx, 200, render(owner));
    }

    private void create(Context ctx) {
        JsonNode list = http.body(ctx).path("owners");
        if (!list.isArray()) {
            throw ApiException.validation("expected {\"owners\":[{\"email\":...}, ...]}");
        }
        ObjectNode out = http.mapper().createObjectNode();
        ArrayNode ids = out.putArray("ids");
        for (Owner o : owners.inTransaction(() -> createAll(list))) {
            ids.add(Long.toString(o.id()));
        }
        http.json(ctx, 201, out);
    }

    private List<Owner> createAll(JsonNode list) {
        List<Owner> created = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String email = n.path("email").asText("");
            if (!email.strip().matches("[^@\\s]+@[^@\\s]+")) {
                throw ApiException.validation("owners[" + i + "].email must be an email address; got \"" + email
                        + "\"");
            }
            List<String> teams = new ArrayList<>();
            n.path("teams").forEach(t -> teams.add(t.asText()));
            created.add(owners.create(email, text(n, "firstName"), text(n, "lastName"),
                    n.path("userId").canConvertToLong() ? n.get("userId").asLong() : null,
                    n.path("archived").asBoolean(false), teams));
            i++;
        }
        return created;
    }

    private void patch(Context ctx) {
        JsonNode body = http.body(ctx);
        Long id = ObjectService.parseId(ctx.pathParam("ownerId"));
        Owner owner = (id == null ? Optional.<Owner>empty() : owners.get(id)).orElseThrow(() ->
                ApiException.notFound("Owner " + ctx.pathParam("ownerId") + " not found"));
        if (!body.path("archived").isBoolean()) {
            throw ApiException.validation("expected {\"archived\": true|false}");
        }
        http.json(ctx, 200, render(owners.setArchived(owner, body.get("archived").asBoolean())));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private ObjectNode render(Owner o) {
        ObjectNode n = http.mapper().createObjectNode();
        n.put("id", Long.toString(o.id()));
        n.put("email", o.email());
        n.put("type", "PERSON");
        n.put("firstName", o.firstName() == null ? "" : o.firstName());
        n.put("lastName", o.lastName() == null ? "" : o.lastName());
        n.put("userId", o.userId());
        n.put("userIdIncludingInactive", o.userId());
        n.put("createdAt", RecordJson.iso(o.createdAt()));
        n.put("updatedAt", RecordJson.iso(o.updatedAt()));
        n.put("archived", o.archived());
        ArrayNode teams = n.putArray("teams");
        for (int i = 0; i < o.teams().size(); i++) {
            // A team's id is derived from its name so that it is stable across reads and restarts.
            teams.addObject().put("id", Integer.toString(Math.abs(o.teams().get(i).hashCode())))
                    .put("name", o.teams().get(i)).put("primary", i == 0);
        }
        return n;
    }
}
