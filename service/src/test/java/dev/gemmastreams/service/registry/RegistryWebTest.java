package dev.gemmastreams.service.registry;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The registry served on a random port by {@link RegistryTestApplication}; one context shared by every test class
 * using this annotation. The service's readiness group names a health check of the Streams part, absent here.
 * {@link RegistryTestApplication} brings its own Kafka client settings (the shared test broker); a bootstrap
 * address keeps the service's in-process broker (in the user's home folder) from starting for nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoint.health.validate-group-membership=false", RegistryWebTest.NO_EMBEDDED_BROKER})
@interface RegistryWebTest {

    /** Any address will do: nothing in the registry's test application reads it. */
    String NO_EMBEDDED_BROKER = "gemma-streams.kafka.bootstrap-servers=set-by-registry-test-application:9092";
}
