package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./crmsync} launcher, run with stand-ins for mvn and java that record how they were called. */
@DisabledOnOs(OS.WINDOWS)
class LauncherScriptTest {
    @TempDir
    Path dir;

    @Test
    void theFirstBuildAsksMavenForNoColourCodes_thenJavaRunsWithTheParallelCollector() throws Exception {
        Launch launch = launch(null);

        assertThat(launch.code()).as(launch.output()).isZero();
        assertThat(launch.calls()).as(launch.output())
                .contains("MAVEN_OPTS= -Djansi.noreset=true").contains("-B").contains("-Dstyle.color=never")
                .contains("java -XX:+UseParallelGC -jar " + launch.jar() + " --version");
    }

    @Test
    void javaOptions_areAdded_andOneNamingAnotherCollectorReplacesTheParallelOne() throws Exception {
        assertThat(launch("-Xmx2g").calls()).contains("java -XX:+UseParallelGC -Xmx2g -jar ");
        Launch g1 = launch("-Xmx2g -XX:+UseG1GC");
        assertThat(g1.calls()).contains("java -Xmx2g -XX:+UseG1GC -jar " + g1.jar() + " --version")
                .doesNotContain("UseParallelGC");
    }

    @Test
    void serveAndSandbox_servers_keepJavasDefaultCollector_runGetsTheParallelOne() throws Exception {
        for (String server : new String[] {"serve", "sandbox"}) {
            Launch launch = launch("CRMSYNC_JAVA_OPTS", "-Xmx1g", server, "--port", "8089");
            assertThat(launch.calls()).as(server).contains("java -Xmx1g -jar " + launch.jar() + " " + server
                    + " --port 8089").doesNotContain("UseParallelGC");
        }
        Launch run = launch("CRMSYNC_JAVA_OPTS", null, "run", "--config", "serve.yaml");
        assertThat(run.calls()).contains("java -XX:+UseParallelGC -jar " + run.jar() + " run --config serve.yaml");
    }

    @Test
    void collectorInTheVariablesJavaReadsItself_replacesTheParallelOne_otherGcOptionsDoNot() throws Exception {
        // Java takes these variables' options too: a second collector on the command line stops it at start.
        for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
            Launch serial = launch(variable, "-XX:+UseSerialGC", "--version");
            assertThat(serial.calls()).as(variable).contains("java -jar " + serial.jar() + " --version")
                    .doesNotContain("UseParallelGC");
        }
        assertThat(launch("-XX:+UseGCOverheadLimit").calls()).as("not a collector")
                .contains("java -XX:+UseParallelGC -XX:+UseGCOverheadLimit -jar ");
    }

    @Test
    void collectorFollowedByATabOrANewline_stillReplacesTheParallelOne() throws Exception {
        // The shell splits the options on any whitespace, so java would get both collectors and refuse to start.
        Launch tab = launch("-XX:+UseG1GC\t-Xmx1g");
        assertThat(tab.calls()).contains("java -XX:+UseG1GC -Xmx1g -jar ").doesNotContain("UseParallelGC");
        Launch newline = launch("JAVA_TOOL_OPTIONS", "-XX:+UseSerialGC\n-Xmx1g", "--version");
        assertThat(newline.calls()).contains("java -jar " + newline.jar() + " --version")
                .doesNotContain("UseParallelGC");
    }

    /** What {@code ./crmsync ARGS} printed and called, in a fresh copy of the launcher. */
    private record Launch(int code, String output, String calls, Path jar) {
    }

    /** {@code ./crmsync --version} with {@code javaOpts} in {@code CRMSYNC_JAVA_OPTS}. */
    private Launch launch(String javaOpts) throws Exception {
        return launch("CRMSYNC_JAVA_OPTS", javaOpts, "--version");
    }

    /** {@code ./crmsync args}, with {@code options} in the environment variable {@code variable}. */
    private Launch launch(String variable, String options, String... args) throws Exception {
        Path repo = Files.createDirectories(Files.createTempDirectory(dir, "repo"));
        Path script = repo.resolve("crmsync");
        Files.copy(Path.of("..", "crmsync"), script);
        Path bin = Files.createDirectories(repo.resolve("bin"));
        Path log = repo.resolve("calls.log");
        stub(bin.resolve("mvn"), "echo \"mvn MAVEN_OPTS=$MAVEN_OPTS args=$*\" >> '" + log + "'");
        stub(bin.resolve("java"), "echo \"java $*\" >> '" + log + "'");
        executable(script);

        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("MAVEN_OPTS");
        for (String v : new String[] {"CRMSYNC_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
            pb.environment().remove(v);
        }
        if (options != null) {
            pb.environment().put(variable, options);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return new Launch(code, output, Files.readString(log), repo.toRealPath().resolve("app/target/crmsync.jar"));
    }

    private void stub(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        executable(file);
    }

    private static void executable(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
