package io.crmsync.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.crmsync.sandbox.RateLimiter;
import io.crmsync.sandbox.RollingWindowRateLimiter;
import io.crmsync.sandbox.SandboxClock;
import io.crmsync.sandbox.SandboxServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the sandbox with the official Node client {@code @hubspot/api-client} 13.x: starts a sandbox on an
 * ephemeral port, installs {@code conformance/} with {@code npm ci} when its node_modules is missing, and runs
 * {@code node --test conformance/client.test.mjs}. Every Node test must pass; none may be skipped.
 * <p>Two tokens: {@link #TOKEN} with an enterprise-sized window, and {@link #LIMITED_TOKEN} whose 10-second window
 * admits only {@link #LIMIT} requests, for the client's own 429 retry. The 429s the sandbox sends for the limited
 * token are counted here, server side, and must equal the retries the Node test saw. Node is required: without it
 * the test fails (CI installs it in {@code .ci/run}).
 */
class NodeClientConformanceTest {
    static final String TOKEN = "conformance-token";
    static final String LIMITED_TOKEN = "conformance-limited-token";
    /** Requests per 10-second rolling window for {@link #LIMITED_TOKEN}; the Node test sends LIMIT + 2 at once. */
    static final int LIMIT = 3;
    /** 2 = the requests past the window: each gets one 429 and succeeds on the client's retry 10 s later. */
    static final int EXPECTED_429 = 2;
    /** Number of tests in client.test.mjs; all must pass. */
    static final int MIN_PASSED = 19;
    static final long NODE_TIMEOUT_SECONDS = 120;
    static final long NPM_TIMEOUT_SECONDS = 300;

    @TempDir
    Path dataDir;

    @Test
    void officialNodeClientPassesTheConformanceSuite() throws Exception {
        Path repoRoot = Path.of("..").toAbsolutePath().normalize();
        Path conformance = repoRoot.resolve("conformance");
        assertThat(conformance.resolve("package-lock.json"))
                .as("conformance suite (expected the repo root at %s)", repoRoot).exists();
        String nodeVersion = requireNode(repoRoot);

        if (!Files.isDirectory(conformance.resolve("node_modules"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), conformance, NPM_TIMEOUT_SECONDS,
                    null);
            if (npm.exitCode != 0) {
                fail("npm ci in " + conformance + " failed (exit " + npm.exitCode + "):\n" + npm.output);
            }
        }

        AtomicInteger throttled = new AtomicInteger();
        SandboxServer.Options options = SandboxServer.Options.defaults()
                .withTokens(Set.of(TOKEN, LIMITED_TOKEN))
                .withRateLimiter(clock -> perToken(clock, throttled));
        try (SandboxServer server = SandboxServer.start(0, dataDir, options)) {
            String url = "http://127.0.0.1:" + server.port();
            Result node = run(List.of("node", "--test", "--test-reporter=spec", "conformance/client.test.mjs"),
                    repoRoot, NODE_TIMEOUT_SECONDS, new String[] {
                        "SANDBOX_URL", url,
                        "SANDBOX_TOKEN", TOKEN,
                        "SANDBOX_LIMITED_TOKEN", LIMITED_TOKEN,
                        "SANDBOX_LIMIT", Integer.toString(LIMIT)});
            System.out.println("node " + nodeVersion + " conformance output:\n" + node.output);
            String context = "\n--- node --test output (" + nodeVersion + ") ---\n" + node.output;
            if (node.timedOut) {
                fail("node --test did not finish within " + NODE_TIMEOUT_SECONDS + " s" + context);
            }
            assertThat(node.exitCode).as("node --test exit code" + context).isZero();
            assertThat(summary(node.output, "fail")).as("failed tests" + context).isZero();
            assertThat(summary(node.output, "cancelled")).as("cancelled tests" + context).isZero();
            assertThat(summary(node.output, "skipped")).as("skipped tests" + context).isZero();
            assertThat(summary(node.output, "pass")).as("passed tests" + context).isGreaterThanOrEqualTo(MIN_PASSED);
            assertThat(throttled.get()).as("429 responses the sandbox sent to the limited token" + context)
                    .isEqualTo(EXPECTED_429);
            assertThat(node.output).as("the Node retry test's own count" + context)
                    .contains("RETRY_SUMMARY calls=" + (LIMIT + 2) + " throttled=" + EXPECTED_429);
        }
    }

    /** The ordinary token gets 250 per 10 s; the limited one {@link #LIMIT}, with its refusals counted. */
    private static RateLimiter perToken(SandboxClock clock, AtomicInteger throttled) {
        RateLimiter normal = new RollingWindowRateLimiter(clock, 250, 10_000, 1_000_000);
        RateLimiter limited = new RollingWindowRateLimiter(clock, LIMIT, 10_000, 1_000_000);
        return token -> {
            if (!LIMITED_TOKEN.equals(token)) {
                return normal.acquire(token);
            }
            RateLimiter.Decision d = limited.acquire(token);
            if (!d.allowed()) {
                throttled.incrementAndGet();
            }
            return d;
        };
    }

    /** Returns {@code node --version}, or fails the test when Node is not installed. */
    private static String requireNode(Path dir) throws InterruptedException {
        try {
            Result r = run(List.of("node", "--version"), dir, 30, null);
            if (r.exitCode != 0) {
                fail("`node --version` exited " + r.exitCode + ":\n" + r.output);
            }
            String version = r.output.strip();
            Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
            if (!major.find() || Integer.parseInt(major.group(1)) < 18) {
                fail("@hubspot/api-client 13.x needs Node >= 18; `node --version` says " + version);
            }
            return version;
        } catch (UncheckedIOException e) {
            fail("Node.js is required for the @hubspot/api-client conformance suite but `node` could not be run ("
                    + e.getCause().getMessage() + "). Install Node >= 18 and npm (.ci/run does: apt-get install "
                    + "nodejs npm).");
            return null;
        }
    }

    /** The number on the summary line of node's spec ("ℹ pass 16") or TAP ("# pass 16") reporter. */
    static int summary(String output, String key) {
        Matcher m = Pattern.compile("(?m)^\\S*\\s*" + key + " (\\d+)\\s*$").matcher(output);
        Integer last = null;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        if (last == null) {
            fail("no '" + key + " N' summary line in the node --test output:\n" + output);
        }
        return last;
    }

    record Result(int exitCode, boolean timedOut, String output) {
    }

    /** Runs a command with stdout and stderr merged; env is name/value pairs added to the inherited environment. */
    private static Result run(List<String> command, Path dir, long timeoutSeconds, String[] env)
            throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NO_COLOR", "1");
        pb.environment().remove("NODE_OPTIONS");
        if (env != null) {
            for (int i = 0; i < env.length; i += 2) {
                pb.environment().put(env[i], env[i + 1]);
            }
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process was killed; keep what was read
            }
        }, "conformance-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String output;
        synchronized (out) {
            output = out.toString(StandardCharsets.UTF_8);
        }
        return new Result(finished ? p.exitValue() : -1, !finished, output);
    }
}
