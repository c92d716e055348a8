package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record operations shared by the single-record and batch routes: validation, the unique contact email
 * (hubspot.md §B.13, compared ignoring case), timestamps from the {@link SandboxClock}, and lookup by id or by a
 * unique {@code idProperty}. Callers wrap calls in {@link RecordStore#inTransaction} when several must be
 * all-or-nothing. Errors are {@link ApiException}s with HubSpot's status and category.
 */
public final class ObjectService {
    private final RecordStore store;
    private final PropertyValidator validator;
    private final PropertyCatalog catalog;
    private final SandboxClock clock;
    private volatile ChangeListener listener = (type, id, kind, changes, at) -> { };

    /**
     * Told about every create ({@code kind} "creation", changes = the set properties), update ("propertyChange",
     * changes = properties whose value changed, "" when cleared), archive ("deletion"), restore ("restore"), GDPR
     * delete ("privacyDeletion", then "deletion") and merge ("merge", id = the survivor, changes =
     * {@link MergeRoutes#event the merge event's fields}), on the caller's thread
     * and inside its transaction, so a rolled-back batch leaves nothing behind when the listener writes to the store.
     */
    public interface ChangeListener {
        void changed(ObjectType type, long id, String kind, Map<String, String> changes, Instant at);
    }

    void onChange(ChangeListener value) {
        listener = value;
    }

    public ObjectService(RecordStore store, PropertyValidator validator, PropertyCatalog catalog, SandboxClock clock) {
        this.store = store;
        this.validator = validator;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Creates a record.
     *
     * @throws ApiException 400 on invalid properties, 409 CONFLICT "Contact already exists. Existing ID: N"
     */
    public StoredRecord create(ObjectType type, JsonNode properties) {
        Map<String, String> values = withoutCleared(validator.validate(type, properties));
        checkEmailFree(type, values, -1);
        Instant now = clock.now();
        StoredRecord r = new StoredRecord(type, store.nextId(type), values, now, now, false, null);
        store.insert(r);
        listener.changed(type, r.id(), "creation", values, now);
        return r;
    }

    /**
     * Overwrites the given properties ("" clears one) and bumps updatedAt; a write that changes nothing still
     * bumps it, as HubSpot does on any accepted update [unverified].
     *
     * @throws ApiException 404 OBJECT_NOT_FOUND, 400 invalid properties, 409 on an email held by another contact
     */
    public StoredRecord update(ObjectType type, String idOrValue, String idProperty, JsonNode properties) {
        StoredRecord current = find(type, idOrValue, idProperty, false);
        Map<String, String> changes = validator.validate(type, properties);
        Map<String, String> merged = new LinkedHashMap<>(current.properties());
        changes.forEach((k, v) -> {
            if (v.isEmpty()) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        checkEmailFree(type, merged, current.id());
        StoredRecord r = new StoredRecord(type, current.id(), merged, current.createdAt(), clock.now(), false, null);
        store.update(r);
        Map<String, String> diff = new LinkedHashMap<>();
        changes.forEach((k, v) -> {
            if (!v.equals(current.properties().getOrDefault(k, ""))) {
                diff.put(k, v);
            }
        });
        listener.changed(type, r.id(), "propertyChange", diff, r.updatedAt());
        return r;
    }

    /** An upsert's outcome: the record and whether it was created. */
    public record Upserted(StoredRecord record, boolean created) {
    }

    /**
     * Updates the live record whose unique {@code idProperty} ({@code email} for contacts, §B.3/§B.13) equals
     * {@code value}, or creates one holding that value.
     *
     * @throws ApiException 400 when idProperty is missing, {@code hs_object_id}, unknown or not unique, or the
     *                      properties are invalid
     */
    public Upserted upsert(ObjectType type, String value, String idProperty, JsonNode properties) {
        if (idProperty == null || idProperty.isBlank() || idProperty.equals("hs_object_id")) {
            throw ApiException.validation("Upsert needs an idProperty naming a unique property"
                    + (type == ObjectType.CONTACTS ? " (such as email)" : "") + "; hs_object_id cannot be used");
        }
        if (value == null || value.isBlank()) {
            throw ApiException.validation("Upsert input needs an id: the value of " + idProperty);
        }
        try {
            return new Upserted(update(type, value, idProperty, properties), false);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode props = properties != null && properties.isObject()
                ? ((com.fasterxml.jackson.databind.node.ObjectNode) properties).deepCopy()
                : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        props.put(idProperty, value);
        return new Upserted(create(type, props), true);
    }

    /** Archives a live record (archivedAt = updatedAt = now); unknown or already archived ids are ignored. */
    public void archive(ObjectType type, String id) {
        Long numeric = parseId(id);
        if (numeric == null) {
            return;
        }
        store.get(type, numeric).filter(r -> !r.archived()).ifPresent(r -> {
            Instant now = clock.now();
            store.update(new StoredRecord(type, r.id(), r.properties(), r.createdAt(), now, true, now));
            listener.changed(type, r.id(), "deletion", Map.of(), now);
        });
    }

    /** Tells the change listener about a change made outside this class (a merge, by {@link MergeRoutes}). */
    void changed(ObjectType type, long id, String kind, Map<String, String> changes, Instant at) {
        listener.changed(type, id, kind, changes, at);
    }

    /**
     * Brings an archived record back from the recycle bin with its old id and properties (HubSpot restores in its
     * UI only, hubspot.md §B.4/§B.11); {@code updatedAt} and the last-modified property move to now, so a
     * search-based change feed sees the record again.
     *
     * @throws ApiException 404 when the id is not an archived record; 409 CONFLICT when a live contact now holds
     *                      its email
     */
    public StoredRecord restore(ObjectType type, String id) {
        StoredRecord r = find(type, id, null, true);
        checkEmailFree(type, r.properties(), r.id());
        StoredRecord restored = new StoredRecord(type, r.id(), r.properties(), r.createdAt(), clock.now(), false, null);
        store.update(restored);
        listener.changed(type, r.id(), "restore", Map.of(), restored.updatedAt());
        return restored;
    }

    /**
     * HubSpot's GDPR delete of a contact (hubspot.md §B.4, §B.11): the record, live or archived, is deleted for
     * good with its associations, and the {@code privacyDeletion} and {@code deletion} events follow. With
     * {@code idProperty} {@code email}, {@code objectId} is the live contact's email.
     *
     * @throws ApiException 404 OBJECT_NOT_FOUND when no such contact exists (HubSpot then blocklists the email,
     *                      which the sandbox does not emulate); 400 when idProperty is not {@code email} or the id
     */
    public void gdprDelete(ObjectType type, String objectId, String idProperty) {
        StoredRecord r;
        if (idProperty != null && !idProperty.isBlank() && !idProperty.equals("hs_object_id")) {
            if (!idProperty.equals("email")) {
                throw ApiException.validation("idProperty must be email or hs_object_id, got \"" + idProperty + "\"");
            }
            r = find(type, objectId, "email", false);
        } else {
            Long id = parseId(objectId);
            r = id == null ? null : store.get(type, id).orElse(null);
            if (r == null) {
                throw ApiException.notFound("Object not found.  objectId are usually numeric.")
                        .context("id", List.of(String.valueOf(objectId)));
            }
        }
        store.purge(type, r.id());
        Instant now = clock.now();
        listener.changed(type, r.id(), "privacyDeletion", Map.of(), now);
        listener.changed(type, r.id(), "deletion", Map.of(), now);
    }

    /**
     * The record addressed by {@code idOrValue}: its id when {@code idProperty} is null or {@code hs_object_id},
     * else the value of a unique property ({@code email} for contacts). Only records whose archive state equals
     * {@code archived} are found.
     *
     * @throws ApiException 404 OBJECT_NOT_FOUND; 400 when idProperty is unknown or not unique
     */
    public StoredRecord find(ObjectType type, String idOrValue, String idProperty, boolean archived) {
        StoredRecord r;
        if (idProperty == null || idProperty.isBlank() || idProperty.equals("hs_object_id")) {
            Long id = parseId(idOrValue);
            r = id == null ? null : store.get(type, id).orElse(null);
        } else {
            PropertyDef def = catalog.find(type, idProperty).orElseThrow(() -> ApiException.validation(
                    "Property \"" + idProperty + "\" does not exist"));
            if (!def.hasUniqueValue()) {
                throw ApiException.validation("Unable to perform update/upsert by non-unique " + type.typeId()
                        + " property " + idProperty + " in portal ID " + PropertyValidator.PORTAL_ID);
            }
            // Only contacts' email is unique among the built-in properties.
            r = archived ? null : store.findLiveByEmail(type, idOrValue).orElse(null);
        }
        if (r == null || r.archived() != archived) {
            throw ApiException.notFound("Object not found.  objectId are usually numeric.")
                    .context("id", List.of(idOrValue));
        }
        return r;
    }

    private void checkEmailFree(ObjectType type, Map<String, String> values, long selfId) {
        if (type != ObjectType.CONTACTS || RecordStore.emailKey(values.get("email")) == null) {
            return;
        }
        store.findLiveByEmail(type, values.get("email")).filter(other -> other.id() != selfId).ifPresent(other -> {
            throw new ApiException(409, "CONFLICT", "Contact already exists. Existing ID: " + other.id());
        });
    }

    private static Map<String, String> withoutCleared(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>(values);
        out.values().removeIf(String::isEmpty);
        return out;
    }

    static Long parseId(String id) {
        try {
            return id == null ? null : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
