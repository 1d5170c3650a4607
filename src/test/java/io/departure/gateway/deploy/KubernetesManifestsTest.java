package io.departure.gateway.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.departure.gateway.departure.DepartureConfig;
import io.departure.gateway.execution.StoreConfig;
import io.departure.gateway.execution.StoreConfig.StoreKind;
import io.departure.gateway.execution.StreamConfig;
import io.departure.gateway.lifecycle.EngineProducer;
import io.departure.gateway.warmup.WarmUpConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.health.api.Wellness;

/**
 * What {@code kubectl apply -k deploy/kubernetes/overlays/<overlay>} deploys, rendered here as
 * kustomize renders it and read into the Kubernetes API's types, agrees with the application it
 * runs: every view routed, timings that add up, replicas that share their executions, probes
 * that answer in time, and a pod that reaches only what its configuration names.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class KubernetesManifestsTest {

    static final Path KUBERNETES = Path.of("deploy/kubernetes");
    static final String GATEWAY = "departure-gateway";
    static final Map<String, Overlay> OVERLAYS = new TreeMap<>();

    /** What a slow start may take: ten times the slowest JVM start measured (bench/RESULTS.md, 6.8 s), a native one's 0.13 s many times over. */
    static final Duration SLOW_JVM_START = Duration.ofSeconds(60);
    static final Duration SLOW_NATIVE_START = Duration.ofSeconds(10);

    @Inject
    BeanManager beans;

    /** One overlay's objects, as the API server would read them. */
    record Overlay(String name, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
            return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        Deployment deployment() {
            return named(Deployment.class, GATEWAY).orElseThrow(() -> new AssertionError(name + " deploys no " + GATEWAY));
        }

        Container gateway() {
            return deployment().getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(GATEWAY))
                    .findFirst().orElseThrow();
        }

        Optional<HorizontalPodAutoscaler> autoscaler() {
            return all(HorizontalPodAutoscaler.class).stream()
                    .filter(hpa -> hpa.getSpec().getScaleTargetRef().getName().equals(GATEWAY)).findFirst();
        }

        boolean nativeImage() {
            return gateway().getImage().contains("native");
        }

        /** The gateway container's environment as the kubelet gives it: its ConfigMaps, then its own variables. */
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            for (EnvFromSource from : Objects.requireNonNullElse(gateway().getEnvFrom(), List.<EnvFromSource>of())) {
                String configMap = from.getConfigMapRef().getName();
                environment.putAll(named(ConfigMap.class, configMap)
                        .orElseThrow(() -> new AssertionError(name + ": the gateway reads ConfigMap " + configMap + ", which is not deployed"))
                        .getData());
            }
            for (EnvVar variable : Objects.requireNonNullElse(gateway().getEnv(), List.<EnvVar>of())) {
                SecretKeySelector secret = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
                environment.put(variable.getName(), secret != null ? "secret " + secret.getName() + "/" + secret.getKey() : variable.getValue());
            }
            return environment;
        }

        /** The configuration the packaged gateway reads in this pod: its environment over application.properties, prod profile. */
        SmallRyeConfig configuration() {
            try {
                return new SmallRyeConfigBuilder().withProfile("prod")
                        .withSources(new EnvConfigSource(environment(), 300),
                                new PropertiesConfigSource(Path.of("src/main/resources/application.properties").toUri().toURL(), 250))
                        .withConverter(Duration.class, 200, new DurationConverter())
                        .withMapping(DepartureConfig.class).withMapping(StreamConfig.class).withMapping(StoreConfig.class).withMapping(WarmUpConfig.class)
                        .withValidateUnknown(false).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        <T> T settings(Class<T> mapping) {
            return configuration().getConfigMapping(mapping);
        }
    }

    @BeforeAll
    static void render() throws IOException {
        try (Stream<Path> overlays = Files.list(KUBERNETES.resolve("overlays"))) {
            for (Path overlay : overlays.sorted().toList()) {
                OVERLAYS.put(overlay.getFileName().toString(), read(overlay));
            }
        }
    }

    private static Overlay read(Path kustomization) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> manifest : Kustomize.build(kustomization)) {
            objects.add(KubernetesTypes.read(manifest));
        }
        return new Overlay(kustomization.getFileName().toString(), objects);
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("selectors here match labels only").isNullOrEmpty();
        return selector.getMatchLabels() != null && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    private static Stream<PodTemplateSpec> podTemplates(Overlay overlay) {
        return Stream.concat(overlay.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()),
                overlay.all(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate()));
    }

    @Test
    void everyOverlayRendersIntoTheKubernetesApisTypes() throws IOException {
        assertThat(OVERLAYS).containsOnlyKeys("jvm", "native", "redis", "memory");
        Overlay base = read(KUBERNETES.resolve("base"));
        assertThat(base.objects()).extracting(HasMetadata::getKind).containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service",
                "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor", "PrometheusRule");
        try (Stream<Path> files = Files.list(KUBERNETES.resolve("base"))) {
            Set<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).collect(Collectors.toSet());
            List<String> resources = (List<String>) Kustomize.load(KUBERNETES.resolve("base/kustomization.yaml")).get(0).get("resources");
            assertThat(resources).as("every manifest of the base is deployed").containsExactlyInAnyOrderElementsOf(manifests);
        }
        for (Overlay overlay : OVERLAYS.values()) {
            assertThat(overlay.objects()).as(overlay.name()).extracting(HasMetadata::getKind)
                    .contains("Deployment", "Service", "Ingress", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor");
            assertThat(overlay.gateway().getImage()).as(overlay.name() + "'s image").isEqualTo(
                    overlay.name().equals("native") ? "departure-gateway:native" : "departure-gateway:jvm");
        }
    }

    @Test
    void severalReplicasNeverRunOnTheMemoryStore() {
        for (Overlay overlay : OVERLAYS.values()) {
            Deployment deployment = overlay.deployment();
            Optional<HorizontalPodAutoscaler> autoscaler = overlay.autoscaler();
            boolean several = autoscaler.map(hpa -> Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1) > 1
                    || hpa.getSpec().getMaxReplicas() > 1).orElse(false)
                    || Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1) > 1;
            if (autoscaler.isPresent()) {
                assertThat(deployment.getSpec().getReplicas()).as(overlay.name() + ": the autoscaler alone sets the replicas").isNull();
            }
            SmallRyeConfig configuration = overlay.configuration();
            StoreKind store = overlay.settings(StoreConfig.class).store();
            if (several) {
                assertThat(store).as(overlay.name() + " runs several replicas: their executions must be shared").isEqualTo(StoreKind.REDIS);
            }
            if (store == StoreKind.REDIS) {
                assertThat(configuration.getOptionalValue("quarkus.redis.hosts", String.class)).as(overlay.name() + "'s Redis").isPresent();
                assertThat(overlay.environment().get("QUARKUS_REDIS_PASSWORD")).as(overlay.name() + "'s Redis password")
                        .isEqualTo("secret departure-gateway-redis/password");
            }
        }
        assertThat(OVERLAYS.get("memory").autoscaler()).isEmpty();
        assertThat(OVERLAYS.get("memory").deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(OVERLAYS.get("memory").settings(StoreConfig.class).store()).isEqualTo(StoreKind.MEMORY);
    }

    /** Every path a user's browser or client asks for: each operation of the API, the page and what it loads. */
    private static Set<String> views() throws IOException {
        Set<String> views = new HashSet<>();
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        for (String path : paths.keySet()) {
            if (!path.startsWith("/sim") && !path.startsWith("/q/")) {
                views.add(path.replaceAll("\\{[^}]+}", "e-1"));
            }
        }
        assertThat(views).contains("/departure", "/departure/stream", "/departures", "/departures/e-1", "/departures/e-1/events");
        Path page = Path.of("src/main/resources/META-INF/resources");
        views.add("/");
        Pattern absolute = Pattern.compile("[`'\"](/[A-Za-z][^`'\"$?]*)");
        try (Stream<Path> files = Files.walk(page)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                views.add("/" + page.relativize(file).toString().replace('\\', '/'));
                Matcher named = absolute.matcher(Files.readString(file));
                while (named.find()) {
                    // The simulator's controls are shown only when /board/settings says it is on: a demo, not routed.
                    if (!named.group(1).startsWith("/sim/")) {
                        views.add(named.group(1).replaceAll("/$", "/e-1"));
                    }
                }
            }
        }
        assertThat(views).contains("/index.html", "/board.js", "/board/stream.js", "/board.css", "/board/settings");
        return views;
    }

    @Test
    void everyViewIsRoutedToTheGatewayAndNothingElse() throws IOException {
        Set<String> views = views();
        for (Overlay overlay : OVERLAYS.values()) {
            Ingress ingress = overlay.named(Ingress.class, GATEWAY).orElseThrow();
            Service service = overlay.named(Service.class, GATEWAY).orElseThrow();
            String host = ingress.getSpec().getRules().get(0).getHost();
            for (String view : views) {
                HTTPIngressPath route = IngressPaths.route(ingress, host, view)
                        .orElseThrow(() -> new AssertionError(overlay.name() + ": no Ingress path takes " + view));
                assertThat(route.getBackend().getService().getName()).as(view).isEqualTo(GATEWAY);
                ServicePort port = service.getSpec().getPorts().stream()
                        .filter(p -> p.getName().equals(route.getBackend().getService().getPort().getName())).findFirst().orElseThrow();
                assertThat(port.getTargetPort().getStrVal()).as(view + " reaches the API port").isEqualTo("http");
            }
            for (String inside : List.of("/sim/chaos/flight", "/sim/flights/AR1973", "/q/metrics", "/q/health/ready", "/departurex")) {
                assertThat(IngressPaths.route(ingress, host, inside)).as(overlay.name() + " keeps " + inside + " inside").isEmpty();
            }
            assertThat(ingress.getSpec().getTls()).as(overlay.name() + ": TLS").isNotEmpty().allSatisfy(tls -> {
                assertThat(tls.getSecretName()).isNotBlank();
                assertThat(tls.getHosts()).contains(host);
            });
        }
    }

    @Test
    void streamsPassUnbufferedAndADeadConnectionIsFoundWithinAFewHeartbeats() {
        for (Overlay overlay : OVERLAYS.values()) {
            Map<String, String> annotations = overlay.named(Ingress.class, GATEWAY).orElseThrow().getMetadata().getAnnotations();
            assertThat(annotations).as(overlay.name()).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
            Duration heartbeat = overlay.settings(StreamConfig.class).heartbeat();
            Duration deadline = overlay.settings(DepartureConfig.class).deadline();
            for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
                Duration gap = Duration.ofSeconds(Long.parseLong(annotations.get("nginx.ingress.kubernetes.io/" + timeout)));
                assertThat(gap).as(overlay.name() + "'s " + timeout + ": a gap between reads, of at least two heartbeats")
                        .isGreaterThanOrEqualTo(heartbeat.multipliedBy(2)).isGreaterThan(deadline)
                        .isLessThanOrEqualTo(Duration.ofMinutes(5));
            }
        }
    }

    @Test
    void shutdownOutlastsTheSyncDeadlineAndTheGracePeriodOutlastsShutdown() throws ReflectiveOperationException {
        // EngineProducer's shutdown waits up to this for the hand-over of its executions, then up to it again for their releases.
        Field limit = EngineProducer.class.getDeclaredField("COMPENSATION_LIMIT");
        limit.setAccessible(true);
        Duration release = ((Duration) limit.get(null)).multipliedBy(2);
        for (Overlay overlay : OVERLAYS.values()) {
            SmallRyeConfig configuration = overlay.configuration();
            Duration timeout = configuration.getValue("quarkus.shutdown.timeout", Duration.class);
            Duration delay = configuration.getOptionalValue("quarkus.shutdown.delay", Duration.class).orElse(Duration.ZERO);
            assertThat(timeout).as(overlay.name() + ": a sync request accepted just before SIGTERM is not cut")
                    .isGreaterThanOrEqualTo(overlay.settings(DepartureConfig.class).deadline());
            PodSpec pod = overlay.deployment().getSpec().getTemplate().getSpec();
            Duration preStop = Duration.ofSeconds(overlay.gateway().getLifecycle().getPreStop().getSleep().getSeconds());
            assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).as(overlay.name() + "'s grace period")
                    .isGreaterThanOrEqualTo(preStop.plus(delay).plus(timeout).plus(release));
        }
    }

    /** The health checks a probe's path runs, by the qualifier SmallRye Health groups them with. */
    private Set<Class<?>> checks(String path) {
        java.lang.annotation.Annotation group = switch (path) {
            case "/q/health/ready" -> Readiness.Literal.INSTANCE;
            case "/q/health/live" -> Liveness.Literal.INSTANCE;
            case "/q/health/started" -> Startup.Literal.INSTANCE;
            default -> throw new AssertionError("a probe of " + path);
        };
        return beans.getBeans(Object.class, group).stream().map(Bean::getBeanClass).collect(Collectors.toSet());
    }

    /** How long a check may wait for an answer: its TIMEOUT, when it has one. */
    private static Duration longestWait(Class<?> check) {
        try {
            Field timeout = check.getDeclaredField("TIMEOUT");
            timeout.setAccessible(true);
            return (Duration) timeout.get(null);
        } catch (NoSuchFieldException e) {
            return Duration.ZERO;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void probesWaitLongerThanTheirChecksAndStartUpHasTime() {
        for (Overlay overlay : OVERLAYS.values()) {
            Container container = overlay.gateway();
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                String path = probe.getHttpGet().getPath();
                Duration wait = checks(path).stream().map(KubernetesManifestsTest::longestWait).max(Duration::compareTo).orElse(Duration.ZERO);
                assertThat(Duration.ofSeconds(Objects.requireNonNullElse(probe.getTimeoutSeconds(), 1)))
                        .as(overlay.name() + ": " + path + " answers after its checks' longest wait, with a second to spare")
                        .isGreaterThanOrEqualTo(wait.plusSeconds(1));
            }
            Probe startup = container.getStartupProbe();
            Duration budget = Duration.ofSeconds(Objects.requireNonNullElse(startup.getInitialDelaySeconds(), 0)
                    + (long) startup.getPeriodSeconds() * startup.getFailureThreshold());
            assertThat(budget).as(overlay.name() + "'s start-up budget")
                    .isGreaterThanOrEqualTo(overlay.nativeImage() ? SLOW_NATIVE_START : SLOW_JVM_START);
        }
        // Readiness is not the shared store's: its outage would take every replica out of the Service at once.
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/health/ready").jsonPath().getList("checks.name", String.class)).doesNotContain("execution-store");
        assertThat(given().get("/q/health/well").jsonPath().getList("checks.name", String.class)).contains("execution-store");
        assertThat(beans.getBeans(Object.class, Wellness.Literal.INSTANCE)).isNotEmpty();
    }

    @Test
    void jvmReplicasWarmUpBeforeTheyAreReadyAndNativeOnesStartReady() {
        for (Overlay overlay : OVERLAYS.values()) {
            Duration warmUp = overlay.settings(WarmUpConfig.class).duration();
            if (overlay.nativeImage()) {
                assertThat(warmUp).as(overlay.name() + ": a native executable has nothing to compile").isZero();
            } else {
                // bench/RESULTS.md, warm-up: 20 s bring the first 10 s a replica serves to over half its warm rate.
                assertThat(warmUp).as(overlay.name() + "'s warm-up").isGreaterThanOrEqualTo(Duration.ofSeconds(20));
                // Readiness, which the warm-up holds down, restarts nothing; start-up is over before the warm-up begins.
                assertThat(overlay.gateway().getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            }
        }
    }

    @Test
    void probesPointAtHealthEndpointsThatAnswerOnTheManagementPort() throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        // Quarkus listens on 8080 and, packaged, serves health and metrics on 9000; we change neither.
        assertThat(properties).doesNotContain("quarkus.http.port=").doesNotContain("quarkus.management.port=")
                .contains("%prod.quarkus.management.enabled=true");
        for (Overlay overlay : OVERLAYS.values()) {
            Container container = overlay.gateway();
            assertThat(container.getPorts()).as(overlay.name()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(8080);
            }).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("management");
                assertThat(port.getContainerPort()).isEqualTo(9000);
            });
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
                given().get(probe.getHttpGet().getPath()).then().statusCode(200);
            }
            ServiceMonitor monitor = overlay.named(ServiceMonitor.class, GATEWAY).orElseThrow();
            assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.getPort()).isEqualTo("management");
                assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            });
        }
    }

    @Test
    void environmentKeysAreConfigurationTheApplicationReadsAndKeepTheImagesJvmFlags() {
        Set<String> known = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(KubernetesManifestsTest::environmentName).collect(Collectors.toSet());
        // The Redis client's keys have no default, so they are named by its configuration's mapping only.
        Set<String> redis = ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(RedisConfig.class)).keySet();
        Predicate<String> redisKey = key -> redis.stream().anyMatch(name -> key.matches(environmentName(name).replace("*", "[A-Z0-9_]+")));
        for (Overlay overlay : OVERLAYS.values()) {
            Set<String> keys = overlay.environment().keySet();
            assertThat(keys).as(overlay.name()).contains("QUARKUS_REST_CLIENT_FLIGHT_URL", "QUARKUS_REST_CLIENT_FORECAST_URL")
                    .doesNotContain("SIMULATOR_ENABLED")
                    // The image's JVM flags (its AOT cache, its heap size) are its entrypoint's and it reads neither of these;
                    // JDK_JAVA_OPTIONS, which the java launcher reads, adds to them.
                    .doesNotContain("JAVA_OPTS", "JAVA_OPTS_APPEND");
            for (String key : keys) {
                if (!key.startsWith("QUARKUS_REST_CLIENT_") || !key.endsWith("_URL")) {
                    assertThat(known.contains(key) || redisKey.test(key)).as(overlay.name() + ": a configuration key for " + key).isTrue();
                }
            }
        }
    }

    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase();
    }

    @Test
    void theAutoscalerScalesOnCpuAndOnTheDeparturesInFlightThatTheAdapterServes() throws IOException {
        Map<String, Object> adapter = Kustomize.load(KUBERNETES.resolve("prometheus-adapter/values.yaml")).get(0);
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) adapter.get("rules")).get("custom");
        given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        String exported = given().get("/q/metrics").asString();
        for (Overlay overlay : OVERLAYS.values()) {
            Optional<HorizontalPodAutoscaler> autoscaler = overlay.autoscaler();
            if (autoscaler.isEmpty()) {
                continue;
            }
            List<MetricSpec> metrics = autoscaler.get().getSpec().getMetrics();
            assertThat(metrics).as(overlay.name()).anySatisfy(metric -> {
                assertThat(metric.getType()).isEqualTo("Resource");
                assertThat(metric.getResource().getName()).isEqualTo("cpu");
            });
            MetricSpec inFlight = metrics.stream().filter(metric -> metric.getType().equals("Pods")).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay.name() + " scales on CPU only, but streams fill memory"));
            String name = inFlight.getPods().getMetric().getName();
            Map<String, Object> rule = rules.stream().filter(r -> name.equals(((Map<String, Object>) r.get("name")).get("as")))
                    .findFirst().orElseThrow(() -> new AssertionError("Prometheus Adapter serves no " + name));
            Matcher series = Pattern.compile("^([a-z_]+)\\{").matcher((String) rule.get("seriesQuery"));
            assertThat(series.find()).isTrue();
            assertThat(exported).as("the gateway exports " + series.group(1)).containsPattern("(?m)^" + series.group(1) + "\\{");
            assertThat((String) rule.get("metricsQuery")).as("per pod, over every view").startsWith("sum by (<<.GroupBy>>)");
            assertThat((Map<String, Object>) ((Map<String, Object>) rule.get("resources")).get("overrides")).containsKeys("namespace", "pod");
        }
    }

    @Test
    void podsSpreadOverZonesAndNodesAndLeaveOneAtATime() {
        for (Overlay overlay : OVERLAYS.values()) {
            PodTemplateSpec template = overlay.deployment().getSpec().getTemplate();
            List<TopologySpreadConstraint> spread = template.getSpec().getTopologySpreadConstraints();
            assertThat(spread).as(overlay.name()).extracting(TopologySpreadConstraint::getTopologyKey)
                    .contains("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(spread).allSatisfy(constraint -> assertThat(selects(constraint.getLabelSelector(), template.getMetadata().getLabels()))
                    .as(overlay.name() + ": spreads its own pods").isTrue());
            PodDisruptionBudget budget = overlay.named(PodDisruptionBudget.class, GATEWAY).orElseThrow();
            assertThat(budget.getSpec().getMinAvailable()).as(overlay.name()).isNull();
            assertThat(budget.getSpec().getMaxUnavailable()).as(overlay.name() + ": one pod at a time").isEqualTo(new IntOrString(1));
            var resources = overlay.gateway().getResources();
            assertThat(resources.getRequests().get("memory")).as(overlay.name() + ": memory request = limit")
                    .isEqualTo(resources.getLimits().get("memory"));
        }
    }

    @Test
    void everyPodRunsUnderTheRestrictedPodSecurityLevelWithoutAToken() {
        for (Overlay overlay : OVERLAYS.values()) {
            podTemplates(overlay).forEach(template -> {
                PodSpec pod = template.getSpec();
                String what = overlay.name() + " " + template.getMetadata().getLabels();
                assertThat(pod.getAutomountServiceAccountToken()).as(what + " mounts no service-account token").isFalse();
                assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what).isTrue();
                assertThat(pod.getHostNetwork()).as(what).isNotEqualTo(true);
                assertThat(pod.getVolumes()).as(what).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
                assertThat(pod.getContainers()).as(what).allSatisfy(container -> {
                    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                });
            });
        }
    }

    /** Where a connection goes: a namespace (null: the pod's own), the labels of its pods if known, or outside the cluster. */
    record Destination(String what, String namespace, Map<String, String> pods, boolean outside, int port, String protocol) {
    }

    /** Where a URL's host is, as the cluster's DNS names it: service.namespace.svc…, a Service of the overlay, or outside. */
    private static Destination destination(Overlay overlay, String what, URI uri, int defaultPort) {
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
        String[] labels = uri.getHost().split("\\.");
        if (labels.length >= 3 && labels[2].equals("svc")) {
            return new Destination(what, labels[1], null, false, port, "TCP");
        }
        Optional<Service> service = overlay.named(Service.class, uri.getHost());
        if (service.isPresent()) {
            Map<String, String> selector = service.get().getSpec().getSelector();
            ServicePort servicePort = service.get().getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst().orElseThrow();
            PodTemplateSpec pods = podTemplates(overlay).filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .findFirst().orElseThrow(() -> new AssertionError(overlay.name() + ": Service " + uri.getHost() + " selects no pod"));
            // A policy sees the pod's port, behind the Service's.
            int podPort = servicePort.getTargetPort().getIntVal() != null ? servicePort.getTargetPort().getIntVal()
                    : pods.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                            .filter(p -> p.getName().equals(servicePort.getTargetPort().getStrVal())).findFirst().orElseThrow().getContainerPort();
            return new Destination(what, null, pods.getMetadata().getLabels(), false, podPort, "TCP");
        }
        return new Destination(what, null, null, true, port, "TCP");
    }

    private static boolean allows(NetworkPolicyEgressRule rule, Destination destination) {
        boolean port = rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() != null && p.getPort().getIntVal() == destination.port()
                && Objects.requireNonNullElse(p.getProtocol(), "TCP").equals(destination.protocol()));
        return port && rule.getTo().stream().anyMatch(peer -> reaches(peer, destination));
    }

    private static boolean reaches(NetworkPolicyPeer peer, Destination destination) {
        if (peer.getIpBlock() != null) {
            return destination.outside();
        }
        if (destination.outside()) {
            return false;
        }
        if (peer.getNamespaceSelector() != null) {
            boolean namespace = destination.namespace() != null
                    && selects(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", destination.namespace()));
            return namespace && (peer.getPodSelector() == null
                    || destination.pods() != null && selects(peer.getPodSelector(), destination.pods()));
        }
        return destination.namespace() == null && destination.pods() != null && selects(peer.getPodSelector(), destination.pods());
    }

    @Test
    void thePodReachesOnlyWhatItsConfigurationNames() {
        for (Overlay overlay : OVERLAYS.values()) {
            Map<String, String> labels = overlay.deployment().getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> policies = overlay.all(NetworkPolicy.class).stream()
                    .filter(policy -> selects(policy.getSpec().getPodSelector(), labels)).toList();
            assertThat(policies).as(overlay.name() + ": egress is limited")
                    .anySatisfy(policy -> assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress", "Egress"));
            List<NetworkPolicyEgressRule> egress = policies.stream().flatMap(policy -> policy.getSpec().getEgress().stream()).toList();
            assertThat(egress).as(overlay.name() + ": every way out names where and which ports")
                    .allSatisfy(rule -> assertThat(rule.getTo()).isNotEmpty())
                    .allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
            List<Destination> needed = new ArrayList<>();
            Map<String, String> dns = Map.of("k8s-app", "kube-dns");
            needed.add(new Destination("DNS", "kube-system", dns, false, 53, "UDP"));
            needed.add(new Destination("DNS", "kube-system", dns, false, 53, "TCP"));
            SmallRyeConfig configuration = overlay.configuration();
            for (String backend : List.of("flight", "forecast")) {
                URI url = URI.create(configuration.getValue("quarkus.rest-client." + backend + ".url", String.class));
                needed.add(destination(overlay, backend, url, url.getScheme().equals("https") ? 443 : 80));
            }
            if (overlay.settings(StoreConfig.class).store() == StoreKind.REDIS) {
                for (String host : configuration.getValue("quarkus.redis.hosts", String.class).split(",")) {
                    needed.add(destination(overlay, "Redis", URI.create(host.strip()), 6379));
                }
            }
            for (Destination destination : needed) {
                assertThat(egress).as(overlay.name() + " reaches " + destination).anyMatch(rule -> allows(rule, destination));
            }
            for (int otlp : List.of(4317, 4318)) {
                assertThat(egress).as(overlay.name() + " reaches an OTLP collector on " + otlp)
                        .anySatisfy(rule -> assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).contains(new IntOrString(otlp)));
            }
        }
    }

    @Test
    void theInClusterRedisKeepsEverythingAndLetsInOnlyTheGateway() {
        Overlay overlay = OVERLAYS.get("redis");
        StatefulSet redis = overlay.all(StatefulSet.class).stream().findFirst().orElseThrow();
        Container server = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = server.getArgs();
        assertThat(args.get(args.indexOf("--maxmemory-policy") + 1)).as("a full Redis refuses writes, it drops nothing").isEqualTo("noeviction");
        assertThat(args.get(args.indexOf("--appendonly") + 1)).isEqualTo("yes");
        assertThat(args.get(args.indexOf("--requirepass") + 1)).isEqualTo("$(REDIS_PASSWORD)");
        SecretKeySelector password = server.getEnv().stream().filter(e -> e.getName().equals("REDIS_PASSWORD")).findFirst().orElseThrow()
                .getValueFrom().getSecretKeyRef();
        assertThat("secret " + password.getName() + "/" + password.getKey()).as("the gateway's password is the server's")
                .isEqualTo(overlay.environment().get("QUARKUS_REDIS_PASSWORD"));
        assertThat(redis.getSpec().getServiceName()).isIn(overlay.all(Service.class).stream().map(s -> s.getMetadata().getName()).toList());
        assertThat(selects(redis.getSpec().getSelector(), redis.getSpec().getTemplate().getMetadata().getLabels())).isTrue();
        Map<String, String> gateway = overlay.deployment().getSpec().getTemplate().getMetadata().getLabels();
        NetworkPolicy policy = overlay.all(NetworkPolicy.class).stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), redis.getSpec().getTemplate().getMetadata().getLabels())).findFirst().orElseThrow();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress()).as("Redis reaches nothing").isNullOrEmpty();
        assertThat(policy.getSpec().getIngress()).isNotEmpty().allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> {
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getIpBlock()).isNull();
            assertThat(selects(peer.getPodSelector(), gateway)).as("only the gateway's pods").isTrue();
        }));
    }

    @Test
    void servicesAutoscalerBudgetAndMonitorSelectWhatTheyMean() {
        for (Overlay overlay : OVERLAYS.values()) {
            Deployment deployment = overlay.deployment();
            Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(selects(deployment.getSpec().getSelector(), labels)).as(overlay.name()).isTrue();
            Service service = overlay.named(Service.class, GATEWAY).orElseThrow();
            assertThat(labels).as(overlay.name()).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(selects(overlay.named(PodDisruptionBudget.class, GATEWAY).orElseThrow().getSpec().getSelector(), labels)).isTrue();
            overlay.autoscaler().ifPresent(hpa -> assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment"));
            Set<String> containerPorts = overlay.gateway().getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
            assertThat(service.getSpec().getPorts()).allSatisfy(port -> assertThat(containerPorts).contains(port.getTargetPort().getStrVal()));
            ServiceMonitor monitor = overlay.named(ServiceMonitor.class, GATEWAY).orElseThrow();
            assertThat(selects(monitor.getSpec().getSelector(), service.getMetadata().getLabels())).as(overlay.name()).isTrue();
            assertThat(overlay.objects()).as(overlay.name() + ": the recommended labels")
                    .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsKey("app.kubernetes.io/name")
                            .containsEntry("app.kubernetes.io/part-of", "departures"));
        }
    }
}
