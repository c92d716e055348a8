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
    void theFirstBuildAsksMavenForNoColourCodes() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path script = repo.resolve("crmsync");
        Files.copy(Path.of("..", "crmsync"), script);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.log");
        stub(bin.resolve("mvn"), "echo \"mvn MAVEN_OPTS=$MAVEN_OPTS args=$*\" >> '" + log + "'");
        stub(bin.resolve("java"), "echo \"java $*\" >> '" + log + "'");
        executable(script);

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--version").redirectErrorStream(true)
                .directory(dir.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();

        assertThat(code).as(output).isZero();
        assertThat(Files.readString(log)).as(output)
                .contains("MAVEN_OPTS= -Djansi.noreset=true").contains("-B").contains("-Dstyle.color=never")
                .contains("java -jar " + repo.toRealPath().resolve("app/target/crmsync.jar") + " --version");
    }

    private void stub(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        executable(file);
    }

    private static void executable(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
