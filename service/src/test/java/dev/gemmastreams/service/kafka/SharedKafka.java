package dev.gemmastreams.service.kafka;

import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One in-JVM KRaft broker for all test classes of this module: started on first use, stopped when the JVM exits. */
public final class SharedKafka {

    private static InProcessKafkaBroker broker;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            Path dataDir;
            try {
                dataDir = Files.createTempDirectory("service-test-kafka");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = new InProcessKafkaBroker(dataDir, 0).start();
            InProcessKafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                FileSystemUtils.deleteRecursively(dataDir.toFile());
            }, "test-broker-stop"));
        }
        return broker.bootstrapServers();
    }

    public static Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }
}
