package io.crmsync.app.cli;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.config.ServeConfig;
import io.crmsync.app.serve.Serve;
import io.crmsync.engine.run.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmsync serve}: runs every enabled object sync continuously ({@link Serve}) until SIGTERM or SIGINT, then
 * stops accepting pushes, lets the runs that are going finish, closes everything and exits 0. The stop is done by
 * a JVM shutdown hook; the JVM's exit status after a signal is then forced to 0, since stopping is the expected
 * end of a server. Exit code 2 for a bad config or a port in use, 3 when an app is unreachable at start.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Sync continuously: a run per object sync at start, then on HubSpot webhooks, PostgreSQL "
                + "change notifications and every poll interval, reconciling every reconcile interval, until stopped "
                + "(Ctrl-C or SIGTERM).",
                "Serves GET /health and POST " + Serve.WEBHOOK_PATH + "."})
final class ServeCommand extends WorkspaceCommand {
    @Mixin
    ConfigOptions config;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port for /health and webhooks (default: "
            + "serve.port of the config, else " + ServeConfig.DEFAULT_PORT + "; 0 picks a free port).")
    Integer port;

    @Option(names = "--poll-interval", paramLabel = "DURATION", description = "Time between polling runs, e.g. 60s,"
            + " 5m; 0 or off turns polling off (default: serve.pollInterval of the config, else 60s).")
    String pollInterval;

    @Option(names = "--reconcile-interval", paramLabel = "DURATION", description = "Time between reconciling runs,"
            + " which read every linked record back to find deletes no change feed reports, e.g. 1h, 24h; 0 or off "
            + "turns them off (default: serve.reconcileInterval of the config, else 1h).")
    String reconcileInterval;

    @Override
    Path configFile() {
        return config.file;
    }

    @Override
    int execute(Workspace workspace, Console console) {
        ServeConfig settings = workspace.config().serve();
        if (port != null) {
            if (port < 0 || port > 65_535) {
                throw new UsageException("--port must be 0 to 65535, got " + port);
            }
            settings = settings.withPort(port);
        }
        if (pollInterval != null) {
            Duration d = ServeConfig.parseInterval(pollInterval);
            if (d == null) {
                throw new UsageException("--poll-interval must be a duration such as 60s, 5m or 500ms, or 0 to turn "
                        + "polling off; got \"" + pollInterval + "\"");
            }
            settings = settings.withPollInterval(d);
        }
        if (reconcileInterval != null) {
            Duration d = ServeConfig.parseInterval(reconcileInterval);
            if (d == null) {
                throw new UsageException("--reconcile-interval must be a duration such as 1h, 30m or 24h, or 0 to "
                        + "turn reconciliation off; got \"" + reconcileInterval + "\"");
            }
            settings = settings.withReconcileInterval(d);
        }
        Serve serve = new Serve(workspace, settings, RunOptions.defaults(), line -> {
            synchronized (console) {
                console.err().println(line);
                console.err().flush();
            }
        });
        try {
            serve.start();
        } catch (RuntimeException e) {
            serve.close();
            throw new UsageException("cannot listen on port " + settings.port() + ": " + e.getMessage()
                    + " (choose another with --port N or serve.port in " + config.file + "; 0 picks a free one)");
        }
        console.out().println("crmsync serve: listening on port " + serve.port() + " (GET /health, POST "
                + Serve.WEBHOOK_PATH + ")");
        console.out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            console.err().println("stopping: finishing the runs that are going");
            serve.close();
            workspace.close();
            console.err().println("stopped");
            console.err().flush();
            stopped.countDown();
            // A signal ends the JVM with 128+signal; stopping on request is a clean end.
            Runtime.getRuntime().halt(Main.OK);
        }, "crmsync-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }
}
