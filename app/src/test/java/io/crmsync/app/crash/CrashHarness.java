package io.crmsync.app.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The child processes of the crash tests: a {@link SyncOnce} JVM either paused at a
 * {@link io.crmsync.engine.run.CrashPoints crash point} ({@code CRMSYNC_PAUSE_AT}) and killed with SIGKILL, or run
 * to its end. Each call blocks the calling thread until the child is gone; not meant for concurrent use.
 */
final class CrashHarness {
    private static final long PAUSE_TIMEOUT_S = 120;
    private static final long RUN_TIMEOUT_S = 120;
    private static final Pattern RUN_LINE = Pattern.compile(
            "CRMSYNC-RUN (\\S+) initial=(\\w+) writes=(\\d+) .*failed=(\\d+) .*");

    private final String classPath;

    private CrashHarness(String classPath) {
        this.classPath = classPath;
    }

    /**
     * A harness whose children run on this JVM's class path, with its class directories and crmsync jars copied
     * into {@code copies} first, so that a concurrent build recompiling target/ or reinstalling a module cannot
     * pull classes from under a child.
     *
     * @throws IOException when a copy fails
     */
    static CrashHarness withClassPathCopiedTo(Path copies) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path target = copies.resolve("dir" + n++);
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path t = target.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(t);
                        } else {
                            Files.copy(f, t);
                        }
                    }
                }
                out.add(target.toString());
            } else if (Files.isRegularFile(p) && entry.replace('\\', '/').contains("/io/crmsync/")) {
                Path target = copies.resolve("jar" + n++ + "-" + p.getFileName());
                Files.copy(p, target);
                out.add(target.toString());
            } else {
                out.add(entry);
            }
        }
        return new CrashHarness(String.join(File.pathSeparator, out));
    }

    /** One {@code CRMSYNC-RUN} line: one object sync's run in a child. */
    record ObjectRun(String label, boolean initial, int writes, int failed) {
    }

    /** Output of a child that ran to its end. */
    record RunResult(int exitCode, String stdout, String stderr) {
        /** The object syncs' runs by {@code sync/object}, in the order they ran. */
        Map<String, ObjectRun> runs() {
            Map<String, ObjectRun> out = new LinkedHashMap<>();
            for (String l : stdout.split("\\R")) {
                Matcher m = RUN_LINE.matcher(l);
                if (m.matches()) {
                    out.put(m.group(1), new ObjectRun(m.group(1), Boolean.parseBoolean(m.group(2)),
                            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
                }
            }
            if (out.isEmpty()) {
                throw new AssertionError("no CRMSYNC-RUN line in the child's output:\n" + this);
            }
            return out;
        }

        /** Whether any object sync ran an initial sync. */
        boolean initial() {
            return runs().values().stream().anyMatch(ObjectRun::initial);
        }

        /** Writes of all object syncs. */
        int writes() {
            return runs().values().stream().mapToInt(ObjectRun::writes).sum();
        }

        /** Failed records of all object syncs. */
        int failed() {
            return runs().values().stream().mapToInt(ObjectRun::failed).sum();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr (tail)\n"
                    + stderr.substring(Math.max(0, stderr.length() - 6000));
        }
    }

    /** A child JVM with both output streams drained by daemon threads. */
    private static final class Child {
        final Process process;
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final Thread outPump;
        final Thread errPump;
        volatile String pausedAt;

        Child(List<String> command, String pauseAt) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().remove("CRMSYNC_PAUSE_AT");
            if (pauseAt != null) {
                pb.environment().put("CRMSYNC_PAUSE_AT", pauseAt);
            }
            process = pb.start();
            process.getOutputStream().close();
            outPump = pump(process.getInputStream(), out, false);
            errPump = pump(process.getErrorStream(), err, true);
        }

        private Thread pump(InputStream in, StringBuffer into, boolean watchPause) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        into.append(line).append('\n');
                        if (watchPause && line.startsWith("CRMSYNC-PAUSED ")) {
                            pausedAt = line.substring("CRMSYNC-PAUSED ".length()).trim();
                        }
                    }
                } catch (IOException e) {
                    // the child was killed: its pipes are gone
                }
            }, "crash-test-pump");
            t.setDaemon(true);
            t.start();
            return t;
        }

        void joinPumps() throws InterruptedException {
            outPump.join(10_000);
            errPump.join(10_000);
        }

        String output() {
            return "--- stdout\n" + out + "--- stderr (tail)\n" + err.substring(Math.max(0, err.length() - 6000));
        }
    }

    private List<String> command(Path config, int chunkSize) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, SyncOnce.class.getName(), config.toString()));
        if (chunkSize > 0) {
            cmd.add(Integer.toString(chunkSize));
        }
        return cmd;
    }

    /**
     * Runs every object sync of {@code config} in a child paused at {@code point} ({@code name:n}), and kills it
     * with SIGKILL once it reports the pause; fails the test when the child ends or times out without pausing.
     */
    void runAndKill(Path config, int chunkSize, String point) throws Exception {
        killAtPause(command(config, chunkSize), point);
    }

    /**
     * Runs {@code crmsync args} (the command line's own entry point, without a terminal) in a child paused at
     * {@code point} ({@code name:n}), and kills it with SIGKILL once it reports the pause.
     */
    void cliAndKill(String point, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                io.crmsync.app.cli.Main.class.getName()));
        cmd.addAll(List.of(args));
        killAtPause(cmd, point);
    }

    private void killAtPause(List<String> command, String point) throws Exception {
        Child child = new Child(command, point);
        String name = point.substring(0, point.indexOf(':'));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PAUSE_TIMEOUT_S);
        try {
            while (child.pausedAt == null) {
                if (!child.process.isAlive()) {
                    child.joinPumps();
                    if (child.pausedAt != null) {
                        break;
                    }
                    fail("the child ended (exit " + child.process.exitValue() + ") without pausing at " + point
                            + "\n" + child.output());
                }
                if (System.nanoTime() > deadline) {
                    fail("the child did not pause at " + point + " within " + PAUSE_TIMEOUT_S + " s\n"
                            + child.output());
                }
                Thread.sleep(20);
            }
            assertThat(child.pausedAt).as("paused at").isEqualTo(name);
        } finally {
            child.process.destroyForcibly();
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).as("killed child ended").isTrue();
            child.joinPumps();
        }
    }

    /** Runs every object sync of {@code config} in a child to its end; fails the test when it times out. */
    RunResult runToEnd(Path config, int chunkSize) throws Exception {
        Child child = new Child(command(config, chunkSize), null);
        if (!child.process.waitFor(RUN_TIMEOUT_S, TimeUnit.SECONDS)) {
            child.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            child.joinPumps();
            fail("the run did not end within " + RUN_TIMEOUT_S + " s\n" + child.output());
        }
        child.joinPumps();
        return new RunResult(child.process.exitValue(), child.out.toString(), child.err.toString());
    }
}
