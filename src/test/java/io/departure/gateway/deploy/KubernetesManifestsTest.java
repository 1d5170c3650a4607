package io.departure.gateway.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import io.departure.gateway.config.GatewayConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The manifests in {@code deploy/kubernetes} parse, and agree with the application they deploy:
 * probe paths that answer, the port it listens on, configuration keys it reads, streaming-safe
 * ingress settings and a grace period long enough to release watches.
 */
@QuarkusTest
@TestProfile(KubernetesManifestsTest.SlowFlights.class)
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

    /** The simulator's watched flights change once a minute, so that a watch stays until it is cancelled. */
    public static class SlowFlights implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.watch.interval", "1m");
        }
    }

    static final Path DIR = Path.of("deploy/kubernetes/base");
    static final Map<String, Map<String, Object>> BY_KIND = new HashMap<>();

    @Inject
    io.departure.gateway.departure.DepartureService departures;

    @Inject
    GatewayConfig config;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        Map<String, Object> manifest = (Map<String, Object>) document;
                        assertThat(manifest).as(file + " has a kind").containsKey("kind");
                        BY_KIND.put((String) manifest.get("kind"), manifest);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    private static Map<String, Object> container() {
        return at(BY_KIND.get("Deployment"), "spec", "template", "spec", "containers", "0");
    }

    @Test
    void everyManifestIsListedInTheKustomization() throws IOException {
        List<String> resources = at(BY_KIND.get("Kustomization"), "resources");
        try (Stream<Path> files = Files.list(DIR)) {
            Set<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).collect(Collectors.toSet());
            assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        }
        assertThat(BY_KIND.keySet()).contains("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor", "PrometheusRule");
        List<Map<String, Object>> generated = at(BY_KIND.get("Kustomization"), "configMapGenerator");
        assertThat((String) at(container(), "envFrom", "0", "configMapRef", "name")).isEqualTo(generated.get(0).get("name"));
        List<Map<String, Object>> images = at(BY_KIND.get("Kustomization"), "images");
        assertThat(images).extracting(image -> image.get("name")).contains(((String) at(container(), "image")).split(":")[0]);
    }

    @Test
    void thePodRunsUnderTheRestrictedPodSecurityLevel() {
        Map<String, Object> pod = at(BY_KIND.get("Deployment"), "spec", "template", "spec");
        assertThat((String) at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Boolean) at(container(), "securityContext", "allowPrivilegeEscalation")).isFalse();
        assertThat((List<String>) at(container(), "securityContext", "capabilities", "drop")).containsExactly("ALL");
    }

    @Test
    void theAutoscalerAloneSetsTheReplicasAndScalesOnCpu() {
        assertThat((Map<String, Object>) at(BY_KIND.get("Deployment"), "spec")).doesNotContainKey("replicas");
        List<Map<String, Object>> metrics = at(BY_KIND.get("HorizontalPodAutoscaler"), "spec", "metrics");
        assertThat(metrics).extracting(metric -> at(metric, "resource", "name")).containsExactly("cpu");
    }

    private static Set<String> exported;

    /** The metrics the application exports, once a compensation and a departure have run. */
    private static synchronized Set<String> exported() {
        if (exported != null) {
            return exported;
        }
        // A watch of a flight a month away (its updates come once a minute here), cancelled: its subscription's release is
        // counted as a compensation.
        String date = java.time.LocalDate.now().plusDays(30).toString();
        String id = given().contentType("application/json").body("{\"flight\":\"AR1973\",\"date\":\"" + date + "\",\"watch\":true}")
                .post("/departures").then().statusCode(202).extract().jsonPath().getString("id");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/sim/subscriptions").asString().contains(date));
        given().delete("/departures/" + id).then().statusCode(202);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/q/metrics").asString().contains("departure_compensations_total"));
        given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        exported = given().get("/q/metrics").asString().lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]")[0]).collect(Collectors.toSet());
        return exported;
    }

    /** The metrics a PromQL expression names; asserts that there is one and that each is exported. */
    private static List<String> assertNamesExported(String what, String expression, Set<String> exported) {
        java.util.regex.Matcher metric = java.util.regex.Pattern
                .compile("\\b((?:departure|http_server|jvm|process)_[a-z_]+)\\b").matcher(expression);
        List<String> named = new java.util.ArrayList<>();
        while (metric.find()) {
            named.add(metric.group(1));
            assertThat(exported).as(what + " names " + metric.group(1)).contains(metric.group(1));
        }
        assertThat(named).as(what + " names a metric").isNotEmpty();
        return named;
    }

    @Test
    void everyAlertNamesMetricsTheApplicationExports() {
        Set<String> exported = exported();
        List<Map<String, Object>> rules = at(BY_KIND.get("PrometheusRule"), "spec", "groups", "0", "rules");
        assertThat(rules).extracting(rule -> rule.get("alert")).contains("DepartureBackendCircuitOpen", "DepartureServerErrors",
                "DepartureDeadlinesMissed", "DepartureStepSlow", "DepartureCompensationFailed");
        for (Map<String, Object> rule : rules) {
            assertNamesExported((String) rule.get("alert"), (String) rule.get("expr"), exported);
        }
    }

    @Test
    void theDashboardShowsMetricsTheApplicationExports() throws IOException {
        Path observability = Path.of("deploy/observability");
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(observability.resolve("departure-gateway-dashboard.json").toFile());
        Set<String> exported = exported();
        Set<String> shown = new java.util.HashSet<>();
        Set<Integer> ids = new java.util.HashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            String title = panel.get("title").asText();
            assertThat(panel.get("description").asText()).as(title + " says what it shows").isNotBlank();
            assertThat(panel.get("datasource").get("uid").asText()).as(title + "'s data source").isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(title + "'s queries").isNotEmpty();
            for (com.fasterxml.jackson.databind.JsonNode target : panel.get("targets")) {
                String expression = target.get("expr").asText();
                assertThat(expression).as(title + " is filtered by the job variable").contains("job=~\"$job\"");
                shown.addAll(assertNamesExported(title, expression, exported));
            }
        }
        assertThat(shown).as("what the dashboard shows").contains("http_server_requests_seconds_count",
                "departure_step_duration_seconds_bucket", "departure_circuit_state", "departure_compensations_total",
                "departure_limited_total", "departure_executions_running", "process_cpu_usage");
        Map<String, Object> kustomization;
        try (Reader reader = Files.newBufferedReader(observability.resolve("kustomization.yaml"))) {
            kustomization = new Yaml().load(reader);
        }
        assertThat((List<String>) at(kustomization, "configMapGenerator", "0", "files")).containsExactly("departure-gateway-dashboard.json");
        assertThat((String) at(kustomization, "configMapGenerator", "0", "options", "labels", "grafana_dashboard")).isEqualTo("1");
    }

    @Test
    void probesPointAtHealthEndpointsThatAnswerOnTheManagementPort() throws IOException {
        Map<String, Object> container = container();
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        // Quarkus listens on 8080 and, packaged, serves health and metrics on 9000; we change neither.
        assertThat((int) at(container, "ports", "0", "containerPort")).isEqualTo(8080);
        assertThat((String) at(container, "ports", "1", "name")).isEqualTo("management");
        assertThat((int) at(container, "ports", "1", "containerPort")).isEqualTo(9000);
        assertThat(properties).doesNotContain("quarkus.http.port=").doesNotContain("quarkus.management.port=")
                .contains("%prod.quarkus.management.enabled=true");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = at(container, probe, "httpGet", "path");
            assertThat((String) at(container, probe, "httpGet", "port")).isEqualTo("management");
            given().get(path).then().statusCode(200);
        }
        assertThat((String) at(BY_KIND.get("ServiceMonitor"), "spec", "endpoints", "0", "port")).isEqualTo("management");
        assertThat((String) at(BY_KIND.get("ServiceMonitor"), "spec", "endpoints", "0", "path")).isEqualTo("/q/metrics");
    }

    @Test
    void environmentKeysAreConfigurationTheApplicationReads() throws IOException {
        Set<String> known = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(name -> name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase())
                .collect(Collectors.toSet());
        // A backend's URL has no default: it is read under the key its step's name gives.
        departures.steps().forEach(step -> known.add("QUARKUS_REST_CLIENT_" + step.name().toUpperCase() + "_URL"));
        List<String> keys = new ArrayList<>(Files.readAllLines(DIR.resolve("gateway.env")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.substring(0, line.indexOf('='))).toList());
        assertThat(keys).contains("QUARKUS_REST_CLIENT_FLIGHT_URL", "QUARKUS_REST_CLIENT_FORECAST_URL").doesNotContain("SIMULATOR_ENABLED");
        List<Map<String, String>> env = at(container(), "env");
        env.stream().map(e -> e.get("name")).filter(name -> !name.equals("JAVA_OPTS_APPEND")).forEach(keys::add);
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(known).as("configuration key for " + key).contains(key));
    }

    @Test
    void ingressStreamsWithoutBufferingForAsLongAsTheLongestWatch() {
        Map<String, String> annotations = at(BY_KIND.get("Ingress"), "metadata", "annotations");
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
        long readTimeout = Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertThat(readTimeout).isGreaterThan(config.watch().maxDuration().toSeconds());
        assertThat((String) at(BY_KIND.get("Ingress"), "spec", "rules", "0", "http", "paths", "0", "path")).isEqualTo("/departure");
    }

    @Test
    void graceLetsShutdownReleaseWatches() {
        int grace = at(BY_KIND.get("Deployment"), "spec", "template", "spec", "terminationGracePeriodSeconds");
        int preStop = at(container(), "lifecycle", "preStop", "sleep", "seconds");
        Duration shutdown = ConfigProvider.getConfig().getValue("quarkus.shutdown.timeout", Duration.class);
        // the graceful shutdown, then the engine retries releases for up to 20 s
        assertThat(grace).isGreaterThanOrEqualTo(preStop + (int) shutdown.toSeconds() + 20);
        assertThat((String) at(container(), "resources", "limits", "memory")).isNotBlank();
        assertThat((String) at(container(), "resources", "requests", "memory")).isNotBlank();
    }

    @Test
    void serviceAutoscalerAndBudgetSelectTheDeployment() {
        Map<String, String> labels = at(BY_KIND.get("Deployment"), "spec", "template", "metadata", "labels");
        assertThat(labels).containsAllEntriesOf(at(BY_KIND.get("Service"), "spec", "selector"));
        assertThat(labels).containsAllEntriesOf(at(BY_KIND.get("PodDisruptionBudget"), "spec", "selector", "matchLabels"));
        assertThat((String) at(BY_KIND.get("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"))
                .isEqualTo(at(BY_KIND.get("Deployment"), "metadata", "name"));
        assertThat((String) at(BY_KIND.get("Service"), "spec", "ports", "0", "targetPort"))
                .isEqualTo(at(container(), "ports", "0", "name"));
    }
}
