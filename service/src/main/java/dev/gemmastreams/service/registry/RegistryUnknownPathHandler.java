package dev.gemmastreams.service.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.service.registry.RegistryDtos.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A path nothing serves answers as Confluent's registry does, {"error_code":404,"message":...}: registry clients
 * that try an endpoint this registry lacks read the usual error instead of Spring's error page. Only paths no
 * handler knows; every controller's own answers stay as they are.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnRegistryServed
public class RegistryUnknownPathHandler {

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<ErrorBody> unknownPath(HttpServletRequest request) {
        RegistryError error = RegistryError.unknownPath(request.getRequestURI());
        return ResponseEntity.status(404).contentType(MediaType.parseMediaType(RegistryProtocol.CONTENT_TYPE))
                .body(new ErrorBody(error.errorCode(), error.getMessage()));
    }
}
