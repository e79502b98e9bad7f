package dev.gemmastreams.service.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Spring MVC's own request errors (no such path, a missing parameter, a wrong method...) as a {@link JsonError},
 * written directly so that no Accept header can turn them into an HTML page or another error. Last in line: the
 * registry's handler answers its own errors in Confluent's format first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class JsonErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorAdvice.class);

    /** Spring's request errors are servlet exceptions or ErrorResponseExceptions, all carrying their status. */
    @ExceptionHandler({ServletException.class, ErrorResponseException.class})
    public void requestError(Exception exception, HttpServletResponse response) throws IOException {
        if (exception instanceof ErrorResponse error) {
            write(response, JsonError.of(error.getStatusCode().value(), error.getBody().getDetail()));
        } else {
            log.error("HTTP request failed", exception);
            write(response, JsonError.of(500, JsonErrorController.SERVER_ERROR));
        }
    }

    static void write(HttpServletResponse response, JsonError error) throws IOException {
        response.setStatus(error.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.getWriter().write(error.toJson());
    }
}
