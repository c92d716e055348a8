package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.ParentCommand;

/**
 * A command that works on a loaded config: opens the {@link Workspace}, runs, closes it, and turns every
 * expected error into its exit code.
 */
abstract class WorkspaceCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    /** The config file to open. */
    abstract Path configFile();

    /** Called before the workspace is opened (the quickstart writes its files here). */
    void beforeOpen(Console console) {
    }

    /**
     * Whether the command needs the apps: {@code false} for the commands that only report what the state store
     * holds, which then work while an app is down (the workspace has no bound object syncs).
     */
    boolean needsApps() {
        return true;
    }

    /** The command itself; returns the exit code. */
    abstract int execute(Workspace workspace, Console console);

    @Override
    public final Integer call() {
        Console console = main.console();
        Workspace workspace = null;
        try {
            beforeOpen(console);
            workspace = needsApps() ? Workspace.open(configFile(), console.env())
                    : Workspace.openStateOnly(configFile(), console.env());
            int code = execute(workspace, console);
            console.out().flush();
            return code;
        } catch (RuntimeException e) {
            Workspace opened = workspace;
            return console.fail(e, opened != null ? opened.config()::redact : redactor(console));
        } finally {
            if (workspace != null) {
                try {
                    workspace.close();
                } catch (RuntimeException e) {
                    // Closing pools after the output is complete: nothing the user can act on.
                }
            }
        }
    }

    /**
     * Redacts with the config's secrets when the workspace failed to open for an unexpected reason: by then the
     * file has loaded, so loading it again gives the secrets; if it does not load, there is nothing to redact.
     */
    private UnaryOperator<String> redactor(Console console) {
        return text -> {
            try {
                return ConfigLoader.load(configFile(), console.env()).redact(text);
            } catch (RuntimeException e) {
                return text;
            }
        };
    }
}
