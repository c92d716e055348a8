package io.crmsync.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunUndo;
import io.crmsync.engine.run.RunUndo.Action;
import io.crmsync.engine.run.RunUndo.Item;
import io.crmsync.engine.state.RunStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crmsync undo RUN_ID}: reverts the writes of one run from its audit log ({@link RunUndo}), after showing
 * what it would write and asking for confirmation. With {@code --json} and without {@code --yes} it prints the
 * review and writes nothing. Exit code 2 for a run the state store does not have, 1 when a revert failed.
 */
@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Revert the writes of one run, from its audit log: updated properties go back to their"
                + " values before the run, created records are archived.",
                "A property changed again since the run is reported and left alone. The undo is itself a run,"
                        + " which 'crmsync undo' can undo."})
final class UndoCommand extends WorkspaceCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to undo (run ids: 'crmsync run --json',"
            + " or the audit log).")
    long runId;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON object instead of the text; without --yes, only the"
            + " review (nothing is written).")
    boolean json;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for a"
            + " run of the object sync in progress to finish (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        if (waitSeconds < 0) {
            throw new UsageException("--wait must be 0 or more seconds, got " + waitSeconds);
        }
        RunStore.RunInfo run = workspace.store().runs().find(runId).orElseThrow(() -> new UsageException("no run "
                + runId + " in the state store (every run that writes prints its id in its summary, as \"run id"
                + "  7  (to revert its writes: crmsync undo 7)\"; runs of a deleted object sync are gone)"));
        BoundObjectSync os = workspace.objectSyncs().stream().filter(b -> b.sync().equals(run.sync())
                && b.object().equals(run.object())).findFirst().orElseThrow(() -> new UsageException("run " + runId
                + " belongs to object sync " + run.sync() + "/" + run.object() + ", which the config no longer has"));
        RunUndo undo = workspace.undo(os);
        RunUndo.Review review = undo.review(run);
        if (!json) {
            printReview(console, review);
        }
        if (review.writes() == 0) {
            if (json) {
                console.out().println(toJson(review, review.items(), false, 0, 0));
            } else {
                console.out().println("nothing to undo: no record can be reverted");
            }
            return Main.OK;
        }
        if (json && !yes) {
            console.out().println(toJson(review, review.items(), false, 0, 0));
            return Main.OK;
        }
        if (!yes && !console.confirm("Undo: write " + Text.count(review.writes(), "record", "records") + "?")) {
            console.out().println("cancelled; nothing written");
            return Main.OK;
        }
        RunOptions options = RunOptions.defaults().withLease(waitSeconds * 1000, RunOptions.DEFAULT_LEASE_TTL_MS);
        RunUndo.Outcome outcome = undo.apply(review, options);
        if (json) {
            console.out().println(toJson(review, outcome.items(), true, outcome.undoRunId(), outcome.failed()));
        } else {
            for (Item it : outcome.items()) {
                if (it.message() != null) {
                    console.out().println("  failed       " + record(it) + ": " + it.message());
                }
            }
            console.out().println("undone: " + Text.count(outcome.written(), "record", "records") + " written as run "
                    + outcome.undoRunId() + " (to undo this undo: crmsync undo " + outcome.undoRunId() + ")"
                    + (outcome.failed() == 0 ? "" : "; " + outcome.failed() + " failed"));
        }
        return outcome.failed() > 0 ? Main.FAILED : Main.OK;
    }

    private static void printReview(Console console, RunUndo.Review review) {
        PrintStream out = console.out();
        RunStore.RunInfo run = review.run();
        out.printf("run %d of %s/%s (%s, started %s): %s%n", run.id(), run.sync(), run.object(),
                run.initial() ? "initial sync" : "incremental run", run.startedAt(),
                Text.count(review.items().size(), "record written", "records written"));
        String arrow = console.right();
        for (Item it : review.items()) {
            String what = record(it);
            switch (it.action()) {
                case REVERT -> it.revert().forEach((p, v) -> out.printf("  %-12s %s: %s %s %s %s%n", "revert", what, p,
                        quote(v[0]), arrow, quote(v[1])));
                case ARCHIVE -> out.printf("  %-12s %s (created by run %d)%n", "archive", what, run.id());
                case GONE -> out.printf("  %-12s %s: no longer in %s%n", "gone", what, it.app());
                case CANNOT_UNDO -> out.printf("  %-12s %s: deleted by run %d; crmsync resync-deleted re-creates"
                        + " it from its partner in the other app while that partner exists (after deletes: propagate,"
                        + " restore the partner first, e.g. from HubSpot's recycle bin)%n", "cannot undo", what,
                        run.id());
                case CHANGED_SINCE -> {
                    // Reported below, property by property.
                }
                default -> throw new IllegalStateException(it.action().name());
            }
            it.changedSince().forEach((p, v) -> out.printf("  %-12s %s: %s changed since run %d, left alone (now %s;"
                    + " the run wrote %s)%n", "left alone", what, p, run.id(), quote(v[0]), quote(v[1])));
            if (it.action() == Action.CHANGED_SINCE && it.operation().equals("CREATE")) {
                out.printf("  %-12s %s: created by run %d and edited since; not archived%n", "left alone", what,
                        run.id());
            }
        }
    }

    private static String record(Item it) {
        return it.app() + " " + it.objectType() + " " + it.recordId();
    }

    private static String quote(String value) {
        return value == null || value.isEmpty() ? "(empty)" : "\"" + value + "\"";
    }

    private static String toJson(RunUndo.Review review, List<Item> items, boolean applied, long undoRun, int failed) {
        ObjectNode root = JSON.createObjectNode();
        root.put("run", review.run().id());
        root.put("sync", review.run().sync());
        root.put("object", review.run().object());
        root.put("applied", applied);
        if (applied) {
            root.put("undoRun", undoRun);
            root.put("failed", failed);
        }
        root.put("writes", review.writes());
        ArrayNode records = root.putArray("records");
        for (Item it : items) {
            ObjectNode r = records.addObject();
            r.put("app", it.app());
            r.put("objectType", it.objectType());
            r.put("id", it.recordId());
            r.put("operation", it.operation());
            r.put("action", it.action().name());
            pairs(r.putObject("revert"), it.revert(), "from", "to");
            pairs(r.putObject("changedSince"), it.changedSince(), "now", "runWrote");
            if (it.message() != null) {
                r.put("error", it.message());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pairs(ObjectNode node, Map<String, String[]> values, String first, String second) {
        values.forEach((p, v) -> node.putObject(p).put(first, v[0]).put(second, v[1]));
    }
}
