package io.crmsync.app.config;

import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.Keys;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code syncs} section: each sync's two apps and its object syncs, checking that every app named
 * (in {@code types}, {@code direction}, {@code defaultApp}, {@code match}, {@code filters}, {@code deletes} and
 * mappings) is one of the sync's two apps.
 */
final class SyncParser {
    private static final List<String> SYNC_KEYS = List.of("apps", "objects");
    private static final List<String> OBJECT_KEYS = List.of("types", "direction", "defaultApp", "onlyWithEmail",
            "match", "filters", "filterPolicy", "deletes", "mappings", "enabled", "enforce", "externalId",
            "companyFromEmailDomain", "freeMailDomains");
    private static final Pattern ONE_WAY = Pattern.compile("\\s*(\\S+)\\s*->\\s*(\\S+)\\s*");
    private static final Map<String, FilterPolicy> FILTER_POLICIES =
            Map.of("entry", FilterPolicy.ENTRY, "continuous", FilterPolicy.CONTINUOUS);
    private static final Map<String, DeletePolicy> DELETE_POLICIES =
            Map.of("keep", DeletePolicy.KEEP, "propagate", DeletePolicy.PROPAGATE);

    private final ConfigContext ctx;
    private final Set<String> appNames;
    private final FilterParser filters;

    SyncParser(ConfigContext ctx, Set<String> appNames) {
        this.ctx = ctx;
        this.appNames = appNames;
        this.filters = new FilterParser(ctx);
    }

    Map<String, SyncConfig> parse(YamlNode syncs) {
        Map<String, SyncConfig> result = new LinkedHashMap<>();
        if (YamlNode.absent(syncs) || (syncs.isMap() && syncs.entries().isEmpty())) {
            ctx.problem("syncs", "at least one sync is required, e.g. syncs: {crm-shop: {apps: [crm, shop], "
                    + "objects: {contacts: {}}}}");
            return result;
        }
        if (!ctx.expectMap(syncs, "a map of sync names to syncs")) {
            return result;
        }
        syncs.entries().forEach((name, node) -> {
            if (ctx.validName(name, node.path)) {
                SyncConfig sync = sync(name, node);
                if (sync != null) {
                    result.put(name, sync);
                }
            }
        });
        return result;
    }

    private SyncConfig sync(String name, YamlNode node) {
        if (YamlNode.absent(node) || !node.isMap()) {
            ctx.problem(node.path, "expected a sync: {apps: [<app>, <app>], objects: {...}}");
            return null;
        }
        ctx.checkKeys(node, SYNC_KEYS);
        AppPair pair = apps(node);
        Map<String, ObjectSyncConfig> objects = new LinkedHashMap<>();
        YamlNode objectsNode = node.get("objects");
        if (YamlNode.absent(objectsNode) || (objectsNode.isMap() && objectsNode.entries().isEmpty())) {
            ctx.problem(YamlNode.child(node.path, "objects"),
                    "at least one object sync is required, e.g. objects: {contacts: {types: {...}}}");
        } else if (ctx.expectMap(objectsNode, "a map of object sync names to object syncs")) {
            objectsNode.entries().forEach((objectName, objectNode) -> {
                if (ctx.validName(objectName, objectNode.path)) {
                    ObjectSyncConfig object = objectSync(pair, objectName, objectNode);
                    if (object != null) {
                        objects.put(objectName, object);
                    }
                }
            });
        }
        return pair.known() ? new SyncConfig(name, pair.a(), pair.b(), objects) : null;
    }

    private AppPair apps(YamlNode sync) {
        String path = YamlNode.child(sync.path, "apps");
        YamlNode node = sync.get("apps");
        if (YamlNode.absent(node) || !node.isList() || node.items().size() != 2) {
            ctx.problem(path, "must list exactly two apps, e.g. apps: [crm, shop]");
            return new AppPair(null, null);
        }
        String[] names = new String[2];
        boolean known = true;
        for (int i = 0; i < 2; i++) {
            YamlNode item = node.items().get(i);
            names[i] = ctx.nonEmptyText(item);
            if (names[i] != null && !appNames.contains(names[i])) {
                String guess = ConfigContext.suggest(names[i], appNames);
                ctx.problem(item.path, "unknown app " + ConfigContext.quote(names[i]) + "; "
                        + (guess == null ? "" : "did you mean " + guess + "? ") + "the apps are: "
                        + String.join(", ", appNames));
                known = false;
            }
        }
        if (!known) {
            // Reported once here; the object syncs' app names cannot be checked against a wrong pair.
            return new AppPair(null, null);
        }
        if (names[0] != null && names[0].equals(names[1])) {
            ctx.problem(path, "the two apps of a sync must differ");
            return new AppPair(null, null);
        }
        return new AppPair(names[0], names[1]);
    }

