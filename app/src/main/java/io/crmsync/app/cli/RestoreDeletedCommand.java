package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.engine.model.Side;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync restore-deleted}: {@code resync-deleted} for every object sync of one object type of one app
 * (DESIGN.md §2.5 "Restore deleted records"), with one review list and one confirmation for all of them.
 */
@Command(name = "restore-deleted", mixinStandardHelpOptions = true,
        description = {"Re-create the records of one object type deleted in an app, from their copies in the apps"
                + " it syncs with, in every sync of that type.",
                "Lists what it would re-create; writes only after you confirm (or with --yes).",
                "Exit code 1 when a record failed; 2 for bad usage."})
final class RestoreDeletedCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Option(names = "--object", required = true, paramLabel = "NAME",
            description = "The object type in APP (e.g. contacts, or a table's object name), or an object sync's"
                    + " name.")
    String object;

    @Option(names = "--into", required = true, paramLabel = "APP",
            description = "The app the records were deleted in, where they are re-created.")
    String into;

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
        List<BoundObjectSync> chosen = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (BoundObjectSync os : workspace.objectSyncs()) {
            for (Side side : Side.values()) {
                if (os.settings().app(side).equals(into)) {
                    String type = os.settings().schema(side).objectType();
                    types.add(type);
                    if (type.equals(object) || os.object().equals(object)) {
                        chosen.add(os);
                    }
                }
            }
        }
        if (chosen.isEmpty()) {
            throw new UsageException("--object " + object + ": no object sync of app " + into + " has the object"
                    + " type or name " + object + (types.isEmpty() ? "; " + into + " is in no sync"
                    : "; its synced object types are: " + String.join(", ", types)));
        }
        DeletedRecords flow = new DeletedRecords(workspace, console, into, json);
        List<String> oneWay = new ArrayList<>();
        for (BoundObjectSync os : chosen) {
            if (!os.settings().direction().writesInto(DeletedRecords.side(os, into))) {
                oneWay.add(os.settings().label() + " (" + Text.direction(os.settings().direction(), os.settings())
                        + ")");
                continue;
            }
            flow.add(os, null);
        }
        if (oneWay.size() == chosen.size()) {
            throw new UsageException("--into " + into + ": " + into + " is the source of every object sync of "
                    + object + " (" + String.join(", ", oneWay) + "); crmsync never writes records into it");
        }
        oneWay.forEach(os -> console.err().println("note: " + os + " is one-way from " + into + "; skipped"));
        return flow.confirmAndWrite(yes);
    }
}
