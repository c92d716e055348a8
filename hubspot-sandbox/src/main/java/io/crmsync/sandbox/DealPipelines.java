package io.crmsync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The deal pipelines of the sandbox account, as HubSpot's pipelines API shows them: every account has the
 * pipeline {@code default} ("Sales Pipeline") with HubSpot's seven default stages, and more can be created. A
 * deal's {@code pipeline} holds a pipeline id and its {@code dealstage} a stage id; the properties API lists them
 * as the options of those two enumerations (value = id, label = label), so a write of an unknown stage or
 * pipeline is refused with {@code INVALID_OPTION} like any other option. The sandbox does not check that a deal's
 * stage belongs to its pipeline. hubspot.md does not cover pipelines: the shapes, the default stages and the order
 * (display order, then label) follow HubSpot's public pipelines API reference.
 *
 * <p>Created pipelines are persisted in the sandbox's H2 file (table {@code pipelines}) and read back on start.
 * Thread-safe: every method runs under the {@link RecordStore}'s monitor, whose connection it shares.
 */
public final class DealPipelines {
    /** The id of the pipeline every account has. */
    public static final String DEFAULT_ID = "default";
    /** When the default pipeline and its stages report being created. */
    private static final Instant DEFINED_AT = Instant.parse("2019-08-06T02:41:52Z");

    /**
     * One stage. {@code probability} is the win probability from 0.0 to 1.0 as HubSpot writes it (text in
     * {@code metadata.probability}); {@code closed} is {@code metadata.isClosed}.
     */
    public record Stage(String id, String label, int displayOrder, String probability, boolean closed) {
    }

    /** One pipeline with its stages in display order. */
    public record Pipeline(String id, String label, int displayOrder, List<Stage> stages, Instant createdAt) {
        public Pipeline {
            stages = stages.stream().sorted(Comparator.comparingInt(Stage::displayOrder)).toList();
        }
    }

    private final RecordStore store;
    private final ObjectMapper mapper;
    private final List<Pipeline> pipelines = new ArrayList<>();

    DealPipelines(RecordStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
        pipelines.add(new Pipeline(DEFAULT_ID, "Sales Pipeline", 0, List.of(
                new Stage("appointmentscheduled", "Appointment scheduled", 0, "0.2", false),
                new Stage("qualifiedtobuy", "Qualified to buy", 1, "0.4", false),
                new Stage("presentationscheduled", "Presentation scheduled", 2, "0.6", false),
                new Stage("decisionmakerboughtin", "Decision maker bought-in", 3, "0.8", false),
                new Stage("contractsent", "Contract sent", 4, "0.9", false),
                new Stage("closedwon", "Closed won", 5, "1.0", true),
                new Stage("closedlost", "Closed lost", 6, "0.0", true)), DEFINED_AT));
        synchronized (store) {
            try (Statement st = store.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT definition FROM pipelines ORDER BY seq")) {
                while (rs.next()) {
                    pipelines.add(fromJson(mapper.readTree(rs.getString(1))));
                }
            } catch (SQLException | JsonProcessingException e) {
                throw new IllegalStateException("cannot read the sandbox's deal pipelines", e);
            }
        }
    }

    static void createSchema(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS pipelines (object_type VARCHAR(40) NOT NULL, id VARCHAR(40) NOT NULL, "
                + "definition CLOB NOT NULL, seq BIGINT AUTO_INCREMENT, PRIMARY KEY (object_type, id))");
    }

    /** Every pipeline, by display order, then by label (HubSpot's order for equal display orders). */
    public List<Pipeline> list() {
        synchronized (store) {
            return pipelines.stream().sorted(Comparator.comparingInt(Pipeline::displayOrder)
                    .thenComparing(Pipeline::label)).toList();
        }
    }

    /** The pipeline with this id, if any. */
    public Optional<Pipeline> find(String id) {
        synchronized (store) {
            return pipelines.stream().filter(p -> p.id().equals(id)).findFirst();
        }
    }