    private ObjectSyncConfig objectSync(AppPair pair, String name, YamlNode node) {
        String path = node.path;
        if (!YamlNode.absent(node) && !ctx.expectMap(node, "an object sync: {types: {...}, direction: ...}")) {
            return null;
        }
        YamlNode empty = YamlNode.map(path, node.line, new LinkedHashMap<>());
        YamlNode map = YamlNode.absent(node) ? empty : node;
        ctx.checkKeys(map, OBJECT_KEYS);
        if (!pair.known()) {
            // Without the two app names most keys cannot be checked; the apps problem is already reported.
            return null;
        }
        Map<Side, String> types = byApp(pair, map.get("types"), true, "an object type", "{" + pair.a()
                + ": contacts, " + pair.b() + ": customers}");
        Direction direction = direction(pair, map.get("direction"), Direction.TWO_WAY);
        Side defaultApp = defaultApp(pair, map.get("defaultApp"), direction);
        boolean onlyWithEmail = ctx.flag(map.get("onlyWithEmail"), true);
        MatchConfig match = match(pair, map.get("match"));
        Map<Side, Filter> filterBySide = filters(pair, map.get("filters"));
        FilterPolicy filterPolicy = ctx.keyword(map.get("filterPolicy"), FILTER_POLICIES, FilterPolicy.ENTRY,
                "a filter policy; use entry or continuous");
        Map<Side, DeletePolicy> deletes = deletes(pair, map.get("deletes"));
        List<MappingConfig> mappings = mappings(pair, map.get("mappings"), direction);
        boolean enabled = ctx.flag(map.get("enabled"), true);
        boolean enforce = ctx.flag(map.get("enforce"), false);
        Map<Side, String> externalIds = byApp(pair, map.get("externalId"), false, "a property name",
                "{" + pair.a() + ": crmsync_id, " + pair.b() + ": source_ref}");
        boolean companyFromEmailDomain = ctx.flag(map.get("companyFromEmailDomain"), false);
        List<String> freeMailDomains = domains(map.get("freeMailDomains"));
        if (enforce && direction == Direction.TWO_WAY) {
            ctx.problem(YamlNode.child(path, "enforce"), "enforce applies only to one-way syncs "
                    + "(it overwrites edits made in the destination); remove it or set a one-way direction");
        }
        if (types == null || direction == null || defaultApp == null || match == null || filterBySide == null || deletes == null
                || mappings == null || externalIds == null || freeMailDomains == null) {
            return null;
        }
        return new ObjectSyncConfig(name, types.getOrDefault(Side.A, name), types.getOrDefault(Side.B, name),
                direction, defaultApp, onlyWithEmail, match, filterBySide.get(Side.A), filterBySide.get(Side.B),
                filterPolicy, deletes.get(Side.A), deletes.get(Side.B), mappings, enabled, enforce, path, externalIds,
                companyFromEmailDomain, freeMailDomains);
    }

    /**
     * A list of mail domains ({@code [webmail.example, mail.example.org]}), normalised as company domains are; an
     * absent key gives an empty list; {@code null} after reporting problems.
     */
    private List<String> domains(YamlNode node) {
        List<String> result = new ArrayList<>();
        if (YamlNode.absent(node)) {
            return result;
        }
        if (!node.isList()) {
            ctx.problem(node.path, "expected a list of mail domains, e.g. [webmail.example, mail.example.org]");
            return null;
        }
        boolean ok = true;
        for (YamlNode item : node.items()) {
            String text = ctx.nonEmptyText(item);
            String domain = text == null ? null : Keys.domain(text);
            if (text != null && (domain == null || text.contains("@") || !domain.contains(".")
                    || domain.chars().anyMatch(Character::isWhitespace))) {
                ctx.problem(item.path, ConfigContext.quote(text) + " is not a mail domain; write the part after the @,"
                        + " e.g. webmail.example");
                domain = null;
            }
            ok &= domain != null;
            if (domain != null) {
                result.add(domain);
            }
        }
        return ok ? result : null;
    }

    /**
     * Reads a map keyed by the sync's app names ({@code {crm: x, shop: y}}) into non-empty texts by side. An
     * absent map gives an empty result; {@code null} after reporting problems.
     */
    private Map<Side, String> byApp(AppPair pair, YamlNode node, boolean both, String what, String example) {
        Map<Side, YamlNode> nodes = appKeyed(pair, node, both, List.of(), what, example);
        if (nodes == null) {
            return null;
        }
        Map<Side, String> texts = new EnumMap<>(Side.class);
        boolean ok = true;
        for (Map.Entry<Side, YamlNode> entry : nodes.entrySet()) {
            String text = ctx.nonEmptyText(entry.getValue());
            ok &= text != null;
            texts.put(entry.getKey(), text);
        }
        return ok ? texts : null;
    }

