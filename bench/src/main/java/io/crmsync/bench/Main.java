package io.crmsync.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of {@code bench/run NAME [options]}. Each benchmark logs its progress to stderr and ends with one
 * line of {@code key=value} figures on stdout. Exit code 0 when it ran, 2 for bad usage, 1 when it failed.
 */
public final class Main {
    /** A benchmark: runs with its options and returns its figures. */
    interface Benchmark {
        Figures run(Options options) throws Exception;
    }

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("initial-sync", new InitialSyncBench());
        BENCHMARKS.put("hubspot-initial", new HubSpotInitialBench());
        BENCHMARKS.put("hubspot-incremental", new HubSpotIncrementalBench());
        BENCHMARKS.put("objects-initial", new ObjectsInitialBench());
        BENCHMARKS.put("latency", new LatencyBench());
    }

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || !BENCHMARKS.containsKey(args[0])) {
            System.err.println("usage: bench/run NAME [options]; benchmarks: " + String.join(", ", BENCHMARKS.keySet()));
            System.err.println("  initial-sync [--records N (100000)] [--seed S (42)] [--pause-ms P (3500)]");
            System.err.println("               [--state h2|postgres] [--keep] [--profile]");
            System.err.println("  hubspot-initial [--records N (20000)] [--rate R (100)] [--seed S (42)] [--keep] [--profile]");
            System.err.println("  hubspot-incremental [--records N (2000)] [--changes C (10)] [--rate R (100)]");
            System.err.println("               [--pause-ms P (6000)] [--seed S (42)] [--keep]");
            System.err.println("  objects-initial [--contacts N (50000)] [--companies N (10000)] [--deals N (20000)]");
            System.err.println("               [--seed S (42)] [--state h2|postgres] [--keep] [--profile]   (runs with -Xmx768m)");
            System.err.println("  latency [--records N (100000)] [--changes C (200)] [--spread-seconds S (60)] [--keep]");
            System.exit(args.length == 0 || args[0].equals("--help") ? 0 : 2);
        }
        try {
            Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
            Figures figures = BENCHMARKS.get(args[0]).run(options);
            System.out.println(figures.line());
            System.out.flush();
            System.exit(0);
        } catch (Options.UsageException e) {
            System.err.println("bench/run " + args[0] + ": " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
