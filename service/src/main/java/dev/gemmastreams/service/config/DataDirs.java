package dev.gemmastreams.service.config;

import java.nio.file.Path;

/** The default home of local state: {@code ~/.gemma-streams}, outside any checkout. */
final class DataDirs {
    private DataDirs() {
    }

    static Path root() {
        return Path.of(System.getProperty("user.home"), ".gemma-streams");
    }
}