    /** The values of a map keyed by the sync's app names (plus some other allowed keys), checked. */
    private Map<Side, YamlNode> appKeyed(AppPair pair, YamlNode node, boolean both, List<String> otherKeys,
                                         String what, String example) {
        Map<Side, YamlNode> result = new EnumMap<>(Side.class);
        if (YamlNode.absent(node)) {
            return result;
        }
        if (!ctx.expectMap(node, what + " per app, e.g. " + example)) {
            return null;
        }
        boolean ok = true;
        for (Map.Entry<String, YamlNode> entry : node.entries().entrySet()) {
            Side side = pair.side(entry.getKey());
            if (side != null) {
                result.put(side, entry.getValue());
            } else if (!otherKeys.contains(entry.getKey())) {
                List<String> allowed = new ArrayList<>(List.of(pair.a(), pair.b()));
                allowed.addAll(otherKeys);
                String guess = ConfigContext.suggest(entry.getKey(), allowed);
                ctx.problem(entry.getValue().path, "not an app of this sync; "
                        + (guess == null ? "" : "did you mean " + guess + "? ") + "the apps are " + pair.a()
                        + " and " + pair.b() + (otherKeys.isEmpty() ? ""
                        : "; the other keys allowed are " + String.join(", ", otherKeys)));
                ok = false;
            }
        }
        if (both && result.size() < 2 && ok) {
            ctx.problem(node.path, "needs " + what + " for both " + pair.a() + " and " + pair.b() + ", e.g. "
                    + example);
            ok = false;
        }
        return ok ? result : null;
    }

    /** {@code two-way}, {@code "<a> -> <b>"} or {@code "<b> -> <a>"}; {@code null} after reporting a problem. */
    private Direction direction(AppPair pair, YamlNode node, Direction whenAbsent) {
        String text = ctx.text(node);
        if (text == null) {
            return YamlNode.absent(node) ? whenAbsent : null;
        }
        if (text.trim().equalsIgnoreCase("two-way")) {
            return Direction.TWO_WAY;
        }
        String hint = "use two-way, \"" + pair.a() + " -> " + pair.b() + "\" or \"" + pair.b() + " -> " + pair.a()
                + "\"";
        Matcher oneWay = ONE_WAY.matcher(text);
        if (oneWay.matches()) {
            Side from = pair.side(oneWay.group(1));
            Side to = pair.side(oneWay.group(2));
            if (from != null && to != null && from != to) {
                return Direction.from(from);
            }
            String stranger = from == null ? oneWay.group(1) : to == null ? oneWay.group(2) : null;
            if (stranger != null) {
                ctx.problem(node.path, ConfigContext.quote(text) + " names " + stranger
                        + ", which is not an app of this sync; " + hint);
                return null;
            }
        }
        ctx.problem(node.path, ConfigContext.quote(text) + " is not a direction; " + hint);
        return null;
    }

    private Side defaultApp(AppPair pair, YamlNode node, Direction direction) {
        String text = ctx.text(node);
        Side source = direction == null ? null : direction.source();
        if (text == null) {
            if (!YamlNode.absent(node)) {
                return null;
            }
            // In a one-way sync the source wins conflicts; in a two-way sync the first app does unless told.
            return source != null ? source : Side.A;
        }
        Side side = pair.side(text.trim());
        if (side == null) {
            ctx.problem(node.path, ConfigContext.quote(text) + " is not an app of this sync; use " + pair.either());
            return null;
        }
        if (source != null && side != source) {
            ctx.problem(node.path, "in a one-way sync the default app is the source, " + pair.name(source)
                    + "; remove defaultApp or set it to " + pair.name(source));
            return null;
        }
        return side;
    }

    private MatchConfig match(AppPair pair, YamlNode node) {
        String example = "{" + pair.a() + ": email, " + pair.b() + ": email_address}";
        if (YamlNode.absent(node)) {
            return MatchConfig.DEFAULT;
        }
        if (node.isScalar()) {
            return ctx.keyword(node, Map.of("default", MatchConfig.DEFAULT, "none", MatchConfig.NONE), null,
                    "a matching rule; use default, none or " + example);
        }
        List<YamlNode> stageNodes = node.isList() ? node.items() : List.of(node);
        if (stageNodes.isEmpty()) {
            ctx.problem(node.path, "a list of matching stages must not be empty; use default, none or " + example);
            return null;
        }
        List<MatchStage> stages = new ArrayList<>();
        boolean ok = true;
        for (YamlNode stageNode : stageNodes) {
            Map<Side, String> props = byApp(pair, stageNode, true, "an identifier property", example);
            if (props == null || props.size() < 2) {
                ok = false;
            } else {
                stages.add(new MatchStage(props.get(Side.A), props.get(Side.B)));
            }
        }
        return ok ? MatchConfig.custom(stages) : null;
    }

