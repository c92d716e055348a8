package io.crmsync.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command takes. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "crmsync.yaml",
            description = "The config file (default: ${DEFAULT-VALUE} in the working directory).")
    Path file;
}
