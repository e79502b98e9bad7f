package dev.gemmastreams.registry;

import java.util.Locale;

/** Whether this service serves the registry API, and whether that API accepts writes. */
public enum RegistryServeMode {
    /** Not served here: the serdes use gemma-streams.registry.url. */
    OFF,
    /** Reads only over HTTP; writes answer 403. The service's own serdes still register their schemas in-process. */
    READ_ONLY,
    /** Reads and writes over HTTP (writes need the write credentials when they are set). */
    READ_WRITE;

    /** Reads {@code read-only}, {@code read-write} or {@code off}; {@code true} and {@code false}, as before, mean read-write and off. */
    public static RegistryServeMode parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (value) {
            case "read-write", "true" -> READ_WRITE;
            case "read-only" -> READ_ONLY;
            case "off", "false" -> OFF;
            default -> throw new IllegalArgumentException("gemma-streams.registry.serve must be read-write, read-only or "
                    + "off (true and false mean read-write and off), was '" + text + "'");
        };
    }
}
