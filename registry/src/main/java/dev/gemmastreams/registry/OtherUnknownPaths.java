package dev.gemmastreams.registry;

import org.springframework.http.ResponseEntity;

/**
 * How the application hosting the registry answers an unknown path outside the registry API's paths, in its own
 * error format: {@link RegistryUnknownPathHandler} answers every unknown path, so it asks the host for the others.
 */
@FunctionalInterface
public interface OtherUnknownPaths {

    ResponseEntity<?> answer(String path);
}
