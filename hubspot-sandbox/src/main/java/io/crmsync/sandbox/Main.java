package io.crmsync.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -cp ... io.crmsync.sandbox.Main [--port 8089] [--data DIR] [--host ADDR]
 * }. Runs the sandbox until the process is stopped (Ctrl-C stops it cleanly). Defaults: port 8089, data
 * {@code ./.sandbox}, host 127.0.0.1. Exit code 2 on bad usage. {@code crmsync sandbox --seed quickstart} runs the
 * same server filled with the quickstart's demo records.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8089;
        Path data = Path.of(".sandbox");
        SandboxServer.Options options = SandboxServer.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length && !arg.equals("--help")) {
                usage("missing value for " + arg);
            }
            switch (arg) {
                case "--port" -> port = parsePort(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--host" -> options = options.withHost(args[++i]);
                case "--help" -> usage(null);
                default -> usage("unknown option " + arg);
            }
        }
        SandboxServer server = SandboxServer.start(port, data, options);
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
        System.err.println("usage: Main [--port 8089] [--data DIR] [--host 127.0.0.1]");
        System.exit(problem == null ? 0 : 2);
    }
}
