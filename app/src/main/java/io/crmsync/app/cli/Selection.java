package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.bind.ObjectSyncRef;
import io.crmsync.app.bind.Workspace.BoundObjectSync;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --sync} and {@code --object} options that address object syncs. */
final class Selection {
    @Option(names = "--sync", paramLabel = "NAME", description = "Only this sync (default: all).")
    String sync;

    @Option(names = "--object", paramLabel = "NAME", description = "Only this object sync (default: all).")
    String object;

    /** Every selected object sync, turned off or not; an unknown name is a config error (exit code 2). */
    List<BoundObjectSync> all(Workspace workspace) {
        return workspace.select(sync, object);
    }

    /** Every selected object sync as the config names it, without the apps; an unknown name is exit code 2. */
    List<ObjectSyncRef> declared(Workspace workspace) {
        return workspace.declared(sync, object);
    }

    /**
     * The selected object syncs that are turned on, both in the config ({@code enabled}) and in the state store
     * ({@code crmsync disable}). Ones turned off are named on standard error, with how to turn them on, so that a
     * user who selected one by name learns why nothing happened.
     */
    List<BoundObjectSync> enabled(Workspace workspace, Console console) {
        List<BoundObjectSync> out = new ArrayList<>();
        for (BoundObjectSync os : all(workspace)) {
            if (!os.enabled()) {
                console.err().println("note: " + os.settings().label() + " is turned off (enabled: false); skipped");
            } else if (!workspace.store().isEnabled(os.sync(), os.object())) {
                console.err().println("note: " + os.settings().label() + " is turned off (crmsync disable); skipped;"
                        + " turn it on with: crmsync enable " + os.sync() + " --object " + os.object());
            } else {
                out.add(os);
            }
        }
        return out;
    }
}
