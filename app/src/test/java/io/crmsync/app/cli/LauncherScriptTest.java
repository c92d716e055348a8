package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    void collectorInTheVariablesJavaReadsItself_replacesTheParallelOne_otherGcOptionsDoNot() throws Exception {
        // Java takes these variables' options too: a second collector on the command line stops it at start.
        for (String variable : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
            Launch serial = launch(variable, "-XX:+UseSerialGC");
            assertThat(serial.calls()).as(variable).contains("java -jar " + serial.jar() + " --version")
                    .doesNotContain("UseParallelGC");
        }
        assertThat(launch("-XX:+UseGCOverheadLimit").calls()).as("not a collector")
                .contains("java -XX:+UseParallelGC -XX:+UseGCOverheadLimit -jar ");
    }

    /** What {@code ./crmsync --version} printed and called, in a fresh copy of the launcher. */
    private record Launch(int code, String output, String calls, Path jar) {
    }

    private Launch launch(String javaOpts) throws Exception {
        return launch("CRMSYNC_JAVA_OPTS", javaOpts);
    }

    /** As {@link #launch(String)}, with {@code options} in the environment variable {@code variable}. */
    private Launch launch(String variable, String options) throws Exception {
        Path repo = Files.createDirectories(Files.createTempDirectory(dir, "repo"));
        Path script = repo.resolve("crmsync");
        Files.copy(Path.of("..", "crmsync"), script);
        Path bin = Files.createDirectories(repo.resolve("bin"));
        Path log = repo.resolve("calls.log");
        stub(bin.resolve("mvn"), "echo \"mvn MAVEN_OPTS=$MAVEN_OPTS args=$*\" >> '" + log + "'");
        stub(bin.resolve("java"), "echo \"java $*\" >> '" + log + "'");
        executable(script);

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--version").redirectErrorStream(true)
                .directory(dir.toFile());
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
