package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.run.ProgressListener;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync run}: runs every selected object sync that is turned on, once, and prints what each run did.
 * Exit code 1 when a record failed in the run or stands FAILED from an earlier one.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Sync the selected object syncs once: read changes on both sides, match, write.",
                "Exit code 1 when any record failed (in this run or before, and not fixed since)."})
final class RunCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Mixin
    Selection selection;

    @Option(names = "--json", description = "Print one JSON object (DESIGN.md §4) instead of the summary.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
    boolean noProgress;

    @Option(names = "--wait", paramLabel = "SECONDS", description = "How long to wait for another run of the same "
            + "object sync (another process or machine) to finish before giving up (default: ${DEFAULT-VALUE}).",
            defaultValue = "120")
    long waitSeconds;

    @Option(names = "--reconcile", description = "Also read every linked record back by id to find records deleted "
            + "without any change feed saying so (HubSpot GDPR deletes and purges, rows deleted from tables without "
            + "a change trigger); one batch read per 100 links in HubSpot.")
    boolean reconcile;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        if (waitSeconds < 0) {
            throw new UsageException("--wait must be 0 or more seconds, got " + waitSeconds);
        }
        RunOptions options = RunOptions.defaults().withLease(waitSeconds * 1000, RunOptions.DEFAULT_LEASE_TTL_MS)
                .withReconcile(reconcile);
        return runAll(workspace, console, selection.enabled(workspace, console), json, noProgress, options);
    }

    /**
     * Runs object syncs one after the other and prints the summary or the JSON object. In the JSON, {@code linked}
     * is the pairs matched in this run (as for {@code plan}), and {@code syncing}, {@code failed} and
     * {@code excluded} count the records as they stand after the run.
     *
     * @return the exit code
     */
    static int runAll(Workspace workspace, Console console, List<BoundObjectSync> objectSyncs, boolean json,
                      boolean noProgress, RunOptions options) {
        ProgressListener progress = ProgressBar.forConsole(console, noProgress);
        JsonReport report = new JsonReport();
        boolean anyFailed = false;
        boolean first = true;
        for (BoundObjectSync os : objectSyncs) {
            RunReport r;
            try {
                r = workspace.run(os, options, progress);
            } finally {
                ProgressBar.clear(progress);
            }
            StoredState after = StoredState.of(workspace, os.ref());
            anyFailed |= r.counts().failed() > 0 || after.failed() > 0;
            if (json) {
                report.add(r.sync(), r.object(), r.appA(), r.appB(), r.counts().matched(), r.counts(),
                        after.syncing(), after.reasons("FAILED"), after.reasons("EXCLUDED"));
                report.deletesFound(r.deletesFound());
            } else {
                if (!first) {
                    console.out().println();
                }
                Summary.run(console, r, after);
            }
            first = false;
        }
        if (json) {
            console.out().println(report.toJson());
        } else if (objectSyncs.isEmpty()) {
            console.out().println("nothing to run: no object sync is turned on");
        }
        return Summary.exitCode(anyFailed);
    }
}