    private Map<Side, Filter> filters(AppPair pair, YamlNode node) {
        Map<Side, YamlNode> nodes = appKeyed(pair, node, false, List.of(), "a filter",
                "{" + pair.b() + ": [{property: country, operator: EQ, value: FR}]}");
        if (nodes == null) {
            return null;
        }
        Map<Side, Filter> result = new EnumMap<>(Side.class);
        boolean ok = true;
        for (Side side : Side.values()) {
            Filter filter = filters.parse(nodes.get(side));
            ok &= filter != null;
            result.put(side, filter);
        }
        return ok ? result : null;
    }

    private Map<Side, DeletePolicy> deletes(AppPair pair, YamlNode node) {
        String hint = "a delete policy; use keep or propagate";
        Map<Side, DeletePolicy> result = new EnumMap<>(Side.class);
        if (YamlNode.absent(node) || node.isScalar()) {
            DeletePolicy policy = ctx.keyword(node, DELETE_POLICIES, DeletePolicy.KEEP, hint);
            result.put(Side.A, policy);
            result.put(Side.B, policy);
            return result;
        }
        Map<Side, YamlNode> nodes = appKeyed(pair, node, true, List.of(), "a delete policy",
                "{" + pair.a() + ": propagate, " + pair.b() + ": keep}");
        if (nodes == null) {
            return null;
        }
        nodes.forEach((side, value) -> result.put(side, ctx.keyword(value, DELETE_POLICIES, DeletePolicy.KEEP, hint)));
        return result;
    }

    private List<MappingConfig> mappings(AppPair pair, YamlNode node, Direction objectDirection) {
        List<MappingConfig> result = new ArrayList<>();
        if (YamlNode.absent(node)) {
            return result;
        }
        if (!node.isList()) {
            ctx.problem(node.path, "expected a list of mappings, e.g. - {" + pair.a() + ": email, " + pair.b()
                    + ": email_address}");
            return null;
        }
        boolean ok = true;
        for (YamlNode item : node.items()) {
            MappingConfig mapping = mapping(pair, item, objectDirection);
            ok &= mapping != null;
            if (mapping != null) {
                result.add(mapping);
            }
        }
        return ok && noDoubleWrites(pair, result, objectDirection) ? result : null;
    }

    private MappingConfig mapping(AppPair pair, YamlNode node, Direction objectDirection) {
        String example = "{" + pair.a() + ": email, " + pair.b() + ": email_address}";
        Map<Side, YamlNode> nodes = appKeyed(pair, node, true, List.of("enabled", "direction"), "a property",
                example);
        if (nodes == null) {
            return null;
        }
        String propA = ctx.nonEmptyText(nodes.get(Side.A));
        String propB = ctx.nonEmptyText(nodes.get(Side.B));
        boolean enabled = ctx.flag(node.get("enabled"), true);
        YamlNode directionNode = node.get("direction");
        Direction direction = direction(pair, directionNode, null);
        if (direction != null && objectDirection != null && objectDirection != Direction.TWO_WAY
                && direction != objectDirection) {
            String only = pair.name(objectDirection.source()) + " -> " + pair.name(objectDirection.source().other());
            ctx.problem(directionNode.path, "contradicts the object sync's direction; in a one-way sync a "
                    + "mapping can only go " + only);
            return null;
        }
        if (propA == null || propB == null || (direction == null && !YamlNode.absent(directionNode))) {
            return null;
        }
        return new MappingConfig(propA, propB, enabled, direction, node.path);
    }

    /** Two enabled mappings writing into the same property would fight over it on every run. */
    private boolean noDoubleWrites(AppPair pair, List<MappingConfig> mappings, Direction objectDirection) {
        boolean ok = true;
        for (Side target : Side.values()) {
            Map<String, MappingConfig> writers = new HashMap<>();
            for (MappingConfig mapping : mappings) {
                if (!mapping.enabled() || objectDirection == null
                        || !mapping.effectiveDirection(objectDirection).writesInto(target)) {
                    continue;
                }
                MappingConfig first = writers.putIfAbsent(mapping.prop(target), mapping);
                if (first != null) {
                    String shortPath = first.keyPath().substring(first.keyPath().lastIndexOf('.') + 1);
                    ctx.problem(YamlNode.child(mapping.keyPath(), pair.name(target)), pair.name(target)
                            + " property " + ConfigContext.quote(mapping.prop(target)) + " is already written by "
                            + shortPath + "; disable or remove one of them");
                    ok = false;
                }
            }
        }
        return ok;
    }
}
