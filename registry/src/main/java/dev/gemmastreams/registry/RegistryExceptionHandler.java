package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.registry.RegistryDtos.ErrorBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers the registry's errors as Confluent does: {"error_code": N, "message": "..."}; other controllers are untouched. */
@RestControllerAdvice(assignableTypes = SchemaRegistryController.class)
@ConditionalOnRegistryServed
public class RegistryExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryExceptionHandler.class);
    /** Confluent's code for "error in the backend data store". */
    private static final int STORE_ERROR = 50001;

    @ExceptionHandler(RegistryError.class)
    public ResponseEntity<ErrorBody> refused(RegistryError e) {
        ResponseEntity<ErrorBody> answer = answer(e.httpStatus(), new ErrorBody(e.errorCode(), e.getMessage()));
        if (e.httpStatus() == 401) {
            return ResponseEntity.status(401).header("WWW-Authenticate", "Basic realm=\"schema-registry\"")
                    .contentType(MediaType.parseMediaType(RegistryProtocol.CONTENT_TYPE)).body(answer.getBody());
        }
        return answer;
    }

    /** Kafka unreachable or slow: the request may well succeed later. */
    @ExceptionHandler(IllegalStateException.class)
    public ResponseEntity<ErrorBody> storeFailed(IllegalStateException e) {
        log.warn("Schema registry request failed in its store", e);
        return answer(500, new ErrorBody(STORE_ERROR, "Error in the backend data store: " + e.getMessage()));
    }

    private static ResponseEntity<ErrorBody> answer(int status, ErrorBody body) {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(RegistryProtocol.CONTENT_TYPE)).body(body);
    }
}