    /**
     * Creates and persists a pipeline. Ids are HubSpot-like numbers: the pipeline's and each stage's are unique
     * across the account.
     *
     * @param stages   each stage's label, display order, probability (0.0–1.0, text) and closed flag; the ids given
     *                 are ignored
     * @throws ApiException 400 VALIDATION_ERROR for an empty label, no stages, two stages with one label, or a
     *                      probability outside 0.0–1.0; 409 CONFLICT for a label another pipeline has
     */
    public Pipeline create(String label, int displayOrder, List<Stage> stages, Instant now) {
        if (label == null || label.isBlank()) {
            throw ApiException.validation("A pipeline needs a label");
        }
        if (stages.isEmpty()) {
            throw ApiException.validation("A pipeline needs at least one stage");
        }
        List<String> labels = new ArrayList<>();
        for (Stage s : stages) {
            if (s.label() == null || s.label().isBlank()) {
                throw ApiException.validation("Each stage needs a label");
            }
            if (labels.contains(s.label())) {
                throw ApiException.validation("Two stages of pipeline '" + label + "' are labelled '" + s.label()
                        + "'; stage labels must be unique within a pipeline");
            }
            labels.add(s.label());
            double p;
            try {
                p = Double.parseDouble(s.probability());
            } catch (NumberFormatException | NullPointerException e) {
                p = -1;
            }
            if (p < 0 || p > 1) {
                throw ApiException.validation("Stage '" + s.label() + "': metadata.probability must be a number"
                        + " from 0.0 to 1.0, got " + s.probability());
            }
        }
        synchronized (store) {
            if (pipelines.stream().anyMatch(p -> p.label().equals(label))) {
                throw new ApiException(409, "CONFLICT", "A pipeline labelled '" + label + "' already exists.");
            }
            long next = 1_000_000L + pipelines.stream().mapToInt(p -> 1 + p.stages().size()).sum();
            String pipelineId = Long.toString(next++);
            List<Stage> withIds = new ArrayList<>();
            for (Stage s : stages) {
                withIds.add(new Stage(Long.toString(next++), s.label(), s.displayOrder(), s.probability(),
                        s.closed()));
            }
            Pipeline created = new Pipeline(pipelineId, label, displayOrder, withIds, now);
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "INSERT INTO pipelines (object_type, id, definition) VALUES (?, ?, ?)")) {
                ps.setString(1, ObjectType.DEALS.apiName());
                ps.setString(2, pipelineId);
                ps.setString(3, mapper.writeValueAsString(toJson(created)));
                ps.executeUpdate();
            } catch (SQLException | JsonProcessingException e) {
                throw new IllegalStateException("cannot store pipeline " + label, e);
            }
            pipelines.add(created);
            return created;
        }
    }

    /** The options of {@code pipeline}: one per pipeline, value = id, label = label. */
    List<PropertyDef.Option> pipelineOptions() {
        List<PropertyDef.Option> out = new ArrayList<>();
        for (Pipeline p : list()) {
            out.add(new PropertyDef.Option(p.label(), p.id(), out.size()));
        }
        return out;
    }

    /**
     * The options of {@code dealstage}: every stage of every pipeline, pipelines in display order. Two pipelines may
     * have stages of one label; a client mapping stages by label finds the first pipeline's.
     */
    List<PropertyDef.Option> stageOptions() {
        List<PropertyDef.Option> out = new ArrayList<>();
        for (Pipeline p : list()) {
            for (Stage s : p.stages()) {
                out.add(new PropertyDef.Option(s.label(), s.id(), out.size()));
            }
        }
        return out;
    }

    /** The API shape of a pipeline (also its persisted form). */
    ObjectNode toJson(Pipeline p) {
        ObjectNode n = mapper.createObjectNode();
        n.put("label", p.label());
        n.put("displayOrder", p.displayOrder());
        n.put("id", p.id());
        ArrayNode stages = n.putArray("stages");
        for (Stage s : p.stages()) {
            ObjectNode sn = stages.addObject();
            sn.put("label", s.label());
            sn.put("displayOrder", s.displayOrder());
            ObjectNode meta = sn.putObject("metadata");
            meta.put("isClosed", Boolean.toString(s.closed()));
            meta.put("probability", s.probability());
            sn.put("id", s.id());
            sn.put("createdAt", RecordJson.iso(p.createdAt()));
            sn.put("updatedAt", RecordJson.iso(p.createdAt()));
            sn.put("archived", false);
            sn.put("writePermissions", "CRM_PERMISSIONS_ENFORCEMENT");
        }
        n.put("createdAt", RecordJson.iso(p.createdAt()));
        n.put("updatedAt", RecordJson.iso(p.createdAt()));
        n.put("archived", false);
        return n;
    }

    private static Pipeline fromJson(JsonNode n) {
        List<Stage> stages = new ArrayList<>();
        for (JsonNode s : n.path("stages")) {
            stages.add(new Stage(s.get("id").asText(), s.get("label").asText(), s.get("displayOrder").asInt(),
                    s.path("metadata").path("probability").asText(),
                    Boolean.parseBoolean(s.path("metadata").path("isClosed").asText())));
        }
        return new Pipeline(n.get("id").asText(), n.get("label").asText(), n.get("displayOrder").asInt(), stages,
                OffsetDateTime.parse(n.get("createdAt").asText()).withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }
}
