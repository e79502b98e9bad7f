package dev.gemmastreams.service.registry;

import dev.gemmastreams.service.kafka.InProcessKafkaBroker;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One in-JVM KRaft broker for all registry test classes: started on first use, stopped when the JVM exits. */
final class SharedKafka {

    private static InProcessKafkaBroker broker;

    private SharedKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory("registry-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = new InProcessKafkaBroker(dataDir, 0).start();
            InProcessKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                FileSystemUtils.deleteRecursively(dataDir.toFile());
            }, "registry-test-broker-stop"));
        }
        return broker.bootstrapServers();
    }

    static Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }
}
