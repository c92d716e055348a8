package io.crmsync.app.cli;

import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.app.bind.Workspace;
import io.crmsync.engine.run.ObjectSyncDeletion;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crmsync disable | enable | delete SYNC [--object NAME]} (DESIGN.md §2.7): turn object syncs off and on in
 * the state store, or delete their state. These commands work on the state store alone, so they work while an app
 * is down; none of them reads or writes an app's records.
 */
abstract class LifecycleCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "SYNC", description = "The sync's name, as in the config.")
    String sync;

    @Option(names = "--object", paramLabel = "NAME", description = "Only this object sync (default: all of the sync).")
    String object;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    boolean needsApps() {
        return false;
    }

    /** The object syncs named; an unknown sync or object sync is a usage error (exit code 2) listing the names. */
    List<ObjectSyncRef> selected(Workspace workspace) {
        List<ObjectSyncRef> all = workspace.declared(null, null);
        List<ObjectSyncRef> ofSync = all.stream().filter(os -> os.sync().equals(sync)).toList();
        if (ofSync.isEmpty()) {
            throw new UsageException("no sync named " + sync + " in " + config.file + "; the syncs are: "
                    + String.join(", ", all.stream().map(ObjectSyncRef::sync).distinct().toList()));
        }
        List<ObjectSyncRef> out = ofSync.stream().filter(os -> object == null || os.object().equals(object)).toList();
        if (out.isEmpty()) {
            throw new UsageException("sync " + sync + " has no object sync named " + object + "; its object syncs"
                    + " are: " + String.join(", ", ofSync.stream().map(ObjectSyncRef::object).toList()));
        }
        return out;
    }

    /** The config's note on an object sync it turns off itself, which the state store's flag cannot override. */
    static String configNote(ObjectSyncRef os) {
        return os.enabled() ? "" : " (the config also turns it off: enabled: false; it runs only once both are on)";
    }

    /** {@code crmsync disable}: runs skip the object syncs; their links and checkpoints are kept. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = {"Turn off an object sync, or all object syncs of a sync: runs skip it.",
                    "Its links and checkpoints are kept; 'crmsync enable' turns it on again."})
    static final class Disable extends LifecycleCommand {
        @Override
        int execute(Workspace workspace, Console console) {
            for (ObjectSyncRef os : selected(workspace)) {
                boolean changed = workspace.store().setEnabled(os.sync(), os.object(), os.typeA(), os.typeB(), false);
                console.out().println(os.label() + (changed ? ": turned off" : ": already off")
                        + "; links and checkpoints kept");
            }
            return Main.OK;
        }
    }

    /** {@code crmsync enable}: the next run reads the changes made since the kept checkpoints. */
    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = {"Turn on an object sync, or all object syncs of a sync, turned off by 'crmsync disable'.",
                    "The next run syncs the changes made while it was off (from its kept checkpoints)."})
    static final class Enable extends LifecycleCommand {
        @Override
        int execute(Workspace workspace, Console console) {
            for (ObjectSyncRef os : selected(workspace)) {
                boolean changed = workspace.store().setEnabled(os.sync(), os.object(), os.typeA(), os.typeB(), true);
                console.out().println(os.label() + (changed ? ": turned on; the next run syncs what changed while it"
                        + " was off" : ": already on") + configNote(os));
            }
            return Main.OK;
        }
    }

    /**
     * {@code crmsync delete}: removes the state of object syncs (links, checkpoints, run lease, runs and audit
     * log) after a confirmation; the apps' records stay. The config is not changed.
     */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete the state of an object sync, or of all object syncs of a sync: its links,"
                    + " checkpoints, runs and audit log.",
                    "The apps' records are never touched, and the config is not changed: the next run is an"
                            + " initial sync again, which matches the records anew."})
    static final class Delete extends LifecycleCommand {
        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for"
                + " a run of the object sync in progress to finish (default: ${DEFAULT-VALUE}).")
        long waitSeconds;

        @Override
        int execute(Workspace workspace, Console console) {
            if (waitSeconds < 0) {
                throw new UsageException("--wait must be 0 or more seconds, got " + waitSeconds);
            }
            List<ObjectSyncRef> selected = selected(workspace);
            console.out().println("This deletes the links, checkpoints, runs and audit log of:");
            for (ObjectSyncRef os : selected) {
                console.out().println("  " + os.label() + " (" + os.appA() + " " + os.typeA() + " "
                        + console.both() + " " + os.appB() + " " + os.typeB() + ")");
            }
            String apps = String.join(" or ", selected.stream().flatMap(os -> Stream.of(os.appA(), os.appB()))
                    .distinct().toList());
            console.out().println("No record in " + apps + " is changed. The next run is an initial sync: it"
                    + " pairs the records again by their identifiers (email, domain, name, SKU) and creates those it"
                    + " cannot pair, so an object sync without an identifier to match on (deals, tickets, activities,"
                    + " match: none) creates its records again in the other app.");
            console.out().flush();
            if (!yes && !console.confirm("Delete?")) {
                console.out().println("cancelled; nothing deleted");
                return Main.OK;
            }
            RunOptions options = RunOptions.defaults().withLease(waitSeconds * 1000, RunOptions.DEFAULT_LEASE_TTL_MS);
            for (ObjectSyncRef os : selected) {
                Optional<StateStore.Removed> removed = ObjectSyncDeletion.delete(workspace.store(), os.sync(),
                        os.object(), options);
                console.out().println(removed.map(r -> os.label() + ": deleted " + Text.count(r.links(), "link",
                        "links") + ", " + Text.count(r.checkpoints(), "checkpoint", "checkpoints") + ", "
                        + Text.count(r.runs(), "run", "runs") + " and " + Text.count(r.audit(), "audit row",
                        "audit rows")).orElse(os.label() + ": nothing stored (it never ran)"));
            }
            return Main.OK;
        }
    }
}
