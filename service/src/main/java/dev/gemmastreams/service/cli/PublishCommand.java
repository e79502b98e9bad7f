package dev.gemmastreams.service.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gemmastreams.avro.Document;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gemma-streams publish FILE...}: text files become one document each; .jsonl files one per line. */
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish documents: a text file is one"
        + " document (id = file name); a .jsonl file holds one JSON document per line"
        + " ({\"id\", \"text\", \"title\", \"source\", \"language\", \"metadata\"}).")
final class PublishCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin ServiceConnection connection;
    @Option(names = "--topic", defaultValue = "documents") String topic;
    @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;

    @Override
    public Integer call() throws Exception {
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            documents.addAll(read(file));
        }
        try (KafkaProducer<String, Document> producer = connection.producer()) {
            for (Document document : documents) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic, document.getId(), document)).get();
                System.out.printf("published %s (%d chars) to %s-%d@%d%n", document.getId(),
                        document.getText().length(), sent.topic(), sent.partition(), sent.offset());
            }
        }
        return 0;
    }

    static List<Document> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            List<Document> documents = new ArrayList<>();
            int lineNumber = 0;
            for (String line : Files.readAllLines(file)) {
                lineNumber++;
                if (!line.isBlank()) {
                    documents.add(fromJson(JSON.readTree(line), file + ":" + lineNumber));
                }
            }
            return documents;
        }
        String id = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return List.of(Document.newBuilder().setId(id).setText(Files.readString(file)).setTitle(id)
                .setSource(file.toAbsolutePath().toString()).setCreatedAt(Instant.now()).build());
    }

    private static Document fromJson(JsonNode node, String where) {
        if (!node.hasNonNull("id") || !node.hasNonNull("text")) {
            throw new IllegalArgumentException(where + ": a document needs \"id\" and \"text\"");
        }
        Map<String, String> metadata = new HashMap<>();
        if (node.has("metadata")) {
            node.get("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        return Document.newBuilder()
                .setId(node.get("id").asText())
                .setText(node.get("text").asText())
                .setTitle(text(node, "title"))
                .setSource(text(node, "source"))
                .setLanguage(text(node, "language"))
                .setMetadata(metadata)
                .setCreatedAt(Instant.now())
                .build();
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
