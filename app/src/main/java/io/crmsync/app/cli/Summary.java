package io.crmsync.app.cli;

import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RunCounts;
import java.io.PrintStream;
import java.util.Map;

/** The screen output of {@code run} and {@code status}: one block per object sync. */
final class Summary {
    private Summary() {
    }

    /** What one run did, then its failed and excluded records as they stand after it. */
    static void run(Console console, RunReport report, StoredState after) {
        PrintStream out = console.out();
        out.printf("%s/%s: %s, %s read%n", report.sync(), report.object(),
                report.initial() ? "initial sync" : "incremental run",
                Text.count(report.counts().read(), "record", "records"));
        counts(out, report.appA(), report.appB(), report.counts());
        if (report.deletesFoundTotal() > 0) {
            out.printf("  %-16s %s%n", "deletes found", Text.perApp(report.appA(),
                    report.deletesFound().getOrDefault(report.appA(), 0), report.appB(),
                    report.appA().equals(report.appB()) ? 0 : report.deletesFound().getOrDefault(report.appB(), 0)));
        }
        out.printf("  %-16s %d%n", "failed this run", report.counts().failed());
        if (report.counts().writes() > 0) {
            out.printf("  %-16s %d  (to revert its writes: crmsync undo %d)%n", "run id", report.runId(),
                    report.runId());
        }
        failedAndExcluded(out, after);
    }

    /** Where an object sync stands: records per state with hints, and what its last run wrote. */
    static void status(Console console, ObjectSyncRef os, StoredState state) {
        PrintStream out = console.out();
        out.printf("%s: %s %s %s %s %s%s%n", os.label(), os.appA(), os.typeA(),
                Text.arrow(os.direction(), console), os.appB(), os.typeB(), os.enabled() ? "" : " (turned off)");
        out.printf("  %-16s %d%n", "syncing", state.syncing());
        int pending = state.total("PENDING");
        out.printf("  %-16s %d%s%n", "pending", pending,
                pending == 0 ? "" : "  (creates not confirmed yet; the next run resolves them)");
        failedAndExcluded(out, state);
        retries(out, state);
        if (state.lastRun().isEmpty()) {
            out.printf("  %-16s none yet%n", "last run");
            return;
        }
        RunCounts last = state.lastRun().get();
        out.printf("  %-16s %s (created %s; updated %s; deleted %s), %d matched, %s%n",
                "last run", Text.count(last.writes(), "write", "writes"), Text.perApp(os.appA(), last.createdA(), os.appB(), last.createdB()),
                Text.perApp(os.appA(), last.updatedA(), os.appB(), last.updatedB()),
                Text.perApp(os.appA(), last.deletedA(), os.appB(), last.deletedB()), last.matched(),
                Text.count(last.conflicts(), "conflict", "conflicts"));
    }

    /** Matched, created, updated, deleted (when any), conflicts and writes. */
    static void counts(PrintStream out, String appA, String appB, RunCounts c) {
        out.printf("  %-16s %d%n", "matched", c.matched());
        out.printf("  %-16s %s%n", "created", Text.perApp(appA, c.createdA(), appB, c.createdB()));
        out.printf("  %-16s %s%n", "updated", Text.perApp(appA, c.updatedA(), appB, c.updatedB()));
        if (c.deletedA() + c.deletedB() > 0) {
            out.printf("  %-16s %s%n", "deleted", Text.perApp(appA, c.deletedA(), appB, c.deletedB()));
        }
        out.printf("  %-16s %d%n", "conflicts", c.conflicts());
        out.printf("  %-16s %d%n", "writes", c.writes());
    }

    /** {@code retry scheduled  50 RATE_LIMITED, next after 2026-12-01T00:00:00Z, attempt 2}: one line per category. */
    private static void retries(PrintStream out, StoredState state) {
        state.retries().forEach((reason, r) -> out.printf("  %-16s %d %s, next after %s, attempt %d (every run "
                + "retries them)%n", "retry scheduled", r.records(), reason,
                r.nextAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.maxAttempts()));
    }

    private static void failedAndExcluded(PrintStream out, StoredState state) {
        Map<String, Integer> failed = state.reasons("FAILED");
        Map<String, Integer> excluded = state.reasons("EXCLUDED");
        Text.reasons(out, "  ", "failed", failed);
        Text.reasons(out, "  ", "excluded", excluded);
    }

    /** Exit code of a run or status: 1 when any record failed in the run or stands FAILED. */
    static int exitCode(boolean anyFailed) {
        return anyFailed ? Main.FAILED : Main.OK;
    }
}
