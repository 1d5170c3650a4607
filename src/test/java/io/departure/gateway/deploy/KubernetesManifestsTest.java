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
import jakarta.inject.Inject;

/**
 * The manifests in {@code deploy/kubernetes} parse, and agree with the application they deploy:
 * probe paths that answer, the port it listens on, configuration keys it reads, streaming-safe
 * ingress settings and a grace period long enough to release watches.
 */
@QuarkusTest
class KubernetesManifestsTest {

    static final Path DIR = Path.of("deploy/kubernetes");
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
                "PodDisruptionBudget", "ConfigMap");
    }

    @Test
    void probesPointAtHealthEndpointsThatAnswerOnTheApplicationsPort() throws IOException {
        Map<String, Object> container = container();
        int port = at(container, "ports", "0", "containerPort");
        // Quarkus listens on 8080 in production unless configured otherwise; we do not.
        assertThat(port).isEqualTo(8080);
        assertThat(Files.readString(Path.of("src/main/resources/application.properties"))).doesNotContain("quarkus.http.port=");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = at(container, probe, "httpGet", "path");
            assertThat((String) at(container, probe, "httpGet", "port")).isEqualTo(at(container, "ports", "0", "name"));
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void environmentKeysAreConfigurationTheApplicationReads() {
        Set<String> known = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(name -> name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase())
                .collect(Collectors.toSet());
        // A backend's URL has no default: it is read under the key its step's name gives.
        departures.steps().forEach(step -> known.add("QUARKUS_REST_CLIENT_" + step.name().toUpperCase() + "_URL"));
        Map<String, String> data = at(BY_KIND.get("ConfigMap"), "data");
        assertThat(data).containsEntry("SIMULATOR_ENABLED", "false");
        List<String> keys = new ArrayList<>(data.keySet());
        List<Map<String, String>> env = at(container(), "env");
        env.stream().map(e -> e.get("name")).filter(name -> !name.equals("JAVA_OPTS_APPEND")).forEach(keys::add);
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(known).as("configuration key for " + key).contains(key));
        assertThat((String) at(container(), "envFrom", "0", "configMapRef", "name"))
                .isEqualTo(at(BY_KIND.get("ConfigMap"), "metadata", "name"));
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
        // the engine retries releases for up to 20 s after the graceful shutdown
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
