package dev.gemmastreams.service.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the embedded Tomcat treats ids in URLs and reports the errors it raises itself. */
@Configuration(proxyBeanMethods = false)
public class TomcatConfiguration {

    /**
     * Any Kafka key is an id, '/' and '\' included. Tomcat refuses %2F (and %5C) in a path by default (400); passed
     * through still encoded, they can neither split the path nor climb out of it, and Spring decodes them inside the
     * matched segment.
     * Tomcat's own errors come back as JSON like every other error of the service.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> idsInPathsAndJsonErrors() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            });
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonStatusReportValve.class.getName());
                }
            });
        };
    }
}
