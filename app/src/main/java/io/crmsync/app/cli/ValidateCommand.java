package io.crmsync.app.cli;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.app.bind.Binder;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MappingRules;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.Keys;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code crmsync validate}: loads the config, connects to every app and checks every table and mapped property,
 * opens the state store, then describes each object sync as it will run. Reports all problems at once (exit
 * code 2) or an unreachable app or state store (exit code 3).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the config, the apps' credentials, every mapped property and the state store,"
                + " without syncing.")
final class ValidateCommand extends WorkspaceCommand {
    /** How many unmatched options {@code validate} names per mapping direction before "and N more". */
    private static final int OPTIONS_SHOWN = 5;

    @Mixin
    ConfigOptions config;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        PrintStream out = console.out();
        // Opening the store checks that it is reachable (exit code 3 if not) and creates or migrates it.
        workspace.store();
        out.printf("config OK: %s, %s%n", Text.count(workspace.config().apps().size(), "app", "apps"),
                Text.count(workspace.objectSyncs().size(), "object sync", "object syncs"));
        out.println("state store: " + workspace.config().redact(StateStore.redactUrl(workspace.config().state().url())));
        for (BoundObjectSync os : workspace.objectSyncs()) {
            describe(workspace, os, console);
        }
        return Main.OK;
    }

    private static void describe(Workspace workspace, BoundObjectSync os, Console console) {
        PrintStream out = console.out();
        ObjectSyncSettings s = os.settings();
        String typeA = s.schemaA().objectType();
        String typeB = s.schemaB().objectType();
        Set<String> requiredA = Binder.requiredProperties(workspace.config(), s.appA(), s.object(), typeA, typeB,
                typeA);
        Set<String> requiredB = Binder.requiredProperties(workspace.config(), s.appB(), s.object(), typeA, typeB,
                typeB);
        out.printf("%n%s: %s %s %s %s %s%s%n", s.label(), s.appA(), s.schemaA().objectType(), console.both(),
                s.appB(), s.schemaB().objectType(), os.enabled() ? "" : " (turned off)");
        out.println("  direction:   " + Text.direction(s.direction(), s));
        out.println("  default app: " + s.app(s.defaultApp()));
        out.println("  match:       " + match(s, console));
        if (s.companyFromDomain() != null) {
            out.println("  company:     a contact without one gets the company of its email domain (free-mail"
                    + " domains and domains of several companies excepted)");
        }
        out.println("  mappings:");
        List<String> off = new ArrayList<>();
        for (FieldMapping m : s.mappings()) {
            String pair = s.appA() + "." + m.property(Side.A) + " "
                    + Text.arrow(m.direction(), console) + " " + s.appB() + "."
                    + m.property(Side.B);
            if (m.enabled()) {
                MappingRules.Allowed allowed = MappingRules.allowed(m.defA(), m.defB());
                out.println("    " + pair + " (" + Text.direction(m.direction(), s) + ")"
                        + (m.key() != null ? ", identifier" : "")
                        + (requiredA.contains(m.property(Side.A)) || requiredB.contains(m.property(Side.B))
                        ? ", required" : "")
                        + (allowed.reason() != null && m.direction() != Direction.TWO_WAY
                        ? "; one-way only: " + allowed.reason() : ""));
            } else {
                off.add(pair);
            }
        }
        if (!off.isEmpty()) {
            out.println("  turned off:");
            off.forEach(pair -> out.println("    " + pair));
        }
        List<String> unmatched = unmatchedOptions(s);
        if (!unmatched.isEmpty()) {
            out.println("  options with no counterpart (a record holding one fails that field, INVALID_OPTION):");
            unmatched.forEach(line -> out.println("    " + line));
        }
        List<String> rejected = rejectedDefaults(s);
        if (!rejected.isEmpty()) {
            out.println("  not mapped (same name in both apps):");
            rejected.forEach(line -> out.println("    " + line));
        }
    }

    /**
     * For each enabled mapping between two properties with options (enumerations, multi-selects, owners), in each
     * direction it writes: the source's options that no target option has as its label or value, compared as
     * records are converted (case and spaces ignored), e.g. a deal stage HubSpot's pipelines lack or a user with
     * no HubSpot owner. At most {@value #OPTIONS_SHOWN} are named per direction.
     */
    private static List<String> unmatchedOptions(ObjectSyncSettings s) {
        List<String> out = new ArrayList<>();
        for (FieldMapping m : s.mappings()) {
            if (!m.enabled()) {
                continue;
            }
            for (Side from : Side.values()) {
                Side to = from.other();
                PropertyDef source = from == Side.A ? m.defA() : m.defB();
                PropertyDef target = to == Side.A ? m.defA() : m.defB();
                if (!m.direction().writesInto(to) || source.options().isEmpty() || target.options().isEmpty()) {
                    continue;
                }
                Set<String> known = new HashSet<>();
                target.options().forEach(o -> {
                    known.add(Keys.text(o.label()));
                    known.add(Keys.text(o.value()));
                });
                List<String> missing = source.options().stream().map(PropertyOption::label)
                        .filter(label -> !known.contains(Keys.text(label))).map(label -> "\"" + label + "\"")
                        .toList();
                if (!missing.isEmpty()) {
                    out.add(s.app(from) + "." + m.property(from) + " → " + s.app(to) + "." + m.property(to) + ": "
                            + String.join(", ", missing.subList(0, Math.min(OPTIONS_SHOWN, missing.size())))
                            + (missing.size() > OPTIONS_SHOWN ? " and " + (missing.size() - OPTIONS_SHOWN) + " more"
                            : ""));
                }
            }
        }
        return out;
    }

    /** Same-named properties the binder left out: no direction may write them, or an association lacks its object sync. */
    private static List<String> rejectedDefaults(ObjectSyncSettings s) {
        List<String> out = new ArrayList<>();
        for (PropertyDef a : s.schemaA().properties().values()) {
            PropertyDef b = s.schemaB().properties().get(a.name());
            boolean mapped = s.mappings().stream().anyMatch(m -> m.property(Side.A).equals(a.name())
                    || m.property(Side.B).equals(a.name()));
            if (b == null || mapped) {
                continue;
            }
            if (a.associatedType() != null) {
                out.add(s.appA() + "." + a.name() + " / " + s.appB() + "." + b.name() + ": an association, synced"
                        + " only with an enabled object sync of " + a.associatedType() + " ↔ "
                        + b.associatedType() + " in this sync");
                continue;
            }
            MappingRules.Allowed allowed = MappingRules.allowed(a, b);
            if (MappingRules.narrow(s.direction(), allowed) == null) {
                out.add(s.appA() + "." + a.name() + " / " + s.appB() + "." + b.name() + ": "
                        + (allowed.none() ? allowed.reason() : "only " + Text.direction(allowed.widest(), s)
                        + " (" + allowed.reason() + ")"));
            }
        }
        return out;
    }

    private static String match(ObjectSyncSettings s, Console console) {
        if (s.match().isEmpty()) {
            return "none (every record is created in the other app)";
        }
        List<String> stages = new ArrayList<>();
        for (MatchStage m : s.match()) {
            stages.add(s.appA() + "." + m.propertyA() + " = " + s.appB() + "." + m.propertyB()
                    + " (" + m.kind().name().toLowerCase(Locale.ROOT) + ")");
        }
        String rule = String.join(", then ", stages);
        return s.requireKey() ? rule + "; records without one are excluded" : rule;
    }
}
