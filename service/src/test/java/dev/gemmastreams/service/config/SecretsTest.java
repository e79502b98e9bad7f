package dev.gemmastreams.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Settings objects can be logged or put in messages: their secrets never show. */
class SecretsTest {

    @Test
    void kafkaSettingsHideTheJaasConfigAndPasswordsButShowTheRest() {
        KafkaProperties kafka = new KafkaProperties("broker:9093", null, Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"sasl-secret\";",
                "ssl.truststore.password", "store-secret"));

        assertThat(kafka.toString()).doesNotContain("sasl-secret", "store-secret")
                .contains("SASL_SSL", "broker:9093", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]");
    }

    /** Shaped like the service's settings records (whose components other settings may join). */
    record Settings(String hubToken, int maxSummaryTokens, URI url, Map<String, String> properties) {
    }

    @Test
    void aTokenIsHiddenButNotATokenLimit() {
        String shown = Secrets.describe(new Settings("hf_secret", 123, null, Map.of()));

        assertThat(shown).doesNotContain("hf_secret").contains("hubToken=[hidden]", "maxSummaryTokens=123");
    }

    @Test
    void aUrlLosesItsUserInfo() {
        String shown = Secrets.describe(new Settings(null, 1, URI.create("https://svc:reg-secret@registry:8081/"), Map.of()));

        assertThat(shown).doesNotContain("reg-secret").contains("url=https://[hidden]@registry:8081/");
        assertThat(Secrets.withoutUserInfo(URI.create("http://localhost:8080"))).isEqualTo("http://localhost:8080");
    }

    @Test
    void secretsAmongPassThroughPropertiesAreHidden() {
        String shown = Secrets.describe(new Settings(null, 1, null, Map.of(
                "producer.sasl.jaas.config", "password=\"p-secret\";", "basic.auth.user.info", "u:ui-secret",
                "schema.registry.credentials", "c-secret", "commit.interval.ms", "200")));

        assertThat(shown).doesNotContain("p-secret", "ui-secret", "c-secret").contains("commit.interval.ms=200");
    }

    @Test
    void everySettingsRecordOfTheServiceHidesItsSecrets() throws Exception {
        for (Class<?> settings : List.of(KafkaProperties.class, ModelProperties.class, StreamsProperties.class,
                RegistryProperties.class)) {
            RecordComponent[] components = settings.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i]);
            }
            Constructor<?> canonical = settings.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));

            assertThat(canonical.newInstance(values).toString()).as(settings.getSimpleName())
                    .doesNotContain("secret-value", "uri-secret");
        }
    }

    /** A secret where the name says so (a String, a URL's user info, a pass-through map's entry), plain elsewhere. */
    private static Object sample(RecordComponent component) {
        Class<?> type = component.getType();
        if (component.getName().equals("serve")) {
            return "read-write"; // a mode, validated
        }
        if (type == String.class) {
            return Secrets.isSecretName(component.getName()) ? "user:secret-value" : "plain"; // credentials are user:password
        }
        if (type == Map.class) {
            return Map.of("sasl.jaas.config", "secret-value", "ssl.key.password", "secret-value");
        }
        if (type == URI.class) {
            return URI.create("http://user:uri-secret@host:1/");
        }
        if (type == Integer.class || type == int.class) {
            return 1;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == Path.class) {
            return Path.of("/tmp");
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        return null;
    }
}
