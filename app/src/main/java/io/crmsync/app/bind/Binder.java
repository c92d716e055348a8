package io.crmsync.app.bind;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.FilterPolicy;
import io.crmsync.app.config.MappingConfig;
import io.crmsync.app.config.MatchConfig;
import io.crmsync.app.config.ObjectSyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MappingRules;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.value.FreeMailDomains;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds an object sync of the config to both apps' schemas: resolves default and custom mappings, identifiers,
 * read-only properties and filters into {@link ObjectSyncSettings}. Every problem found is added to the error
 * list with the config line it comes from.
 */
public final class Binder {
    private final CrmsyncConfig config;

    public Binder(CrmsyncConfig config) {
        this.config = config;
    }

    /**
     * @param schemas the object type's schema on each side
     * @param errors  receives every problem found
     * @return the settings, or {@code null} when there were errors
     */
    public ObjectSyncSettings bind(SyncConfig sync, ObjectSyncConfig os, Map<Side, ObjectSchema> schemas,
                                   List<ConfigError> errors) {
        int before = errors.size();
        ObjectKind kind = ObjectKind.of(os.name(), os.typeA(), os.typeB());
        List<MatchStage> stages = stages(sync, os, kind, schemas, errors);
        boolean requireKey = switch (os.match().kind()) {
            case NONE -> false;
            case CUSTOM -> true;
            case DEFAULT -> kind != ObjectKind.CONTACTS || os.onlyWithEmail();
        };
        Map<String, KeyKind> keyOf = new LinkedHashMap<>();
        for (MatchStage s : stages) {
            if (s.kind() == KeyKind.EMAIL || s.kind() == KeyKind.DOMAIN) {
                keyOf.put(s.propertyA() + "=" + s.propertyB(), s.kind());
            }
        }
        for (Map.Entry<Side, String> e : os.externalIds().entrySet()) {
            if (schemas.get(e.getKey()).property(e.getValue()).isEmpty()) {
                errors.add(config.errorAt(os.keyPath() + ".externalId." + sync.appName(e.getKey()), "unknown property"
                        + " \"" + e.getValue() + "\" in " + sync.appName(e.getKey()) + " " + os.type(e.getKey())
                        + "; create it (text) to hold the key of the record each create came from"));
            }
        }
        List<FieldMapping> mappings = mappings(sync, os, schemas, keyOf, errors);
        // The external id is crmsync's own bookkeeping, never synced as a field.
        mappings.removeIf(m -> m.property(Side.A).equals(os.externalIds().get(Side.A))
                || m.property(Side.B).equals(os.externalIds().get(Side.B)));
        required(sync, os, kind, mappings, errors);
        for (Side side : Side.values()) {
            for (List<Condition> group : os.filter(side).anyOf()) {
                for (Condition c : group) {
                    if (schemas.get(side).property(c.property()).isEmpty()) {
                        errors.add(config.errorAt(os.keyPath() + ".filters." + sync.appName(side),
                                "unknown property \"" + c.property() + "\" in " + sync.appName(side) + " "
                                        + os.type(side) + "; its properties are: " + names(schemas.get(side))));
                    }
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        Map<Side, DeletePolicy> deletes = new EnumMap<>(Side.class);
        deletes.put(Side.A, os.deletesA());
        deletes.put(Side.B, os.deletesB());
        return new ObjectSyncSettings(sync.name(), os.name(), sync.appA(), sync.appB(), schemas.get(Side.A),
                schemas.get(Side.B), os.direction(), os.defaultApp(), requireKey, stages, os.filterA(), os.filterB(),
                os.filterPolicy() == FilterPolicy.CONTINUOUS, deletes, mappings, os.enforce(),
                codec(sync, errors), freeMailDomains(os), os.externalIds()).withRequired(requiredBySide(sync, os));
    }

    /** Per side, the properties its app requires on create: the same rule the mappings are checked with. */
    private Map<Side, Set<String>> requiredBySide(SyncConfig sync, ObjectSyncConfig os) {
        Map<Side, Set<String>> out = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            out.put(side, requiredProperties(config, sync.appName(side), os.name(), os.typeA(), os.typeB(),
                    os.type(side)));
        }
        return out;
    }

    /** The shipped free-mail list plus the object sync's {@code freeMailDomains}. */
    private static Set<String> freeMailDomains(ObjectSyncConfig os) {
        if (os.freeMailDomains().isEmpty()) {
            return FreeMailDomains.shipped();
        }
        Set<String> out = new HashSet<>(FreeMailDomains.shipped());
        out.addAll(os.freeMailDomains());
        return out;
    }

    private List<MatchStage> stages(SyncConfig sync, ObjectSyncConfig os, ObjectKind kind,
                                    Map<Side, ObjectSchema> schemas, List<ConfigError> errors) {
        MatchConfig match = os.match();
        if (match.kind() == MatchConfig.Kind.NONE) {
            return List.of();
        }
        List<MatchStage> stages = new ArrayList<>();
        if (match.kind() == MatchConfig.Kind.DEFAULT) {
            for (ObjectKind.DefaultStage d : kind.defaultStages()) {
                // A default identifier the apps do not have is skipped; the others still match.
                String a = firstPresent(schemas.get(Side.A), d.candidates());
                String b = firstPresent(schemas.get(Side.B), d.candidates());
                if (a != null && b != null) {
                    stages.add(new MatchStage(a, b, d.kind()));
                }
            }
            return stages;
        }
        for (io.crmsync.app.config.MatchStage s : match.stages()) {
            boolean ok = true;
            if (s.propA().startsWith(PropertyDef.ASSOCIATION_PREFIX)
                    || s.propB().startsWith(PropertyDef.ASSOCIATION_PREFIX)) {
                // An association holds another record's id in each app: equal ids say nothing about identity.
                errors.add(config.errorAt(os.keyPath() + ".match", "an association (" + s.propA() + " = "
                        + s.propB() + ") cannot identify records: match on properties such as email or domain"));
                continue;
            }
            for (Side side : Side.values()) {
                if (schemas.get(side).property(s.prop(side)).isEmpty()) {
                    errors.add(config.errorAt(os.keyPath() + ".match", "unknown property \"" + s.prop(side)
                            + "\" in " + sync.appName(side) + " " + os.type(side)));
                    ok = false;
                }
            }
            if (ok) {
                stages.add(new MatchStage(s.propA(), s.propB(), kind.keyKindFor(s.propA())));
            }
        }
        return stages;
    }

    private List<FieldMapping> mappings(SyncConfig sync, ObjectSyncConfig os, Map<Side, ObjectSchema> schemas,
                                        Map<String, KeyKind> keyOf, List<ConfigError> errors) {
        Map<String, MappingConfig> byA = new LinkedHashMap<>();
        Map<String, MappingConfig> byB = new LinkedHashMap<>();
        for (MappingConfig m : os.mappings()) {
            boolean ok = true;
            for (Side side : Side.values()) {
                if (schemas.get(side).property(m.prop(side)).isEmpty()) {
                    errors.add(config.errorAt(m.keyPath() + "." + sync.appName(side), "unknown property \""
                            + m.prop(side) + "\" in " + sync.appName(side) + " " + os.type(side)
                            + "; its properties are: " + names(schemas.get(side))));
                    ok = false;
                }
            }
            // Each property is mapped at most once (HubSpot's and PieSync's rule, hubspot.md §A.6): two mappings
            // writing one property would fight over it.
            ok &= once(sync, os, m, Side.A, byA, errors) & once(sync, os, m, Side.B, byB, errors);
            if (ok) {
                byA.put(m.propA(), m);
                byB.put(m.propB(), m);
            }
        }
        // Default mappings: properties of the same name in both apps, unless the user mapped either of them.
        List<MappingConfig> all = new ArrayList<>();
        for (PropertyDef a : schemas.get(Side.A).properties().values()) {
            if (!byA.containsKey(a.name()) && !byB.containsKey(a.name())
                    && schemas.get(Side.B).property(a.name()).isPresent()) {
                all.add(new MappingConfig(a.name(), a.name(), true, null, os.keyPath()));
            }
        }
        all.addAll(byA.values());
        List<FieldMapping> out = new ArrayList<>();
        for (MappingConfig m : all) {
            PropertyDef a = schemas.get(Side.A).properties().get(m.propA());
            PropertyDef b = schemas.get(Side.B).properties().get(m.propB());
            MappingRules.Allowed allowed = MappingRules.allowed(a, b);
            Direction dir = MappingRules.narrow(m.effectiveDirection(os.direction()), allowed);
            if (dir == null) {
                // A default mapping that cannot be written is simply not made; validate lists it.
                if (m.enabled() && byA.get(m.propA()) == m) {
                    errors.add(config.errorAt(m.keyPath(), "mapping " + sync.appA() + "." + m.propA() + " = "
                            + sync.appB() + "." + m.propB() + " can never be written "
                            + m.effectiveDirection(os.direction()).label(sync.appA(), sync.appB()) + ": "
                            + allowed.reason()));
                }
                continue;
            }
            boolean assocA = a.associatedType() != null;
            boolean assocB = b.associatedType() != null;
            String association = null;
            if (assocA || assocB) {
                association = associated(sync, a, b);
                if (association == null || assocA != assocB) {
                    if (byA.get(m.propA()) == m) {
                        errors.add(config.errorAt(m.keyPath(), "association " + sync.appA() + "." + m.propA() + " = "
                                + sync.appB() + "." + m.propB() + (assocA != assocB
                                ? " pairs an association with a property; map an association onto an association"
                                : " needs an enabled object sync of " + a.associatedType() + " ↔ "
                                + b.associatedType() + " in sync " + sync.name())));
                    }
                    continue;
                }
            }
            out.add(new FieldMapping(a, b, dir, m.enabled(), keyOf.get(m.propA() + "=" + m.propB()), association));
        }
        return out;
    }

    /**
     * The enabled object sync of {@code sync} that pairs the object types two association properties name
     * ({@code @companies} ↔ {@code @organizations}), or {@code null}: an association is synced only if the
     * associated object type has an enabled object sync (DESIGN.md §2.6).
     */
    private static String associated(SyncConfig sync, PropertyDef a, PropertyDef b) {
        if (a.associatedType() == null || b.associatedType() == null) {
            return null;
        }
        for (ObjectSyncConfig other : sync.objects().values()) {
            if (other.enabled() && other.typeA().equals(a.associatedType())
                    && other.typeB().equals(b.associatedType())) {
                return other.name();
            }
        }
        return null;
    }

    /**
     * Properties an app requires on create, for the object sync's kind: HubSpot's list (hubspot.md §B.1) for a
     * HubSpot app, none for others. Their mappings are marked required and cannot be turned off.
     */
    public static Set<String> requiredProperties(CrmsyncConfig config, String appName, String objectSyncName,
                                                 String typeA, String typeB, String typeInApp) {
        AppSettings app = config.app(appName);
        if (app == null || !"hubspot".equals(app.type())) {
            return Set.of();
        }
        return ObjectKind.of(objectSyncName, typeA, typeB).requiredInHubSpot(typeInApp);
    }

    private void required(SyncConfig sync, ObjectSyncConfig os, ObjectKind kind, List<FieldMapping> mappings,
                          List<ConfigError> errors) {
        for (Side side : Side.values()) {
            String app = sync.appName(side);
            Set<String> required = requiredProperties(config, app, os.name(), os.typeA(), os.typeB(), os.type(side));
            if (required.isEmpty() || !os.direction().writesInto(side)) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (String property : new TreeSet<>(required)) {
                FieldMapping m = mappings.stream().filter(f -> f.property(side).equals(property)).findFirst()
                        .orElse(null);
                if (m == null || !m.direction().writesInto(side)) {
                    missing.add(property);
                } else if (!m.enabled()) {
                    errors.add(config.errorAt(os.keyPath() + ".mappings", app + "." + property + " is required by"
                            + " HubSpot to create " + os.type(side) + " and cannot be turned off"));
                }
            }
            if (!missing.isEmpty()) {
                errors.add(config.errorAt(os.keyPath() + ".mappings", "HubSpot requires " + String.join(", ",
                        missing) + " to create " + os.type(side) + " in " + app + ": map "
                        + (missing.size() == 1 ? "it" : "them") + " into " + app + ", or sync " + os.name()
                        + " one way from " + app));
            }
        }
    }

    private boolean once(SyncConfig sync, ObjectSyncConfig os, MappingConfig m, Side side,
                         Map<String, MappingConfig> seen, List<ConfigError> errors) {
        MappingConfig earlier = seen.get(m.prop(side));
        if (earlier == null) {
            return true;
        }
        errors.add(config.errorAt(m.keyPath() + "." + sync.appName(side), sync.appName(side) + "." + m.prop(side)
                + " is mapped twice in " + os.name() + " (also to " + sync.appName(side.other()) + "."
                + earlier.prop(side.other()) + "); map each property at most once"));
        return false;
    }

    private ValueCodec codec(SyncConfig sync, List<ConfigError> errors) {
        ZoneId zone = ZoneOffset.UTC;
        String region = null;
        for (Side side : Side.values()) {
            AppSettings app = config.app(sync.appName(side));
            if (app == null) {
                continue;
            }
            if (app.string("timeZone") != null) {
                try {
                    zone = ZoneId.of(app.string("timeZone"));
                } catch (DateTimeException e) {
                    errors.add(config.errorAt("apps." + app.name() + ".timeZone", "unknown time zone \""
                            + app.string("timeZone") + "\"; use an IANA name such as America/Phoenix"));
                }
            }
            if (region == null && app.string("defaultRegion") != null) {
                region = app.string("defaultRegion");
            }
        }
        return new ValueCodec(zone, region);
    }

    private static String firstPresent(ObjectSchema schema, List<String> names) {
        return names.stream().filter(n -> schema.property(n).isPresent()).findFirst().orElse(null);
    }

    private static String names(ObjectSchema schema) {
        return String.join(", ", schema.properties().keySet());
    }
}
