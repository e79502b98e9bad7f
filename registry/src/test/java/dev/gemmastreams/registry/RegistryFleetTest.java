package dev.gemmastreams.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Three registry instances on one topic, as a fleet runs them: one set of ids and versions, served by all. */
class RegistryFleetTest {

    private static final int INSTANCES = 3;
    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(30);

    private final String topic = "_schemas-" + UUID.randomUUID();
    private final List<KafkaSchemaStore> stores = new ArrayList<>();
    private final List<RegistryService> registries = new ArrayList<>();

    @BeforeEach
    void startFleet() {
        for (int i = 0; i < INSTANCES; i++) {
            KafkaSchemaStore store = new KafkaSchemaStore(TestKafka.clientConfig(), topic, Duration.ofSeconds(20));
            stores.add(store);
            store.start();
            registries.add(new RegistryService(store));
        }
    }

    @AfterEach
    void stopFleet() {
        stores.forEach(KafkaSchemaStore::close);
    }

    private static String schema(String name) {
        return Schemas.parse("{\"type\": \"record\", \"name\": \"" + name + "\", \"namespace\": \"fleet\", \"fields\": ["
                + "{\"name\": \"value\", \"type\": \"string\"}]}").toString();
    }

    /** Runs every call at once (as far as threads allow) and returns their results in order. */
    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Retries the check until it passes or the limit is reached (then its last failure is thrown). */
    private static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + PROPAGATION_LIMIT.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError | RegistryError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void concurrentRegistrationsThroughEveryInstanceGetDistinctIds() throws Exception {
        Map<String, String> schemasBySubject = new HashMap<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            RegistryService registry = registries.get(i);
            for (int n = 0; n < 4; n++) {
                String subject = "instance-" + i + "-schema-" + n + "-value";
                String schema = schema("Record" + i + "x" + n);
                schemasBySubject.put(subject, schema);
                calls.add(() -> registry.register(subject, schema));
            }
        }

        List<Integer> ids = concurrently(calls);

        assertThat(ids).doesNotHaveDuplicates().hasSize(INSTANCES * 4);
    }

    @Test
    void everyIdResolvesToTheSameSchemaOnEveryInstance() throws Exception {
        List<String> schemas = new ArrayList<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            RegistryService registry = registries.get(i);
            for (int n = 0; n < 4; n++) {
                String subject = "resolve-" + i + "-" + n + "-value";
                String schema = schema("Resolved" + i + "x" + n);
                schemas.add(schema);
                calls.add(() -> registry.register(subject, schema));
            }
        }

        List<Integer> ids = concurrently(calls);

        for (RegistryService registry : registries) {
            for (int k = 0; k < ids.size(); k++) {
                assertThat(registry.schemaById(ids.get(k))).isEqualTo(schemas.get(k));
            }
        }
    }

    @Test
    void concurrentVersionsOfOneSubjectThroughEveryInstanceAreNumberedOnce() throws Exception {
        String subject = "shared-value";
        registries.getFirst().setSubjectLevel(subject, "NONE");
        List<String> schemas = new ArrayList<>();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            RegistryService registry = registries.get(i);
            for (int n = 0; n < 3; n++) {
                String schema = schema("Shared" + i + "x" + n);
                schemas.add(schema);
                calls.add(() -> registry.register(subject, schema));
            }
        }

        List<Integer> ids = concurrently(calls);

        for (RegistryService registry : registries) {
            eventually(() -> {
                assertThat(registry.versions(subject)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
                List<String> registered = registry.versions(subject).stream()
                        .map(v -> registry.version(subject, String.valueOf(v)).schema()).toList();
                assertThat(registered).containsExactlyInAnyOrderElementsOf(schemas);
                for (int k = 0; k < ids.size(); k++) {
                    assertThat(registry.lookup(subject, schemas.get(k)).id()).isEqualTo(ids.get(k));
                }
            });
        }
    }

    @Test
    void schemaRegisteredOnOneInstanceIsServedByTheOthersWithoutAnyWriteThere() throws Exception {
        String subject = "propagated-value";
        String schema = schema("Propagated");

        int id = registries.getFirst().register(subject, schema);

        for (RegistryService other : registries.subList(1, INSTANCES)) {
            eventually(() -> {
                assertThat(other.subjects()).contains(subject);
                StoreRecord.SchemaVersion version = other.version(subject, "1");
                assertThat(version.id()).isEqualTo(id);
                assertThat(version.schema()).isEqualTo(schema);
            });
        }
    }
}
