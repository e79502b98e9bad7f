package dev.gemmastreams.service.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Every error that reaches the servlet container's error page (unknown paths, missing parameters, failures) is
 * answered as a {@link JsonError}, whatever the client accepts: never an HTML page, never an empty body. It is
 * written directly, so no content negotiation can turn it into another error. A server error's message stays in
 * the log (it may name internals); the client is told where to look.
 */
@Controller
public class JsonErrorController implements ErrorController {

    static final String SERVER_ERROR = "The request failed inside the service; its log has the details";
    private static final Logger log = LoggerFactory.getLogger(JsonErrorController.class);

    private final ErrorAttributes errorAttributes;

    public JsonErrorController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> attributes = errorAttributes.getErrorAttributes(new ServletWebRequest(request),
                ErrorAttributeOptions.of(ErrorAttributeOptions.Include.MESSAGE));
        int status = attributes.get("status") instanceof Integer code ? code : 500;
        String message = String.valueOf(attributes.getOrDefault("message", ""));
        if (status >= 500) {
            log.error("HTTP {} for {} {}", status, request.getMethod(), attributes.get("path"),
                    errorAttributes.getError(new ServletWebRequest(request)));
            message = SERVER_ERROR;
        } else if (status == 404 && (message.isBlank() || message.equals("No message available"))) {
            message = "No such path: " + attributes.get("path");
        }
        JsonErrorAdvice.write(response, JsonError.of(status, message));
    }
}
