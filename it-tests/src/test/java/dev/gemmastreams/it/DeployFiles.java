package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The files under {@code deploy/}, parsed: YAML documents, the Grafana dashboards and their PromQL expressions. */
final class DeployFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {
    }

    /** The repository's deploy folder (tests run in it-tests/). */
    static Path dir() {
        Path deploy = Path.of("..", "deploy").toAbsolutePath().normalize();
        if (!Files.isDirectory(deploy)) {
            throw new IllegalStateException("No deploy folder at " + deploy);
        }
        return deploy;
    }

    static Path path(String relative) {
        return dir().resolve(relative);
    }

    /** Every YAML document in a file (Kubernetes files hold several). */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (document != null) {
                documents.add(map(document, file.toString()));
            }
        }
        return documents;
    }

    static Map<String, Object> yaml(Path file) {
        List<Map<String, Object>> documents = yamlDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " YAML documents, expected one");
        }
        return documents.getFirst();
    }

    static Map<String, Object> yaml(String text, String what) {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text), what);
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static List<Path> files(String relativeDir, String suffix) {
        try (Stream<Path> files = Files.walk(path(relativeDir))) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Alert (or recording) rule name to its expression, from deploy/prometheus/alerts.yml. */
    static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Object group : list(yaml(path("prometheus/alerts.yml")).get("groups"))) {
            for (Object rule : list(map(group, "group").get("rules"))) {
                Map<String, Object> r = map(rule, "rule");
                String name = String.valueOf(r.containsKey("alert") ? r.get("alert") : r.get("record"));
                expressions.put("alerts.yml " + name, String.valueOf(r.get("expr")));
            }
        }
        return expressions;
    }

    /**
     * Where each expression of the Grafana dashboards is ("file panel-title refId") to the expression; template
     * variable queries are included, marked "variable".
     */
    static Map<String, String> grafanaExpressions() {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Path file : files("grafana", ".json")) {
            JsonNode dashboard = json(file);
            collectTargets(dashboard, file.getFileName().toString(), "", expressions);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asString())) {
                    continue;
                }
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                if (!text.isBlank()) {
                    expressions.put(file.getFileName() + " variable " + variable.path("name").asString(),
                            "variable:" + text);
                }
            }
        }
        return expressions;
    }

    /** The metric names of an expression from {@link #alertExpressions()} or {@link #grafanaExpressions()}. */
    static java.util.Set<String> metricNames(String expression) {
        return expression.startsWith("variable:")
                ? PromQlMetricNames.ofGrafanaVariableQuery(expression.substring("variable:".length()))
                : PromQlMetricNames.of(expression);
    }

    private static void collectTargets(JsonNode node, String file, String panel, Map<String, String> out) {
        if (node.isObject()) {
            String title = node.has("title") && node.has("type") ? node.path("title").asString() : panel;
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isString()) {
                out.put(file + " \"" + title + "\" " + node.path("refId").asString(""), expr.asString());
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getKey().equals("templating")) {
                    collectTargets(field.getValue(), file, title, out);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collectTargets(element, file, panel, out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalStateException(what + " is not a mapping: " + o);
        }
        return (Map<String, Object>) m;
    }

    static List<?> list(Object o) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalStateException("Not a list: " + o);
        }
        return l;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    /** A nested value by keys and list indexes, e.g. at(doc, "spec", "template", "spec", "containers", 0). */
    static Object at(Object root, Object... path) {
        Object current = root;
        for (Object step : path) {
            if (step instanceof Integer index) {
                current = list(current).get(index);
            } else {
                current = map(current, String.valueOf(step)).get(step);
            }
            if (current == null) {
                throw new IllegalStateException("Nothing at " + List.of(path));
            }
        }
        return current;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
