package dev.gemmastreams.service.web;

import org.apache.tomcat.util.json.JSONFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The body of every error the service's own HTTP endpoints answer: the status, its reason and what went wrong. */
public record JsonError(int status, String error, String message) {

    public static JsonError of(int status, String message) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return new JsonError(status, reason, message == null || message.isBlank() ? reason : message);
    }

    public static ResponseEntity<JsonError> response(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(of(status.value(), message));
    }

    /** The same JSON, for writers that bypass Spring's message converters. */
    public String toJson() {
        return "{\"status\":" + status + ",\"error\":\"" + JSONFilter.escape(error) + "\",\"message\":\""
                + JSONFilter.escape(message) + "\"}";
    }
}
