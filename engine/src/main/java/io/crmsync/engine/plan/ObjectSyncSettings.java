package io.crmsync.engine.plan;

import io.crmsync.api.ObjectSchema;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.References;
import io.crmsync.engine.value.ValueCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the planner needs to know about one object sync, bound to both apps' schemas.
 *
 * @param sync             sync name
 * @param object           object sync name
 * @param appA             app A's name
 * @param appB             app B's name
 * @param schemaA          object type schema in app A
 * @param schemaB          object type schema in app B
 * @param direction        two-way or one-way
 * @param defaultApp       conflict winner (the source in a one-way sync)
 * @param requireKey       records with no key at any match stage are EXCLUDED(NO_IDENTIFIER); for contacts this
 *                         is "sync only contacts with an email" (HubSpot's default)
 * @param match            match stages in order; empty means "no matching, always create"
 * @param filterA          entry filter for app A's records
 * @param filterB          entry filter for app B's records
 * @param continuousFilter linked records that stop passing the filter become EXCLUDED(FILTER)
 * @param deletes          policy for deletes made in each app
 * @param mappings         field mappings (enabled or not)
 * @param enforce          one-way: overwrite destination edits on every run
 * @param codec            value canonicalisation and conversion
 * @param freeMailDomains  domains that never match companies (gmail.com, ...)
 * @param externalIds      per side, the property a created record gets its source's key in; may be empty
 * @param companyFromDomain contacts only: the option associating a contact without a company with the company
 *                         of its email domain; {@code null} when off (the default)
 * @param required         per side, the properties that side's app requires to create a record (for HubSpot,
 *                         hubspot.md §B.1); a create there that would leave one empty is not written but FAILED
 *                         with REQUIRED_FIELD_MISSING, and an update never clears one. A side without an entry
 *                         requires nothing
 */
public record ObjectSyncSettings(String sync, String object, String appA, String appB, ObjectSchema schemaA,
                                 ObjectSchema schemaB, Direction direction, Side defaultApp, boolean requireKey,
                                 List<MatchStage> match, Filter filterA, Filter filterB,
                                 boolean continuousFilter, Map<Side, DeletePolicy> deletes,
                                 List<FieldMapping> mappings, boolean enforce, ValueCodec codec,
                                 Set<String> freeMailDomains, Map<Side, String> externalIds,
                                 CompanyFromDomain companyFromDomain, Map<Side, Set<String>> required) {
    public ObjectSyncSettings {
        match = List.copyOf(match);
        mappings = List.copyOf(mappings);
        deletes = Map.copyOf(deletes);
        freeMailDomains = Set.copyOf(freeMailDomains);
        externalIds = Map.copyOf(externalIds);
        Map<Side, Set<String>> copy = new java.util.EnumMap<>(Side.class);
        required.forEach((side, names) -> copy.put(side, Set.copyOf(names)));
        required = java.util.Collections.unmodifiableMap(copy);
    }

    /** Settings that require no property on create. */
    public ObjectSyncSettings(String sync, String object, String appA, String appB, ObjectSchema schemaA,
                              ObjectSchema schemaB, Direction direction, Side defaultApp, boolean requireKey,
                              List<MatchStage> match, Filter filterA, Filter filterB, boolean continuousFilter,
                              Map<Side, DeletePolicy> deletes, List<FieldMapping> mappings, boolean enforce,
                              ValueCodec codec, Set<String> freeMailDomains, Map<Side, String> externalIds,
                              CompanyFromDomain companyFromDomain) {
        this(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey, match, filterA, filterB,
                continuousFilter, deletes, mappings, enforce, codec, freeMailDomains, externalIds, companyFromDomain,
                Map.of());
    }

    /** Settings without a company derived from the email domain. */
    public ObjectSyncSettings(String sync, String object, String appA, String appB, ObjectSchema schemaA,
                              ObjectSchema schemaB, Direction direction, Side defaultApp, boolean requireKey,
                              List<MatchStage> match, Filter filterA, Filter filterB, boolean continuousFilter,
                              Map<Side, DeletePolicy> deletes, List<FieldMapping> mappings, boolean enforce,
                              ValueCodec codec, Set<String> freeMailDomains, Map<Side, String> externalIds) {
        this(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey, match, filterA, filterB,
                continuousFilter, deletes, mappings, enforce, codec, freeMailDomains, externalIds, null);
    }

    /** Settings without external-id properties. */
    public ObjectSyncSettings(String sync, String object, String appA, String appB, ObjectSchema schemaA,
                              ObjectSchema schemaB, Direction direction, Side defaultApp, boolean requireKey,
                              List<MatchStage> match, Filter filterA, Filter filterB, boolean continuousFilter,
                              Map<Side, DeletePolicy> deletes, List<FieldMapping> mappings, boolean enforce,
                              ValueCodec codec, Set<String> freeMailDomains) {
        this(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey, match, filterA, filterB,
                continuousFilter, deletes, mappings, enforce, codec, freeMailDomains, Map.of(), null);
    }

    /**
     * The property of {@code side}'s object type that a record created there gets its source's key in
     * ({@code crmsync:<app>:<id>}), to find it again after a crash when there is no identifier; null when none.
     */
    public String externalId(Side side) {
        return externalIds.get(side);
    }

    public String app(Side side) {
        return side == Side.A ? appA : appB;
    }

    public ObjectSchema schema(Side side) {
        return side == Side.A ? schemaA : schemaB;
    }

    public Filter filter(Side side) {
        return side == Side.A ? filterA : filterB;
    }

    public DeletePolicy deletePolicy(Side deletedIn) {
        return deletes.getOrDefault(deletedIn, DeletePolicy.KEEP);
    }

    /** The links of associated records this run compares and translates association values with. */
    public References references() {
        return codec.references();
    }

    /** These settings with the run's association links (DESIGN.md §2.6). */
    public ObjectSyncSettings withReferences(References value) {
        return new ObjectSyncSettings(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey,
                match, filterA, filterB, continuousFilter, deletes, mappings, enforce, codec.withReferences(value),
                freeMailDomains, externalIds, companyFromDomain, required);
    }

    /** These settings with the option {@code companyFromEmailDomain} ({@code null}: off). */
    public ObjectSyncSettings withCompanyFromDomain(CompanyFromDomain value) {
        return new ObjectSyncSettings(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey,
                match, filterA, filterB, continuousFilter, deletes, mappings, enforce, codec, freeMailDomains,
                externalIds, value, required);
    }

    /** These settings with the properties each side requires on create (see {@code required}). */
    public ObjectSyncSettings withRequired(Map<Side, Set<String>> value) {
        return new ObjectSyncSettings(sync, object, appA, appB, schemaA, schemaB, direction, defaultApp, requireKey,
                match, filterA, filterB, continuousFilter, deletes, mappings, enforce, codec, freeMailDomains,
                externalIds, companyFromDomain, value);
    }

    /** The properties {@code side}'s app requires on create; empty when none. */
    public Set<String> required(Side side) {
        return required.getOrDefault(side, Set.of());
    }

    /** The object syncs whose links this one's association mappings use, by name; empty without any. */
    public Set<String> associations() {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (FieldMapping m : mappings) {
            if (m.enabled() && m.association() != null) {
                out.add(m.association());
            }
        }
        return out;
    }

    /** {@code "sync/object"}, for messages. */
    public String label() {
        return sync + "/" + object;
    }
}
