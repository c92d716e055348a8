package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.run.DeletedRecordResync.Review;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync resync-deleted}: re-creates, in one app of one object sync, the records deleted there, from their
 * surviving copies in the other app (DESIGN.md §2.5), after a review list and a confirmation.
 */
@Command(name = "resync-deleted", mixinStandardHelpOptions = true,
        description = {"Re-create records deleted in one app of an object sync from their copies in the other app,"
                + " and link them again.",
                "Lists what it would re-create; writes only after you confirm (or with --yes).",
                "Exit code 1 when a record failed; 2 for bad usage."})
final class ResyncDeletedCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Option(names = "--sync", required = true, paramLabel = "NAME", description = "The sync.")
    String sync;

    @Option(names = "--object", required = true, paramLabel = "NAME", description = "The object sync.")
    String object;

    @Option(names = "--into", required = true, paramLabel = "APP",
            description = "The app the records were deleted in, where they are re-created.")
    String into;

    @Option(names = "--ids", split = ",", paramLabel = "ID,...", description = "Only these records, by the deleted"
            + " id or the surviving copy's id (default: every record deleted in APP).")
    List<String> ids;

    @Option(names = "--yes", description = "Re-create without asking.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON object instead of the lists (asks nothing: without"
            + " --yes it writes nothing).")
    boolean json;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        DeletedRecords.requireApp(workspace, into);
        List<BoundObjectSync> selected = workspace.select(sync, object);
        DeletedRecords flow = new DeletedRecords(workspace, console, into, json);
        Review review = flow.add(selected.get(0), ids);
        if (!review.notFound().isEmpty()) {
            review.notFound().forEach((id, why) -> console.err().println("error: --ids " + id + ": " + why));
            console.err().println("nothing written; list the deleted records with: crmsync records --sync " + sync
                    + " --object " + object + " --state failed");
            return Main.USAGE;
        }
        return flow.confirmAndWrite(yes);
    }
}
