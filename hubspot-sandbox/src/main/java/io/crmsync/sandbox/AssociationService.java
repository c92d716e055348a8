package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.sandbox.AssociationStore.Row;
import io.crmsync.sandbox.AssociationTypes.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Association rules of hubspot.md §B.7 on top of {@link AssociationStore}:
 * <ul>
 * <li>every write stores both directions (typeId and its inverse);</li>
 * <li>a labelled association (e.g. primary) always comes with the unlabeled one, and removing the pair removes
 * every type between the two records;</li>
 * <li>"A contact has at most one primary company" (§B.7): making company B a contact's primary demotes its
 * previous primary company A to unlabeled (A stays associated). Nothing else changes: other contacts of A keep
 * their primary. hubspot.md documents this rule only for contacts; the sandbox applies it to deals and tickets
 * as well <b>[inferred]</b>, so that a record's primary company is always one;</li>
 * <li>both records must exist and be live (else 404 OBJECT_NOT_FOUND); only HUBSPOT_DEFINED types of the pair
 * are accepted (else 400 VALIDATION_ERROR);</li>
 * <li>a write that changes what is stored between two records (and a demotion) updates both records' calculated
 * association properties and last-modified dates ({@link AssociationEffects}); a write that changes nothing
 * (the association was there already) leaves the records alone.</li>
 * </ul>
 * Callers wrap writes in {@link RecordStore#inTransaction}.
 */
final class AssociationService {
    private final RecordStore records;
    private final AssociationStore store;
    private final ObjectMapper mapper;
    private final AssociationEffects effects;

    AssociationService(RecordStore records, AssociationStore store, ObjectMapper mapper, SandboxClock clock) {
        this.records = records;
        this.store = store;
        this.mapper = mapper;
        this.effects = new AssociationEffects(records, store, clock);
    }

    /** One requested {@code {associationCategory, associationTypeId}}. */
    record Spec(String category, int typeId) {
        static Spec parse(JsonNode n) {
            JsonNode id = n == null ? null : n.get("associationTypeId");
            if (id == null || !id.canConvertToInt()) {
                throw ApiException.validation("Invalid input JSON: each association type needs "
                        + "associationCategory and an integer associationTypeId");
            }
            return new Spec(n.path("associationCategory").asText(AssociationTypes.HUBSPOT_DEFINED), id.asInt());
        }
    }

    /** Fails with 400 unless records of the two types can be associated. */
    static void requireAssociable(ObjectType from, ObjectType to) {
        if (AssociationTypes.unlabeled(from, to).isEmpty()) {
            throw ApiException.validation("Associations between " + from.apiName() + " and " + to.apiName()
                    + " are not supported by the sandbox");
        }
    }

    /** The live record {@code type/id}; 404 OBJECT_NOT_FOUND when unknown, archived or not numeric. */
    StoredRecord requireLive(ObjectType type, String id) {
        Long numeric = ObjectService.parseId(id);
        StoredRecord r = numeric == null ? null : records.get(type, numeric).filter(x -> !x.archived()).orElse(null);
        if (r == null) {
            throw ApiException.notFound(AssociationTypes.singular(type) + " " + id + " does not exist")
                    .context("id", List.of(String.valueOf(id)));
        }
        return r;
    }

    /** {@link #requireLive}'s check and error, returning only the id: no properties are read. */
    long requireLiveId(ObjectType type, String id) {
        Long numeric = ObjectService.parseId(id);
        if (numeric == null || !records.isLive(type, numeric)) {
            throw ApiException.notFound(AssociationTypes.singular(type) + " " + id + " does not exist")
                    .context("id", List.of(String.valueOf(id)));
        }
        return numeric;
    }

    /** Resolves specs for the pair, 400 on an unknown typeId or a non-HUBSPOT_DEFINED category. */
    static List<Type> resolve(ObjectType from, ObjectType to, List<Spec> specs) {
        requireAssociable(from, to);
        List<Type> out = new ArrayList<>();
        for (Spec s : specs) {
            Type t = AssociationTypes.find(from, to, s.typeId()).filter(x -> s.category()
                    .equals(AssociationTypes.HUBSPOT_DEFINED)).orElseThrow(() -> ApiException.validation(
                            s.category() + " association type " + s.typeId() + " is not valid between "
                                    + from.apiName() + " and " + to.apiName()));
            out.add(t);
        }
        return out;
    }

    /**
     * Adds the unlabeled association plus {@code types} between two live records; returns the labels now
     * between them ({@code LabelsBetweenObjectPair}).
     */
    ObjectNode associate(ObjectType from, String fromId, ObjectType to, String toId, List<Type> types) {
        long a = requireLiveId(from, fromId);
        long b = requireLiveId(to, toId);
        return associateLive(from, a, to, b, types);
    }

    /**
     * Of {@code ids}, those that name live records of {@code type}: one query for the ends of a whole batch.
     * The answer holds only while the caller keeps the {@link RecordStore} monitor.
     */
    Set<Long> liveIds(ObjectType type, Collection<String> ids) {
        List<Long> numeric = ids.stream().map(ObjectService::parseId).filter(Objects::nonNull).toList();
        return records.liveIds(type, numeric);
    }

    /** {@link #requireLiveId}'s check and error against {@code live}, a {@link #liveIds} answer. */
    static long requireLiveId(ObjectType type, String id, Set<Long> live) {
        Long numeric = ObjectService.parseId(id);
        if (numeric == null || !live.contains(numeric)) {
            throw ApiException.notFound(AssociationTypes.singular(type) + " " + id + " does not exist")
                    .context("id", List.of(String.valueOf(id)));
        }
        return numeric;
    }

    /** {@link #associate} between records the caller has checked to be live. */
    ObjectNode associateLive(ObjectType from, long a, ObjectType to, long b, List<Type> types) {
        List<Type> all = new ArrayList<>();
        all.add(AssociationTypes.unlabeled(from, to).orElseThrow());
        all.addAll(types);
        List<Row> before = store.betweenLive(from, a, to, b);
        Set<Integer> present = new HashSet<>();
        before.forEach(r -> present.add(r.typeId()));
        List<Long> demoted = new ArrayList<>();
        List<Row> after = new ArrayList<>(before);
        for (Type t : all) {
            // Rows are written and removed in both directions at once, so a type already there needs no write;
            // a primary already there is the owner's only one: nothing to demote.
            if (present.add(t.typeId())) {
                if (t.primary()) {
                    demoted.addAll(demotePreviousPrimary(t, a, b));
                }
                store.add(from, a, to, b, t.typeId(), AssociationTypes.HUBSPOT_DEFINED);
                store.add(to, b, from, a, t.inverseTypeId(), AssociationTypes.HUBSPOT_DEFINED);
                after.add(new Row(from, a, to, b, t.typeId(), AssociationTypes.HUBSPOT_DEFINED));
            }
        }
        // between()'s order: one far record, so by typeId.
        after.sort(Comparator.comparingInt(Row::typeId));
        if (!before.equals(after)) {
            AssociationEffects.Batch changes = new AssociationEffects.Batch();
            if (before.isEmpty()) {
                changes.pair(from, a, to, b, 1);
            } else {
                changes.touched(from, a);
                changes.touched(to, b);
            }
            for (Type t : all) {
                if (t.primary()) {
                    boolean fromCompany = t.from() == ObjectType.COMPANIES;
                    changes.primaryCompany(fromCompany ? to : from, fromCompany ? b : a, fromCompany ? a : b);
                }
            }
            demoted.forEach(company -> changes.touched(ObjectType.COMPANIES, company));
            effects.record(changes);
        }
        return labels(from, a, to, b, after);
    }

    /**
     * Runs one input's writes of a batch with their effects on the records (calculated properties, last-modified
     * date) collected into {@code into} rather than applied: see {@link AssociationEffects#deferring}. The batch
     * applies them once per record with {@link #applyEffects}, in a transaction, before it answers.
     */
    <T> T deferringEffects(AssociationEffects.Batch into, Supplier<T> writes) {
        return effects.deferring(into, writes);
    }

    /** Applies effects collected by {@link #deferringEffects}. Callers wrap it in {@link RecordStore#inTransaction}. */
    void applyEffects(AssociationEffects.Batch changed) {
        effects.apply(changed);
    }

    private List<Row> between(ObjectType from, long a, ObjectType to, long b) {
        return store.between(from, a, to, b);
    }

    /**
     * A record has at most one primary company (§B.7 states it for contacts; the sandbox applies it to deals and
     * tickets too, the other types with a primary company, as HubSpot's record page shows one primary company for
     * each <b>[inferred]</b>): the owner's other primary company loses its primary label. Returns the demoted
     * companies' ids.
     */
    private List<Long> demotePreviousPrimary(Type t, long fromId, long toId) {
        boolean fromCompany = t.from() == ObjectType.COMPANIES;
        ObjectType ownerType = fromCompany ? t.to() : t.from();
        long owner = fromCompany ? toId : fromId;
        long newCompany = fromCompany ? fromId : toId;
        Type primary = AssociationTypes.between(ownerType, ObjectType.COMPANIES).stream()
                .filter(Type::primary).findFirst().orElseThrow();
        List<Long> demoted = new ArrayList<>();
        for (Row r : store.from(ownerType, owner, ObjectType.COMPANIES)) {
            if (r.typeId() == primary.typeId() && r.toId() != newCompany) {
                store.remove(ownerType, owner, ObjectType.COMPANIES, r.toId(), primary.typeId());
                store.remove(ObjectType.COMPANIES, r.toId(), ownerType, owner, primary.inverseTypeId());
                demoted.add(r.toId());
            }
        }
        return demoted;
    }

    /** Removes every association between the two records (204 even when there was none). */
    void removeAll(ObjectType from, String fromId, ObjectType to, String toId) {
        requireAssociable(from, to);
        Long a = ObjectService.parseId(fromId);
        Long b = ObjectService.parseId(toId);
        if (a != null && b != null) {
            List<Row> had = between(from, a, to, b);
            store.removePair(from, a, to, b);
            if (!had.isEmpty()) {
                AssociationEffects.Batch changes = new AssociationEffects.Batch();
                changes.pair(from, a, to, b, -1);
                for (Row r : had) {
                    AssociationTypes.find(from, to, r.typeId()).filter(Type::primary).ifPresent(t ->
                            changes.primaryCompany(from == ObjectType.COMPANIES ? to : from,
                                    from == ObjectType.COMPANIES ? b : a, null));
                }
                effects.record(changes);
            }
        }
    }

    /** {@code LabelsBetweenObjectPair}: ids as numbers, the non-null labels from→to. */
    ObjectNode labelsBetween(ObjectType from, long a, ObjectType to, long b) {
        return labels(from, a, to, b, between(from, a, to, b));
    }

    private ObjectNode labels(ObjectType from, long a, ObjectType to, long b, List<Row> between) {
        ObjectNode out = mapper.createObjectNode();
        out.put("fromObjectTypeId", from.typeId());
        out.put("fromObjectId", a);
        out.put("toObjectTypeId", to.typeId());
        out.put("toObjectId", b);
        ArrayNode labels = out.putArray("labels");
        between.stream()
                .map(r -> AssociationTypes.find(from, to, r.typeId()).map(Type::label).orElse(null))
                .filter(Objects::nonNull).forEach(labels::add);
        return out;
    }

    /** Associations of one record to live records of {@code to}, grouped by toObjectId (ascending). */
    Map<Long, List<Row>> grouped(ObjectType from, long fromId, ObjectType to) {
        Map<Long, List<Row>> out = new LinkedHashMap<>();
        for (Row r : store.from(from, fromId, to)) {
            out.computeIfAbsent(r.toId(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** v4 {@code {toObjectId, associationTypes:[{category, typeId, label}]}}. */
    ObjectNode v4Item(ObjectType from, ObjectType to, long toId, List<Row> rows) {
        ObjectNode item = mapper.createObjectNode();
        item.put("toObjectId", toId);
        ArrayNode types = item.putArray("associationTypes");
        for (Row r : rows) {
            ObjectNode t = types.addObject();
            t.put("category", r.category());
            t.put("typeId", r.typeId());
            t.put("label", AssociationTypes.find(from, to, r.typeId()).map(Type::label).orElse(null));
        }
        return item;
    }

    /**
     * Associations of many records of one type to live records of {@code to}, in one store query: each record
     * with any maps to its associations grouped by toObjectId (ascending), as {@link #grouped} gives them.
     */
    Map<Long, Map<Long, List<Row>>> groupedEach(ObjectType from, Collection<Long> fromIds, ObjectType to) {
        Map<Long, Map<Long, List<Row>>> out = new HashMap<>();
        store.fromEach(from, fromIds, to).forEach((fromId, rows) -> {
            Map<Long, List<Row>> byTarget = new LinkedHashMap<>();
            for (Row r : rows) {
                byTarget.computeIfAbsent(r.toId(), k -> new ArrayList<>()).add(r);
            }
            out.put(fromId, byTarget);
        });
        return out;
    }

    /**
     * The v3 {@code associations} block of a list/get result (§B.2/§B.3): for each requested type name that is
     * associable, {@code {companies:{results:[{id, type}]}}} with one item per typeId (so a primary company shows
     * as {@code contact_to_company} and {@code contact_to_company_unlabeled}). Null when nothing is associated;
     * unknown names are ignored.
     */
    ObjectNode v3Block(StoredRecord r, List<String> requested) {
        return v3Blocks(List.of(r), requested).get(r.id());
    }

    /**
     * {@link #v3Block} for each record of a list page (all of one type), with one store query per requested type
     * rather than per record; records with nothing associated are absent from the map.
     */
    Map<Long, ObjectNode> v3Blocks(List<StoredRecord> page, List<String> requested) {
        Map<Long, ObjectNode> blocks = new HashMap<>();
        if (page.isEmpty()) {
            return blocks;
        }
        ObjectType type = page.get(0).type();
        List<Long> ids = page.stream().map(StoredRecord::id).toList();
        for (String name : requested) {
            ObjectType to = ObjectType.fromPath(name).orElse(null);
            if (to == null || AssociationTypes.unlabeled(type, to).isEmpty()) {
                continue;
            }
            Map<Long, List<Row>> byRecord = store.fromEach(type, ids, to);
            boolean hasPrimary = AssociationTypes.hasPrimary(type, to);
            for (StoredRecord r : page) {
                List<Row> rows = byRecord.get(r.id());
                if (rows == null) {
                    continue;
                }
                ArrayNode results = blocks.computeIfAbsent(r.id(), k -> mapper.createObjectNode())
                        .putObject(to.apiName()).putArray("results");
                for (Row row : rows) {
                    ObjectNode item = results.addObject();
                    item.put("id", Long.toString(row.toId()));
                    item.put("type", AssociationTypes.find(type, to, row.typeId())
                            .map(t -> t.v3Name(hasPrimary)).orElse(Integer.toString(row.typeId())));
                }
            }
        }
        return blocks;
    }

    /**
     * Inline associations of a v3 create ({@code [{to:{id}, types:[{associationCategory, associationTypeId}]}]},
     * §B.7): the target type is inferred from each typeId. 400 on an unknown typeId, 404 on a missing target.
     */
    void associateInline(StoredRecord created, JsonNode associations) {
        if (associations == null || associations.isNull()) {
            return;
        }
        if (!associations.isArray()) {
            throw ApiException.validation("Invalid input JSON: associations must be an array");
        }
        for (JsonNode a : associations) {
            String toId = a.path("to").path("id").asText(null);
            JsonNode types = a.get("types");
            if (toId == null || types == null || !types.isArray() || types.isEmpty()) {
                throw ApiException.validation("Invalid input JSON: each association needs to.id and types");
            }
            for (JsonNode spec : types) {
                Spec s = Spec.parse(spec);
                Type t = AssociationTypes.find(created.type(), s.typeId()).orElseThrow(() -> ApiException
                        .validation(s.category() + " association type " + s.typeId() + " is not valid from "
                                + created.type().apiName()));
                associate(created.type(), Long.toString(created.id()), t.to(), toId, resolve(created.type(),
                        t.to(), List.of(s)));
            }
        }
    }
}
