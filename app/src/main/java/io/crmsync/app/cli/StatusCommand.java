package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.engine.state.RunCounts;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync status}: per object sync, the records syncing, failed (by category, with hints), excluded (by
 * reason, with hints) and pending, and what the last run wrote. Exit code 1 when any record stands FAILED.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each object sync's records by state, with hints, and its last run.",
                "Exit code 1 when any record is failed."})
final class StatusCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Mixin
    Selection selection;

    @Option(names = "--json", description = "Print one JSON object (DESIGN.md §4) instead of the text.")
    boolean json;

    @Override
    Path configFile() {
        return config.file;
    }

    /** Status reads the state store only: it works while an app is down. */
    @Override
    boolean needsApps() {
        return false;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        return print(workspace, console, selection.declared(workspace), json);
    }

    /**
     * Prints the status of object syncs. In the JSON, {@code linked}, {@code created}, ... {@code writes} are
     * the last run's; {@code syncing}, {@code failed} and {@code excluded} count the records as they stand.
     *
     * @return the exit code
     */
    static int print(Workspace workspace, Console console, List<ObjectSyncRef> objectSyncs, boolean json) {
        JsonReport report = new JsonReport();
        boolean anyFailed = false;
        boolean first = true;
        for (ObjectSyncRef declared : objectSyncs) {
            // Off when the config or `crmsync disable` turns it off: a run skips it either way.
            ObjectSyncRef os = declared.enabled() && !workspace.store().isEnabled(declared.sync(), declared.object())
                    ? new ObjectSyncRef(declared.sync(), declared.object(), declared.appA(), declared.appB(),
                    declared.typeA(), declared.typeB(), declared.direction(), false) : declared;
            StoredState state = StoredState.of(workspace, os);
            anyFailed |= state.failed() > 0;
            if (json) {
                RunCounts last = state.lastRun().orElse(RunCounts.ZERO);
                report.add(os.sync(), os.object(), os.appA(), os.appB(), last.matched(),
                        last, state.syncing(), state.reasons("FAILED"), state.reasons("EXCLUDED"));
                report.retries(state.retries());
                report.turnedOff(!os.enabled());
            } else {
                if (!first) {
                    console.out().println();
                }
                Summary.status(console, os, state);
                if (os != declared) {
                    console.out().printf("  %-16s crmsync disable; turn it on with: crmsync enable %s --object %s%n",
                            "turned off by", os.sync(), os.object());
                }
            }
            first = false;
        }
        if (json) {
            console.out().println(report.toJson());
        }
        return Summary.exitCode(anyFailed);
    }
}
