package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipelines API for deals: {@code GET /crm/v3/pipelines/deals} → {@code {results:[Pipeline]}} (no paging),
 * {@code GET /crm/v3/pipelines/deals/{pipelineId}} → Pipeline or 404, {@code GET …/{pipelineId}/stages} →
 * {@code {results:[Stage]}}, and {@code POST /crm/v3/pipelines/deals} → 201 Pipeline from {@code label,
 * displayOrder, stages:[{label, displayOrder, metadata:{probability, isClosed}}]}. A Pipeline is {@code id, label,
 * displayOrder, stages, createdAt, updatedAt, archived}; a Stage {@code id, label, displayOrder,
 * metadata:{isClosed, probability}, createdAt, updatedAt, archived, writePermissions}, values as HubSpot's
 * pipelines API returns them. Other object types answer 400: the sandbox keeps pipelines for deals only.
 * Thread-safe: the pipelines live in {@link DealPipelines}, under the record store's monitor.
 */
final class PipelineRoutes {
    private static final String BASE = "/crm/v3/pipelines/{objectType}";
    private final DealPipelines pipelines;
    private final SandboxClock clock;
    private final Http http;

    PipelineRoutes(DealPipelines pipelines, SandboxClock clock, Http http) {
        this.pipelines = pipelines;
        this.clock = clock;
        this.http = http;
    }

    void register(Javalin app) {
        app.get(BASE, this::list);
        app.post(BASE, this::create);
        app.get(BASE + "/{pipelineId}", this::get);
        app.get(BASE + "/{pipelineId}/stages", this::stages);
    }

    private void list(Context ctx) {
        dealsOnly(ctx);
        ObjectNode body = http.mapper().createObjectNode();
        ArrayNode results = body.putArray("results");
        if (!Http.boolParam(ctx, "archived")) {
            pipelines.list().forEach(p -> results.add(pipelines.toJson(p)));
        }
        http.json(ctx, 200, body);
    }

    private void get(Context ctx) {
        dealsOnly(ctx);
        http.json(ctx, 200, pipelines.toJson(pipeline(ctx)));
    }

    private void stages(Context ctx) {
        dealsOnly(ctx);
        ObjectNode body = http.mapper().createObjectNode();
        body.set("results", pipelines.toJson(pipeline(ctx)).get("stages"));
        http.json(ctx, 200, body);
    }

    private void create(Context ctx) {
        dealsOnly(ctx);
        JsonNode body = http.body(ctx);
        if (!body.path("stages").isArray()) {
            throw ApiException.validation("Invalid input JSON: stages must be an array");
        }
        List<DealPipelines.Stage> stages = new ArrayList<>();
        int order = 0;
        for (JsonNode s : body.get("stages")) {
            JsonNode meta = s.path("metadata");
            stages.add(new DealPipelines.Stage(null, s.path("label").asText(null),
                    s.path("displayOrder").canConvertToInt() ? s.get("displayOrder").asInt() : order,
                    meta.path("probability").asText(null), Boolean.parseBoolean(meta.path("isClosed").asText())));
            order++;
        }
        int displayOrder = body.path("displayOrder").canConvertToInt() ? body.get("displayOrder").asInt()
                : pipelines.list().size();
        DealPipelines.Pipeline created = pipelines.create(body.path("label").asText(null), displayOrder, stages,
                clock.now());
        http.json(ctx, 201, pipelines.toJson(created));
    }

    private DealPipelines.Pipeline pipeline(Context ctx) {
        String id = ctx.pathParam("pipelineId");
        return pipelines.find(id).orElseThrow(() -> ApiException.notFound("Unable to find pipeline " + id));
    }

    private static void dealsOnly(Context ctx) {
        if (Http.type(ctx) != ObjectType.DEALS) {
            throw ApiException.validation("The sandbox keeps pipelines for deals only, not "
                    + ctx.pathParam("objectType"));
        }
    }
}
