package dev.gemmastreams.service.kafka;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Connects once before anything else does, so that a cluster refusing the service's TLS or SASL settings stops
 * start-up at once with what to fix (never the secret itself), instead of every client failing in turn. Other
 * failures (an unreachable cluster) are left to the clients that report them already.
 */
final class KafkaAccessCheck {

    private static final long TIMEOUT_SECONDS = 60;

    private KafkaAccessCheck() {
    }

    static void verify(KafkaClientSettings settings) {
        try (Admin admin = Admin.create(settings.clientConfig())) {
            admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SslAuthenticationException tls) {
                throw new IllegalStateException("The TLS handshake with Kafka at " + settings.bootstrapServers()
                        + " failed (" + tls.getMessage() + "): check gemma-streams.kafka.client.[ssl.truststore.location]"
                        + " and its [ssl.truststore.password] / [ssl.truststore.type], or the broker's certificate", tls);
            }
            if (e.getCause() instanceof AuthenticationException refused) {
                throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " refused the service's"
                        + " credentials (" + setting(settings, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + ", "
                        + setting(settings, SaslConfigs.SASL_MECHANISM) + "): " + refused.getMessage()
                        + ". Check the user name and password in gemma-streams.kafka.client.[sasl.jaas.config]", refused);
            }
        } catch (TimeoutException e) {
            // Unreachable for now: the topic and registry set-up report it with their own context.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to Kafka", e);
        }
    }

    private static String setting(KafkaClientSettings settings, String name) {
        Object value = settings.clientConfig().get(name);
        return value == null ? name + " unset" : String.valueOf(value);
    }
}
