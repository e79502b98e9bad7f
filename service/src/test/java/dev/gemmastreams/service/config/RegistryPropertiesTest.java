package dev.gemmastreams.service.config;

import dev.gemmastreams.registry.RegistryServeMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** gemma-streams.registry.serve's modes (true and false kept) and credentials that never show. */
class RegistryPropertiesTest {

    private static RegistryProperties serving(String serve) {
        return new RegistryProperties(null, serve, null, null, null, null, null);
    }

    @Test
    void serveTrueAndFalseKeepTheirMeaning() {
        assertThat(serving("true").serveMode()).isEqualTo(RegistryServeMode.READ_WRITE);
        assertThat(serving("false").serveMode()).isEqualTo(RegistryServeMode.OFF);
    }

    @Test
    void serveTakesReadOnlyAndReadWrite() {
        assertThat(serving("read-only").serveMode()).isEqualTo(RegistryServeMode.READ_ONLY);
        assertThat(serving("READ_WRITE").serveMode()).isEqualTo(RegistryServeMode.READ_WRITE);
    }

    @Test
    void unknownServeModeIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> serving("sometimes")).hasMessageContaining("read-only").hasMessageContaining("sometimes");
    }

    @Test
    void credentialsNeverAppearInTheTextForm() {
        RegistryProperties properties = new RegistryProperties(null, "read-write", "_schemas", Duration.ofSeconds(1),
                Duration.ZERO, "writer:w-secret", "reader:r-secret");

        assertThat(properties.toString()).doesNotContain("w-secret").doesNotContain("r-secret").doesNotContain("writer");
    }
}
