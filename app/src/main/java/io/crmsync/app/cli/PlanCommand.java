package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.run.ProgressListener;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync plan}: a dry run of every selected object sync that is turned on. Reads both apps, writes
 * nothing to them (the state store only registers the object sync), and prints what a run would do, with
 * samples. Exit code 1 when the plan has records that would fail.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what a run would do (creates, updates, links, conflicts, exclusions, failures)"
                + " without writing anything.", "Exit code 1 when some records would fail."})
final class PlanCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Mixin
    Selection selection;

    @Option(names = "--json", description = "Print one JSON object (DESIGN.md §4) instead of the plan.")
    boolean json;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "5",
            description = "Examples shown of each kind of change (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
    boolean noProgress;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        if (sample < 0) {
            throw new UsageException("--sample must be 0 or more, not " + sample);
        }
        ProgressListener progress = ProgressBar.forConsole(console, noProgress);
        JsonReport report = new JsonReport();
        boolean anyFailed = false;
        boolean first = true;
        for (BoundObjectSync os : selection.enabled(workspace, console)) {
            RunReport r;
            try {
                r = workspace.run(os, RunOptions.defaults().withDryRun(true), progress);
            } finally {
                ProgressBar.clear(progress);
            }
            anyFailed |= r.counts().failed() > 0;
            if (json) {
                // What a run would write is the plan's; the records' states are the store's, as they stand.
                StoredState stored = StoredState.of(workspace, os.ref());
                report.add(r.sync(), r.object(), r.appA(), r.appB(), r.counts().matched(), r.counts(),
                        stored.syncing(), stored.reasons("FAILED"), stored.reasons("EXCLUDED"));
            } else {
                if (!first) {
                    console.out().println();
                }
                print(console, r);
            }
            first = false;
        }
        if (json) {
            console.out().println(report.toJson());
        }
        return Summary.exitCode(anyFailed);
    }

    private void print(Console console, RunReport r) {
        PrintStream out = console.out();
        out.printf("%s/%s: plan of %s, %s read (nothing written)%n", r.sync(), r.object(),
                r.initial() ? "the initial sync" : "an incremental run",
                Text.count(r.counts().read(), "record", "records"));
        Summary.counts(out, r.appA(), r.appB(), r.counts());
        // These are what this run would decide; status shows the records as they stand.
        Text.reasons(out, "  ", "would fail", r.failed());
        Text.reasons(out, "  ", "would exclude", r.excluded());
        new PlanSamples(console, r, sample).print();
    }
}
