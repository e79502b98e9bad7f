package dev.gemmastreams.schemas.serde;

/** Confluent's default subject naming: the topic name with "-key" or "-value". */
public final class TopicNameStrategy {

    private TopicNameStrategy() {
    }

    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
