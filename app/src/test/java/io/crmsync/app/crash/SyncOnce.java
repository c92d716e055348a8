package io.crmsync.app.crash;

import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RunCounts;
import java.nio.file.Path;

/**
 * Child-process entry point of the crash tests ({@link CrashHarness}): runs every object sync of a config once, like
 * {@code crmsync run --config FILE}, without depending on the CLI. Prints one {@code CRMSYNC-RUN} line per
 * object sync on standard output. Exit code 0 when no record failed, 1 otherwise (an exception also exits 1).
 *
 * <p>Arguments: {@code CONFIG [CHUNK_SIZE]}; the chunk size defaults to {@link RunOptions#defaults()}.
 */
public final class SyncOnce {
    private SyncOnce() {
    }

    public static void main(String[] args) {
        RunOptions options = RunOptions.defaults();
        if (args.length > 1) {
            options = new RunOptions(options.dryRun(), options.pageSize(), options.maxAttempts(),
                    options.backoffBaseMs(), options.backoffMaxMs(), Integer.parseInt(args[1]));
        }
        int failed = 0;
        Workspace w = Workspace.open(Path.of(args[0]), System.getenv());
        try {
            for (Workspace.BoundObjectSync os : w.objectSyncs()) {
                RunReport r = w.run(os, options, null);
                RunCounts c = r.counts();
                System.out.println("CRMSYNC-RUN " + os.sync() + "/" + os.object() + " initial=" + r.initial()
                        + " writes=" + c.writes() + " matched=" + c.matched() + " createdA=" + c.createdA()
                        + " createdB=" + c.createdB() + " updatedA=" + c.updatedA() + " updatedB=" + c.updatedB()
                        + " failed=" + c.failed() + " " + r.failed() + " excluded=" + c.excluded() + " "
                        + r.excluded());
                failed += c.failed();
            }
        } finally {
            w.close();
        }
        System.out.flush();
        System.exit(failed == 0 ? 0 : 1);
    }
}
