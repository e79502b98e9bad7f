package dev.gemmastreams.service.kafka;

import dev.gemmastreams.service.config.KafkaProperties;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the in-process broker on a background thread as soon as the application context exists, so the broker
 * boots while Spring builds the rest of the service: each takes seconds on a small machine. Registered in
 * {@code META-INF/spring.factories}; {@link KafkaConfiguration} waits for it.
 */
public class EarlyBrokerStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN_NAME = "pendingBroker";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        KafkaProperties kafka = Binder.get(context.getEnvironment())
                .bindOrCreate("gemma-streams.kafka", KafkaProperties.class);
        if (!kafka.useEmbeddedBroker()) {
            return;
        }
        PendingBroker pending = PendingBroker.start(
                new InProcessKafkaBroker(kafka.embedded().dataDir(), kafka.embedded().port()));
        context.getBeanFactory().registerSingleton(BEAN_NAME, pending);
        if (context.getBeanFactory() instanceof DefaultListableBeanFactory factory) {
            // Stops the broker even when start-up fails before anything else owns it.
            factory.registerDisposableBean(BEAN_NAME, pending);
        }
    }
}
