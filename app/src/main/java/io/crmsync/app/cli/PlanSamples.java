package io.crmsync.app.cli;

import io.crmsync.api.Failure;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.PairPlan;
import io.crmsync.engine.plan.StatePlan;
import io.crmsync.engine.run.RunReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Examples from a plan, a few of each kind: creates, updates ({@code property: old → new}), links, conflicts
 * (with the winner), failures and exclusions. Values are record data, never config secrets.
 */
final class PlanSamples {
    private static final int MAX_PROPERTIES = 6;

    private final Console console;
    private final PrintStream out;
    private final RunReport report;
    private final int limit;

    PlanSamples(Console console, RunReport report, int limit) {
        this.console = console;
        this.out = console.out();
        this.report = report;
        this.limit = limit;
    }

    void print() {
        if (limit == 0) {
            return;
        }
        List<PairPlan> pairs = report.plan().pairs();
        section("creates", pairs, p -> p.kind() == PairPlan.Kind.CREATE, this::create);
        section("updates", pairs, p -> p.createIn() == null && p.kind() != PairPlan.Kind.DELETE
                && (!p.writeA().isEmpty() || !p.writeB().isEmpty()), this::update);
        section("deletes", pairs, p -> p.kind() == PairPlan.Kind.DELETE,
                p -> out.println("    archive " + id(p.deleteIn(), p.id(p.deleteIn())) + " (partner of "
                        + id(p.deleteIn().other(), p.id(p.deleteIn().other())) + ")"));
        section("links (matched)", pairs, p -> p.kind() == PairPlan.Kind.MATCH,
                p -> out.println("    " + pair(p)));
        section("conflicts", pairs, p -> p.conflicts() > 0, this::conflict);
        List<String> failures = new ArrayList<>();
        for (PairPlan p : pairs) {
            for (Failure f : p.failures()) {
                boolean named = f.property() == null || f.message().contains(f.property());
                failures.add(pair(p) + ": " + f.category() + (named ? "" : " " + f.property()) + ": "
                        + f.message());
            }
        }
        List<String> exclusions = new ArrayList<>();
        for (StatePlan s : report.plan().states()) {
            String line = id(s.side(), s.id()) + ": " + s.reason() + (s.message() == null ? "" : ": " + s.message());
            (s.state() == RecordState.EXCLUDED ? exclusions : failures).add(line);
        }
        lines("failures", failures);
        lines("exclusions", exclusions);
    }

    private void section(String title, List<PairPlan> pairs, Predicate<PairPlan> which, Consumer<PairPlan> show) {
        List<PairPlan> matching = pairs.stream().filter(which).toList();
        if (matching.isEmpty()) {
            return;
        }
        header(title, matching.size());
        matching.stream().limit(limit).forEach(show);
    }

    private void lines(String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        header(title, lines.size());
        lines.stream().limit(limit).forEach(line -> out.println("    " + line));
    }

    private void header(String title, int total) {
        out.println("  " + title + (total > limit ? " (" + limit + " of " + total + ")" : "") + ":");
    }

    private void create(PairPlan p) {
        Side target = p.createIn();
        Side source = target.other();
        StringBuilder line = new StringBuilder("    in " + app(target) + " from " + id(source, p.id(source)) + ":");
        int shown = 0;
        for (Map.Entry<String, String> e : p.write(target).entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            if (shown++ == MAX_PROPERTIES) {
                line.append(" ...");
                break;
            }
            line.append(' ').append(e.getKey()).append('=').append(Text.value(e.getValue()));
        }
        out.println(line);
    }

    private void update(PairPlan p) {
        out.println("    " + pair(p) + ":");
        for (Side side : Side.values()) {
            int shown = 0;
            for (Map.Entry<String, String> e : p.write(side).entrySet()) {
                if (shown++ == MAX_PROPERTIES) {
                    out.println("      ...");
                    break;
                }
                String before = p.before(side) == null ? null : p.before(side).get(e.getKey());
                out.println("      " + app(side) + "." + e.getKey() + ": " + Text.value(before) + " "
                        + console.right() + " " + Text.value(e.getValue()));
            }
        }
    }

    /** Each conflicting field with both values where the plan has them, and the app whose value wins. */
    private void conflict(PairPlan p) {
        out.println("    " + pair(p) + ":");
        p.winners().forEach((mapping, winner) -> {
            // A mapping's id is "propertyA=propertyB".
            int eq = mapping.indexOf('=');
            String propA = eq < 0 ? mapping : mapping.substring(0, eq);
            String propB = eq < 0 ? mapping : mapping.substring(eq + 1);
            out.println("      " + app(Side.A) + "." + propA + value(p.beforeA(), propA) + " vs " + app(Side.B)
                    + "." + propB + value(p.beforeB(), propB) + ": " + app(winner) + " wins");
        });
    }

    private static String value(Map<String, String> values, String property) {
        return values == null || !values.containsKey(property) ? "" : " " + Text.value(values.get(property));
    }

    private String pair(PairPlan p) {
        return id(Side.A, p.idA()) + " " + console.both() + " " + id(Side.B, p.idB());
    }

    private String id(Side side, String id) {
        return app(side) + " " + (id == null ? "(new)" : id);
    }

    private String app(Side side) {
        return side == Side.A ? report.appA() : report.appB();
    }
}
