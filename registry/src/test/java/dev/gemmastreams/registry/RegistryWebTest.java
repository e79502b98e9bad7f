package dev.gemmastreams.registry;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The registry served on a random port by {@link RegistryTestApplication}; one context shared by every test class
 * using this annotation. {@link RegistryTestApplication} brings its own Kafka client settings (the test broker).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@interface RegistryWebTest {
}
