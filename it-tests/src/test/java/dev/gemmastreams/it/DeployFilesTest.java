package dev.gemmastreams.it;

import static dev.gemmastreams.it.DeployFiles.at;
import static dev.gemmastreams.it.DeployFiles.list;
import static dev.gemmastreams.it.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gemmastreams.service.config.KafkaProperties;
import dev.gemmastreams.service.config.ModelProperties;
import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.config.StreamsProperties;
import dev.gemmastreams.service.config.TopicsProperties;
import dev.gemmastreams.service.safety.SafetyProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;

/**
 * The files under {@code deploy/} without a container engine: they parse, refer to each other consistently, and
 * every {@code gemma-streams.*} setting they pass (compose environment, Kubernetes ConfigMap and environment) is a
 * property the service really binds.
 */
class DeployFilesTest {

    /** The service's settings classes, by prefix. */
    private static final Map<String, Class<?>> SETTINGS = Map.of(
            "gemma-streams.kafka", KafkaProperties.class,
            "gemma-streams.topics", TopicsProperties.class,
            "gemma-streams.streams", StreamsProperties.class,
            "gemma-streams.model", ModelProperties.class,
            "gemma-streams.registry", RegistryProperties.class,
            "gemma-streams.safety", SafetyProperties.class);

    @Test
    void composeRunsKafkaTheServicePrometheusAndGrafanaFromFilesThatExist() {
        Map<String, Object> compose = DeployFiles.yaml(DeployFiles.path("compose.yaml"));
        Map<String, Object> services = map(compose.get("services"), "services");
        assertThat(services).containsKeys("kafka", "gemma-streams", "prometheus", "grafana");

        assertThat((String) at(services, "kafka", "image")).contains("apache/kafka");
        assertThat(map(at(services, "kafka", "environment"), "kafka environment"))
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");

        Map<String, Object> service = map(services.get("gemma-streams"), "gemma-streams");
        assertThat(map(service.get("environment"), "environment"))
                .containsEntry("GEMMA_STREAMS_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        assertThat(DeployFiles.dir().resolve((String) at(service, "build", "context"))
                .resolve((String) at(service, "build", "dockerfile")).normalize())
                .as("the service's Dockerfile").isEqualTo(DeployFiles.path("Dockerfile")).isRegularFile();
        assertThat(DeployFiles.strings(service.get("volumes")))
                .as("the model folder: from GEMMA_MODEL_DIR, read-only, an empty folder (demo model) when unset")
                .anyMatch(v -> v.matches("\\$\\{GEMMA_MODEL_DIR:-[^}]+}:/models:ro"));

        // Every bind mount of a file or folder under deploy/ exists.
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            Object volumes = map(entry.getValue(), entry.getKey()).get("volumes");
            for (String volume : volumes == null ? List.<String>of() : DeployFiles.strings(volumes)) {
                // ./file:/target[:ro], or ${VARIABLE:-./fallback}:/target[:ro]
                String source = volume.replaceAll("^\\$\\{[A-Z_]+:-([^}]+)}:.*$", "$1").split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DeployFiles.dir().resolve(source)).as(entry.getKey() + " mounts " + source).exists();
                }
            }
        }
        assertThat(DeployFiles.strings(at(services, "prometheus", "volumes")))
                .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    void prometheusScrapesTheServiceAndLoadsTheAlertRules() {
        Map<String, Object> prometheus = DeployFiles.yaml(DeployFiles.path("prometheus/prometheus.yml"));
        assertThat(DeployFiles.strings(prometheus.get("rule_files"))).containsExactly("/etc/prometheus/alerts.yml");
        Map<String, Object> job = list(prometheus.get("scrape_configs")).stream()
                .map(j -> map(j, "job")).filter(j -> "gemma-streams".equals(j.get("job_name"))).findFirst().orElseThrow();
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat(DeployFiles.strings(at(job, "static_configs", 0, "targets"))).containsExactly("gemma-streams:8080");
    }

    @Test
    void everyAlertRuleHasAnExpressionASeverityAndASummary() {
        Map<String, Object> alerts = DeployFiles.yaml(DeployFiles.path("prometheus/alerts.yml"));
        Set<String> names = new HashSet<>();
        for (Object group : list(alerts.get("groups"))) {
            for (Object r : list(map(group, "group").get("rules"))) {
                Map<String, Object> rule = map(r, "rule");
                assertThat(names.add(String.valueOf(rule.get("alert")))).as("unique alert " + rule.get("alert")).isTrue();
                assertThat(String.valueOf(rule.get("expr"))).as(rule.get("alert") + " expr").isNotBlank();
                assertThat(map(rule.get("labels"), "labels")).containsKey("severity");
                assertThat(map(rule.get("annotations"), "annotations")).containsKeys("summary", "description");
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(8);
        assertThat(DeployFiles.alertExpressions().values()).allSatisfy(e -> assertThat(DeployFiles.metricNames(e)).isNotEmpty());
    }

    @Test
    void grafanaIsProvisionedWithTheDataSourceAndTheDashboard() {
        Map<String, Object> datasources = DeployFiles.yaml(DeployFiles.path("grafana/provisioning/datasources/prometheus.yaml"));
        Map<String, Object> prometheus = map(list(datasources.get("datasources")).getFirst(), "datasource");
        assertThat(prometheus).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");

        Map<String, Object> providers = DeployFiles.yaml(DeployFiles.path("grafana/provisioning/dashboards/gemma-streams.yaml"));
        String dashboardsPath = (String) at(providers, "providers", 0, "options", "path");
        Map<String, Object> grafana = map(at(DeployFiles.yaml(DeployFiles.path("compose.yaml")), "services", "grafana"), "grafana");
        assertThat(DeployFiles.strings(grafana.get("volumes"))).contains("./grafana/dashboards:" + dashboardsPath + ":ro");

        List<Path> dashboards = DeployFiles.files("grafana/dashboards", ".json");
        assertThat(dashboards).isNotEmpty();
        for (Path file : dashboards) {
            JsonNode dashboard = DeployFiles.json(file);
            assertThat(dashboard.path("uid").asString()).isNotBlank();
            JsonNode datasourceVariable = null;
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("datasource".equals(variable.path("type").asString())) {
                    datasourceVariable = variable;
                }
            }
            assertThat(datasourceVariable).as("a data source variable").isNotNull();
            assertThat(datasourceVariable.path("current").path("value").asString()).isEqualTo(prometheus.get("uid"));
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
                if (!"row".equals(panel.path("type").asString())) {
                    assertThat(panel.path("targets").isEmpty()).as("panel " + panel.path("title") + " has queries").isFalse();
                }
            }
        }
        assertThat(DeployFiles.grafanaExpressions()).hasSizeGreaterThan(20);
    }

    @Test
    void kubernetesManifestsAreNamespaceFreeAndConsistent() {
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        for (Path file : DeployFiles.files("kubernetes", ".yaml")) {
            for (Map<String, Object> object : DeployFiles.yamlDocuments(file)) {
                if ("Kustomization".equals(object.get("kind"))) {
                    continue;
                }
                Map<String, Object> metadata = map(object.get("metadata"), file + " metadata");
                assertThat(metadata).as(file + ": no namespace").doesNotContainKey("namespace");
                objects.put(object.get("kind") + "/" + metadata.get("name"), object);
            }
        }
        assertThat(objects).containsKeys("ConfigMap/gemma-streams", "Service/gemma-streams",
                "Service/gemma-streams-headless", "StatefulSet/gemma-streams", "PodDisruptionBudget/gemma-streams");
        assertThat(objects.keySet()).noneMatch(k -> k.startsWith("ServiceMonitor/") || k.startsWith("Namespace/"));

        Map<String, Object> statefulSet = objects.get("StatefulSet/gemma-streams");
        Map<String, Object> podLabels = map(at(statefulSet, "spec", "template", "metadata", "labels"), "pod labels");
        assertThat(at(statefulSet, "spec", "serviceName")).isEqualTo("gemma-streams-headless");
        assertThat(at(objects.get("Service/gemma-streams-headless"), "spec", "clusterIP")).isEqualTo("None");
        assertThat(at(objects.get("Service/gemma-streams"), "spec", "type")).isEqualTo("ClusterIP");
        for (String selecting : List.of("Service/gemma-streams", "Service/gemma-streams-headless")) {
            assertThat(podLabels).containsAllEntriesOf(map(at(objects.get(selecting), "spec", "selector"), selecting));
        }
        assertThat(podLabels).containsAllEntriesOf(
                map(at(objects.get("PodDisruptionBudget/gemma-streams"), "spec", "selector", "matchLabels"), "pdb"));
        assertThat(podLabels).containsAllEntriesOf(map(at(statefulSet, "spec", "selector", "matchLabels"), "selector"));

        Map<String, Object> annotations = map(at(statefulSet, "spec", "template", "metadata", "annotations"), "annotations");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/actuator/prometheus").containsEntry("prometheus.io/port", "8080");

        Map<String, Object> container = map(at(statefulSet, "spec", "template", "spec", "containers", 0), "container");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        int startupSeconds = (Integer) at(container, "startupProbe", "periodSeconds")
                * (Integer) at(container, "startupProbe", "failureThreshold");
        assertThat(startupSeconds).as("startup probe room for loading a model").isGreaterThanOrEqualTo(300);

        Map<String, Object> env = new LinkedHashMap<>();
        for (Object e : list(container.get("env"))) {
            Map<String, Object> variable = map(e, "env");
            env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value") : variable.get("valueFrom"));
        }
        assertThat(env.get("POD_NAME")).isEqualTo(Map.of("fieldRef", Map.of("fieldPath", "metadata.name")));
        assertThat(env.get("GEMMA_STREAMS_STREAMS_INSTANCE_ID")).isEqualTo("$(POD_NAME)");
        assertThat((String) env.get("JAVA_TOOL_OPTIONS"))
                .contains("--add-modules jdk.incubator.vector").contains("--enable-native-access=ALL-UNNAMED");

        // The state folder of the ConfigMap is on the volume claim; the ConfigMap is where Spring looks for it.
        Map<String, Object> settings = configMapSettings(objects.get("ConfigMap/gemma-streams"));
        String stateDir = (String) at(settings, "gemma-streams", "streams", "state-dir");
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object m : list(container.get("volumeMounts"))) {
            mounts.put((String) map(m, "mount").get("name"), (String) map(m, "mount").get("mountPath"));
        }
        String claim = (String) at(statefulSet, "spec", "volumeClaimTemplates", 0, "metadata", "name");
        assertThat(stateDir).startsWith(mounts.get(claim) + "/");
        assertThat((String) env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).endsWith(mounts.get("config") + "/");
        assertThat((String) at(settings, "gemma-streams", "model", "dir")).isEqualTo(mounts.get("model"));
        Map<String, Object> resources = map(container.get("resources"), "resources");
        assertThat(map(resources.get("requests"), "requests")).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"), "limits")).containsKey("memory");
    }

    @Test
    void kedaScalesTheStatefulSetOnTheGroupsLagNeverBeyondTheInputPartitions() {
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        for (Path file : DeployFiles.files("kubernetes", ".yaml")) {
            for (Map<String, Object> object : DeployFiles.yamlDocuments(file)) {
                if (object.containsKey("metadata")) {
                    objects.put(object.get("kind") + "/" + map(object.get("metadata"), "metadata").get("name"), object);
                }
            }
        }
        Map<String, Object> scaled = objects.get("ScaledObject/gemma-streams");
        assertThat(scaled).as("a KEDA ScaledObject").isNotNull();
        assertThat(at(scaled, "apiVersion")).isEqualTo("keda.sh/v1alpha1");
        assertThat(at(scaled, "spec", "scaleTargetRef", "kind")).isEqualTo("StatefulSet");
        assertThat(objects).containsKey("StatefulSet/" + at(scaled, "spec", "scaleTargetRef", "name"));

        Map<String, Object> settings = configMapSettings(objects.get("ConfigMap/gemma-streams"));
        assertThat(at(scaled, "spec", "maxReplicaCount")).as("never more instances than input partitions")
                .isEqualTo(at(settings, "gemma-streams", "topics", "partitions"));
        assertThat((Integer) at(scaled, "spec", "minReplicaCount")).isBetween(1, (Integer) at(scaled, "spec", "maxReplicaCount"));

        List<String> topics = new ArrayList<>();
        for (Object t : list(at(scaled, "spec", "triggers"))) {
            Map<String, Object> trigger = map(t, "trigger");
            assertThat(trigger.get("type")).isEqualTo("kafka");
            Map<String, Object> metadata = map(trigger.get("metadata"), "trigger metadata");
            assertThat(metadata.get("consumerGroup")).as("the Kafka Streams application id is the group")
                    .isEqualTo(at(settings, "gemma-streams", "streams", "application-id"));
            assertThat(metadata.get("bootstrapServers")).isEqualTo(at(settings, "gemma-streams", "kafka", "bootstrap-servers"));
            assertThat(metadata.get("allowIdleConsumers")).as("no replica beyond the partitions").isEqualTo("false");
            topics.add((String) metadata.get("topic"));
        }
        assertThat(topics).as("lag on every input topic").containsExactlyInAnyOrder("documents", "questions");
    }

    @Test
    void everyGemmaStreamsSettingInDeployIsAPropertyTheServiceBinds() throws IOException {
        // Kubernetes: the ConfigMap's application.yaml and the StatefulSet's environment.
        Map<String, Object> configMap = null;
        List<String> environment = new ArrayList<>();
        for (Path file : DeployFiles.files("kubernetes", ".yaml")) {
            for (Map<String, Object> object : DeployFiles.yamlDocuments(file)) {
                if ("ConfigMap".equals(object.get("kind"))) {
                    configMap = object;
                }
                if ("StatefulSet".equals(object.get("kind"))) {
                    for (Object e : list(at(object, "spec", "template", "spec", "containers", 0, "env"))) {
                        environment.add((String) map(e, "env").get("name"));
                    }
                }
            }
        }
        String applicationYaml = (String) at(configMap, "data", "application.yaml");
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                .load("configmap", new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
        List<String> unbound = new ArrayList<>();
        for (PropertySource<?> source : yaml) {
            for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (key.startsWith("gemma-streams.")) {
                    checkBinds(new MapPropertySource("configmap", Map.of(key, source.getProperty(key))), key, unbound);
                } else {
                    assertThat(key).as("a setting outside gemma-streams.*").isIn("server.port");
                }
            }
        }
        for (String name : environment) {
            if (name.startsWith("GEMMA_STREAMS_")) {
                checkBinds(new SystemEnvironmentPropertySource("env", Map.of(name, "x")), "statefulset env " + name, unbound);
            }
        }
        // Compose and the image.
        Map<String, Object> composeEnv = map(at(DeployFiles.yaml(DeployFiles.path("compose.yaml")),
                "services", "gemma-streams", "environment"), "environment");
        for (Map.Entry<String, Object> e : composeEnv.entrySet()) {
            checkBinds(new SystemEnvironmentPropertySource("env", Map.of(e.getKey(), String.valueOf(e.getValue()))),
                    "compose env " + e.getKey(), unbound);
        }
        Matcher dockerEnv = Pattern.compile("\\b(GEMMA_STREAMS_[A-Z0-9_]+)=(\\S+)")
                .matcher(Files.readString(DeployFiles.path("Dockerfile")));
        while (dockerEnv.find()) {
            // Read by the tokenizer provisioner and by the entrypoint script, not by Spring.
            if (!Set.of("GEMMA_STREAMS_CACHE", "GEMMA_STREAMS_MODEL_MOUNT").contains(dockerEnv.group(1))) {
                checkBinds(new SystemEnvironmentPropertySource("env", Map.of(dockerEnv.group(1), dockerEnv.group(2))),
                        "Dockerfile ENV " + dockerEnv.group(1), unbound);
            }
        }
        assertThat(unbound).as("settings in deploy/ that no gemma-streams property takes").isEmpty();

        // The check itself: a misspelt setting is caught, in either form.
        List<String> caught = new ArrayList<>();
        checkBinds(new SystemEnvironmentPropertySource("env", Map.of("GEMMA_STREAMS_MODEL_MAX_TOKENS", "8")), "env", caught);
        checkBinds(new MapPropertySource("yaml", Map.of("gemma-streams.streams.thread", "2")), "yaml", caught);
        assertThat(caught).containsExactly("env", "yaml");
    }

    /** Binds the service's settings classes from this one setting; notes it when no property took it. */
    private static void checkBinds(PropertySource<?> single, String what, List<String> unbound) {
        Binder binder = new Binder(ConfigurationPropertySources.from(single));
        List<ConfigurationPropertyName> bound = new ArrayList<>();
        BindHandler recorder = new BindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                bound.add(name);
                return result;
            }
        };
        for (Map.Entry<String, Class<?>> settings : SETTINGS.entrySet()) {
            // Throws, naming the property, when the value does not convert (a bad duration, a word for a number).
            binder.bind(settings.getKey(), Bindable.of(settings.getValue()), recorder);
        }
        Set<ConfigurationPropertyName> roots = new HashSet<>();
        SETTINGS.keySet().forEach(prefix -> roots.add(ConfigurationPropertyName.of(prefix)));
        if (bound.stream().noneMatch(name -> !roots.contains(name))) {
            unbound.add(what);
        }
    }

    private static Map<String, Object> configMapSettings(Map<String, Object> configMap) {
        return DeployFiles.yaml((String) at(configMap, "data", "application.yaml"), "ConfigMap application.yaml");
    }
}
