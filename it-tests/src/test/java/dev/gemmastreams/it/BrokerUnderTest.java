package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import dev.gemmastreams.service.kafka.InProcessKafkaBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker for end-to-end tests: a Testcontainers broker where a Docker engine runs, otherwise the
 * in-process KRaft broker. The choice is made here, automatically, and logged.
 */
public final class BrokerUnderTest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerUnderTest.class);
    private static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka-native:4.1.0");

    private final AutoCloseable broker;
    private final String bootstrapServers;

    private BrokerUnderTest(AutoCloseable broker, String bootstrapServers) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
    }

    public static BrokerUnderTest start() {
        if (dockerAvailable()) {
            log.info("Docker engine found: end-to-end tests run against a Testcontainers broker ({})", KAFKA_IMAGE);
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            return new BrokerUnderTest(container, container.getBootstrapServers());
        }
        log.info("No Docker engine: end-to-end tests run against an in-process KRaft broker");
        try {
            InProcessKafkaBroker broker =
                    new InProcessKafkaBroker(Files.createTempDirectory("gemma-streams-it-kafka"), 0).start();
            return new BrokerUnderTest(broker, broker.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
