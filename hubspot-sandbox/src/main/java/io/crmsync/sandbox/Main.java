package io.crmsync.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -cp ... io.crmsync.sandbox.Main [--port 8089] [--data DIR] [--host ADDR]
 * [--seed quickstart]}. Runs the sandbox until the process is stopped (Ctrl-C stops it cleanly). Defaults: port
 * 8089, data {@code ./.sandbox}, host 127.0.0.1. {@code --seed quickstart} fills an empty data directory with
 * {@link QuickstartSeed}'s demo companies and contacts (a non-empty one is left as is). Exit code 2 on bad usage.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8089;
        Path data = Path.of(".sandbox");
        SandboxServer.Options options = SandboxServer.Options.defaults();
        String seed = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length && !arg.equals("--help")) {
                usage("missing value for " + arg);
            }
            switch (arg) {
                case "--port" -> port = parsePort(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--host" -> options = options.withHost(args[++i]);
                case "--seed" -> seed = args[++i];
                case "--help" -> usage(null);
                default -> usage("unknown option " + arg);
            }
        }
        if (seed != null && !seed.equals("quickstart")) {
            usage("--seed takes \"quickstart\", got " + seed);
        }
        SandboxServer server = SandboxServer.start(port, data, options);
        if (seed != null) {
            QuickstartSeed.Result seeded = QuickstartSeed.apply(server);
            System.out.println(seeded.seeded()
                    ? "Seeded quickstart data: " + seeded.companies() + " companies, " + seeded.contacts()
                            + " contacts, " + seeded.primaryAssociations() + " primary company associations"
                    : "Data directory already holds records; quickstart seed skipped");
        }
        System.out.println("HubSpot sandbox listening on http://" + options.host() + ":" + server.port()
                + " (token: " + SandboxServer.DEFAULT_TOKEN + ", data: " + data.toAbsolutePath() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int parsePort(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            usage("--port takes a number, got " + raw);
            return -1;
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: Main [--port 8089] [--data DIR] [--host 127.0.0.1] [--seed quickstart]");
        System.exit(problem == null ? 0 : 2);
    }
}
