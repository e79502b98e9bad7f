package dev.gemmastreams.service.streams;

import java.net.URI;

import dev.gemmastreams.registry.RegistryServeMode;
import dev.gemmastreams.service.config.RegistryProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The schema registry the serdes talk to: the configured URL, or this service's own endpoint when it serves
 * the registry API itself (known only once the web server has its port).
 */
final class RegistryLocator {

    private RegistryLocator() {
    }

    static URI registryUrl(RegistryProperties registry, ApplicationContext context) {
        if (registry.url() != null) {
            return registry.url();
        }
        if (registry.serveMode() == RegistryServeMode.OFF) {
            throw new IllegalStateException(
                    "Set gemma-streams.registry.url when gemma-streams.registry.serve is false");
        }
        if (!(context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            throw new IllegalStateException("gemma-streams.registry.url is not set and no web server runs to serve it");
        }
        return URI.create("http://localhost:" + web.getWebServer().getPort());
    }
}
