package dev.gemmastreams.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** gemma-streams: summaries, answers and safety verdicts for documents on Kafka, by Gemma 2 in-process. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GemmaStreamsApplication {

    public static void main(String[] args) {
        SpringApplication.run(GemmaStreamsApplication.class, args);
    }
}
