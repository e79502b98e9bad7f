package dev.gemmastreams.registry;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Present only while this service serves the registry API (gemma-streams.registry.serve other than off/false).
 * On the controller and its advice too, so component scanning cannot bring them in when the registry is elsewhere.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(RegistryServedCondition.class)
public @interface ConditionalOnRegistryServed {
}
