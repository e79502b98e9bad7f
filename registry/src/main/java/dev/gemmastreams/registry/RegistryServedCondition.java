package dev.gemmastreams.registry;

import dev.gemmastreams.registry.RegistryServeMode;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True unless gemma-streams.registry.serve says off (or false); an invalid value is left to the properties to report. */
class RegistryServedCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String serve = context.getEnvironment().getProperty("gemma-streams.registry.serve", "read-write");
        try {
            return RegistryServeMode.parse(serve) != RegistryServeMode.OFF;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
