package dev.gemmastreams.service.kafka;

/** The cluster the service talks to; owns the in-process broker when there is one, so closing stops it. */
public final class KafkaCluster implements AutoCloseable {

    private final String bootstrapServers;
    private final InProcessKafkaBroker broker;

    private KafkaCluster(String bootstrapServers, InProcessKafkaBroker broker) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
    }

    static KafkaCluster inProcess(InProcessKafkaBroker broker) {
        return new KafkaCluster(broker.bootstrapServers(), broker);
    }

    static KafkaCluster external(String bootstrapServers) {
        return new KafkaCluster(bootstrapServers, null);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isInProcess() {
        return broker != null;
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
