package dev.gemmastreams.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Summary;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every contract stays BACKWARD compatible with its last released version: a consumer on the current schema
 * reads every record written with the released one. Released versions live in {@code schemas/released/<Name>/<n>.avsc}.
 */
class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("released");

    static List<Schema> contracts() {
        return List.of(Document.getClassSchema(), Question.getClassSchema(), Summary.getClassSchema(),
                Answer.getClassSchema(), SafetyVerdict.getClassSchema(), DeadLetter.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void currentSchemaReadsTheLastReleasedVersion(Schema current) throws IOException {
        Schema released = lastReleased(current.getName());

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as("%s is not BACKWARD compatible with its last release: %s",
                        current.getName(), result.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aNewFieldWithoutDefaultIsCaughtAsIncompatible() throws IOException {
        Schema released = lastReleased("Document");
        Schema current = Document.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("tenant", Schema.create(Schema.Type.STRING)));
        Schema withRequiredField = Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, released).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema lastReleased(String name) throws IOException {
        Path folder = RELEASED.resolve(name);
        assertThat(folder).as("no released version of %s in %s", name, folder.toAbsolutePath()).isDirectory();
        try (Stream<Path> files = Files.list(folder)) {
            Path newest = files.filter(f -> f.getFileName().toString().matches("\\d+\\.avsc"))
                    .max(Comparator.comparingInt(SchemaEvolutionTest::versionOf))
                    .orElseThrow(() -> new AssertionError("no <n>.avsc in " + folder));
            return new Schema.Parser().parse(newest.toFile());
        }
    }

    private static int versionOf(Path file) {
        String name = file.getFileName().toString();
        return Integer.parseInt(name.substring(0, name.indexOf('.')));
    }
}
