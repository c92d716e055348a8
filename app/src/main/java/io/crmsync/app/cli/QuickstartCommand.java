package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.quickstart.QuickstartData;
import io.crmsync.app.quickstart.QuickstartExpectations;
import io.crmsync.app.quickstart.ShellWords;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.sandbox.SandboxServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crmsync quickstart}: writes a seeded HubSpot sandbox store, a demo SQLite shop database and a config that
 * syncs them (or reuses them), runs the sync (starting the sandbox in process), and
 * shows the status. The first call also prints what the initial sync was expected to do, to compare with the
 * summary. A second call makes zero writes. Exit code as {@code run}.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Create a local HubSpot sandbox and a shop database, both with demo records, and a config"
                + " that syncs them two-way, then run it.",
                "Run it again to see an incremental run with zero writes."})
final class QuickstartCommand extends WorkspaceCommand {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "quickstart",
            description = {"Where the demo files go (default: ./${DEFAULT-VALUE}): a new or empty folder, or one"
                    + " an earlier quickstart wrote."})
    Path dir;

    @Option(names = "--reset", description = {"Delete the demo databases, config and state first, and start over.",
            "Only in a folder the quickstart wrote."})
    boolean reset;

    @Option(names = "--no-progress", description = "No progress bar (it is shown only on a terminal anyway).")
    boolean noProgress;

    private QuickstartExpectations generated;

    @Override
    Path configFile() {
        return dir.resolve(QuickstartData.CONFIG);
    }

    /**
     * Writes the demo files, or reuses them, only in a folder that is new, empty or marked as the quickstart's
     * ({@link QuickstartData#MARKER}): a folder holding anything else may hold the user's own files.
     */
    @Override
    void beforeOpen(Console console) {
        if (!QuickstartData.usable(dir)) {
            String why = Files.isDirectory(dir)
                    ? " holds files that crmsync quickstart did not write (there is no " + QuickstartData.MARKER
                    + " in it), so it is left alone"
                    : " is a file, not a folder";
            throw new UsageException("--dir " + ShellWords.quote(dir.toString()) + why + "; use another folder, e.g."
                    + " --dir " + ShellWords.quote(freeFolder().toString()));
        }
        if (reset && QuickstartData.isQuickstart(dir)) {
            try {
                QuickstartData.reset(dir);
            } catch (IllegalStateException e) {
                throw new UsageException("--reset: " + e.getMessage());
            }
            console.out().println("deleted the quickstart files in " + dir);
        }
        if (QuickstartData.exists(dir)) {
            console.out().println("using the quickstart in " + dir + " (--reset starts over)");
        } else {
            generated = QuickstartData.generate(dir, QuickstartData.DEFAULT_SEED);
            console.out().println("wrote " + dir.resolve(QuickstartData.HUBSPOT_SANDBOX) + " (the local HubSpot"
                    + " sandbox's records), " + dir.resolve(QuickstartData.SHOP_DB) + " and " + configFile());
        }
        console.out().println();
    }

    @Override
    int execute(Workspace workspace, Console console) {
        PrintStream out = console.out();
        int code = RunCommand.runAll(workspace, console, workspace.objectSyncs().stream()
                .filter(Workspace.BoundObjectSync::enabled).toList(), false, noProgress, RunOptions.defaults());
        out.println();
        out.println("status:");
        StatusCommand.print(workspace, console, workspace.objectSyncs().stream()
                .map(Workspace.BoundObjectSync::ref).toList(), false);
        if (generated != null) {
            out.println();
            out.println("expected from the generated data (compare with the run above):");
            out.print(generated);
        }
        out.println();
        out.println("next: ./crmsync plan --config " + ShellWords.quote(configFile().toString())
                + "   (then edit a row in " + ShellWords.quote(dir.resolve(QuickstartData.SHOP_DB).toString())
                + " and run again)");
        out.println("      HubSpot side: ./crmsync sandbox --data "
                + ShellWords.quote(dir.resolve(QuickstartData.HUBSPOT_SANDBOX).toString())
                + " serves these records on http://127.0.0.1:8089 (token " + SandboxServer.DEFAULT_TOKEN
                + ") while no sync runs");
        if (code == Main.FAILED) {
            // The demo's data is built to include records that fail (its table predicts them); they are a result
            // to look at, not a failure of the command. `crmsync run` on the same config exits 1 for them.
            out.println("      the failed records are part of the demo: ./crmsync records --config "
                    + ShellWords.quote(configFile().toString()) + " --state failed");
            return Main.OK;
        }
        return code;
    }

    /** A folder the quickstart may use, beside the working directory's others, to suggest instead of --dir. */
    private Path freeFolder() {
        for (int i = 1; ; i++) {
            Path candidate = Path.of(i == 1 ? "crmsync-quickstart" : "crmsync-quickstart-" + i);
            if (!candidate.toAbsolutePath().equals(dir.toAbsolutePath()) && QuickstartData.usable(candidate)) {
                return candidate;
            }
        }
    }
}
