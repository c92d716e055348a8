package io.crmsync.app.cli;

import io.crmsync.app.quickstart.QuickstartData;
import io.crmsync.sandbox.SandboxSeed;
import io.crmsync.sandbox.SandboxServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code crmsync sandbox}: runs the local HubSpot sandbox, an HTTP server that behaves like HubSpot's CRM API,
 * until the process is stopped (Ctrl-C) or the thread is interrupted. Its records are kept under {@code --data},
 * so they survive a restart. Exit code 3 when the port cannot be opened.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Run the local HubSpot sandbox (HubSpot's CRM API on this machine, no account needed).",
                "Clients authenticate with the bearer token " + SandboxServer.DEFAULT_TOKEN + "."})
final class SandboxCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--port", defaultValue = "8089",
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--data", defaultValue = ".sandbox",
            description = "Folder for the sandbox's records (default: ${DEFAULT-VALUE}); kept across restarts.")
    Path data;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--seed", paramLabel = "quickstart", description = {"Fill an empty --data folder with the"
            + " quickstart's HubSpot companies and contacts (a folder holding records is left as it is)."})
    String seed;

    @Option(names = "--webhooks-to", paramLabel = "URL", description = {"Send webhooks (signed with the client secret "
            + SandboxServer.Options.DEFAULT_WEBHOOK_SECRET + ") to URL, e.g. the crmsync serve endpoint "
            + "http://127.0.0.1:8088/webhooks/hubspot/hubspot, for every creation, deletion and property change of "
            + "contacts, companies and deals."})
    String webhooksTo;

    /** The HubSpot app id the sandbox's webhook settings are kept under. */
    static final long WEBHOOK_APP_ID = 1;

    @Override
    public Integer call() {
        Console console = parent.console();
        if (seed != null && !seed.equals("quickstart")) {
            console.err().println("error: --seed takes \"quickstart\", got " + seed);
            return Main.USAGE;
        }
        if (port < 0 || port > 65_535) {
            console.err().println("error: --port must be between 0 and 65535 (0: any free port), got " + port);
            return Main.USAGE;
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            console.err().println("error: --data " + data + " is a file, not a folder");
            return Main.USAGE;
        }
        SandboxServer server;
        try {
            server = SandboxServer.start(port, data, SandboxServer.Options.defaults().withHost(host));
        } catch (RuntimeException e) {
            console.err().println("error: cannot start the sandbox on " + host + ":" + port + ": " + e.getMessage());
            return Main.UNREACHABLE;
        }
        if (webhooksTo != null) {
            try {
                int n = server.subscribeWebhooks(WEBHOOK_APP_ID, webhooksTo);
                console.out().println("webhooks go to " + webhooksTo + " (" + n + " subscriptions, client secret "
                        + SandboxServer.Options.DEFAULT_WEBHOOK_SECRET + ")");
            } catch (IllegalArgumentException e) {
                server.stop();
                console.err().println("error: --webhooks-to: " + e.getMessage());
                return Main.USAGE;
            }
        }
        if (seed != null) {
            SandboxSeed.Result seeded = QuickstartData.seedSandbox(server, QuickstartData.DEFAULT_SEED);
            console.out().println(seeded.seeded()
                    ? "seeded " + seeded.companyIds().size() + " companies, " + seeded.contactIds().size()
                            + " contacts, " + SandboxSeed.records(server, "deals").size() + " deals and "
                            + SandboxSeed.records(server, "products").size() + " products ("
                            + seeded.primaryAssociations() + " contacts and deals with a primary company)"
                    : "the data folder already holds records: not seeded");
        }
        console.out().println("HubSpot sandbox listening on http://" + host + ":" + server.port() + " (token: "
                + SandboxServer.DEFAULT_TOKEN + ", data: " + data.toAbsolutePath() + "); Ctrl-C stops it");
        console.out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.stop();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Stopped by the embedding program rather than by a signal: stop the server, then keep the flag.
            Runtime.getRuntime().removeShutdownHook(hook);
            server.stop();
            Thread.currentThread().interrupt();
        }
        return Main.OK;
    }
}
