package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.registry.RegistryDtos.ErrorBody;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path nothing serves under the registry API's paths answers as Confluent's registry does,
 * {"error_code":404,"message":...}: registry clients that try an endpoint this registry lacks read the usual error
 * instead of Spring's error page; any other unknown path gets the host's own error ({@link OtherUnknownPaths}). Only
 * paths no handler knows; every controller's own answers stay as they are. Just ahead of the lowest precedence, so it
 * comes before the host's own last-in-line advice for Spring's request errors whatever order the beans are found in.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
@ConditionalOnRegistryServed
public class RegistryUnknownPathHandler {

    /** The registry API's top-level paths: an unknown path under them is a registry client's. */
    private static final List<String> REGISTRY_PATHS = List.of("/subjects", "/schemas", "/config", "/compatibility",
            "/mode", "/contexts", "/exporters");

    private final OtherUnknownPaths otherPaths;

    public RegistryUnknownPathHandler(OtherUnknownPaths otherPaths) {
        this.otherPaths = otherPaths;
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<?> unknownPath(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (REGISTRY_PATHS.stream().noneMatch(p -> path.equals(p) || path.startsWith(p + "/"))) {
            return otherPaths.answer(path);
        }
        RegistryError error = RegistryError.unknownPath(path);
        return ResponseEntity.status(404).contentType(MediaType.parseMediaType(RegistryProtocol.CONTENT_TYPE))
                .body(new ErrorBody(error.errorCode(), error.getMessage()));
    }
}
