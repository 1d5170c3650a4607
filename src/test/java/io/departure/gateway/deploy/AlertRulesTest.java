package io.departure.gateway.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The alerts in {@code deploy/kubernetes/base/prometheusrule.yaml} page when they should: their
 * unit tests pass under {@code promtool test rules}, with a firing and a quiet case for each; each
 * is per deployment, guarded against low traffic where it is a ratio, linked to its runbook, and
 * reads only metrics the application exports (from zero, for the counters) or kube-state-metrics
 * has. The dashboard reads the same metrics, for the chosen cluster, namespace and job.
 */
@QuarkusTest
@TestProfile(AlertRulesTest.SlowFlights.class)
@SuppressWarnings("unchecked")
class AlertRulesTest {

    /** A fresh application of its own, whose watched flights change once a minute, so that a watch stays until cancelled. */
    public static class SlowFlights implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("simulator.watch.interval", "1m");
        }
    }

    static final Path RULES = Path.of("deploy/kubernetes/base/prometheusrule.yaml");
    static final Path RULE_TESTS = Path.of("src/test/resources/prometheus/departure-gateway.rules.test.yaml");
    static final Path DASHBOARD = Path.of("deploy/observability/departure-gateway-dashboard.json");
    static final Path WORK = Path.of("target/prometheus");

    /** The kube-state-metrics series the pods' alerts read (its v2 names). */
    static final Set<String> KUBE_STATE_METRICS = Set.of("kube_pod_status_ready", "kube_pod_status_phase", "kube_pod_container_info",
            "kube_pod_container_status_restarts_total", "kube_pod_container_status_last_terminated_reason");

    /** Words of PromQL that are not metric names. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
            "group_right", "inf", "nan");

    static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    static Map<String, Object> prometheusRule() throws IOException {
        return load(RULES);
    }

    static List<Map<String, Object>> alerts() throws IOException {
        List<Map<String, Object>> groups = at(prometheusRule(), "spec", "groups");
        return groups.stream().flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(rule -> rule.containsKey("alert")).toList();
    }

    // ---- promtool

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Files.createDirectories(WORK);
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Map<String, Object> rules = Map.of("groups", at(prometheusRule(), "spec", "groups"));
        Files.writeString(WORK.resolve("departure-gateway.rules.yaml"), new Yaml(block).dump(rules));
        Files.copy(RULE_TESTS, WORK.resolve(RULE_TESTS.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        promtool("check", "rules", "departure-gateway.rules.yaml");
        promtool("test", "rules", RULE_TESTS.getFileName().toString());
    }

    private static void promtool(String... arguments) throws Exception {
        String promtool = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(directory -> new File(directory, "promtool")).filter(File::canExecute).map(File::getPath).findFirst()
                .orElse(null);
        if (promtool == null) {
            fail("promtool is not installed: install Debian's prometheus package (apt-get install prometheus), as .ci/run does");
        }
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool " + String.join(" ", arguments) + " ends").isTrue();
        assertThat(process.exitValue()).as("promtool " + String.join(" ", arguments) + " in " + WORK + ":\n" + output).isZero();
    }

    @Test
    void everyAlertHasAFiringAndAQuietUnitTest() throws IOException {
        Map<String, Object> tests = load(RULE_TESTS);
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> test : (List<Map<String, Object>>) group.get("alert_rule_test")) {
                List<Map<String, Object>> expected = (List<Map<String, Object>>) test.get("exp_alerts");
                String alert = (String) test.get("alertname");
                if (expected == null || expected.isEmpty()) {
                    quiet.add(alert);
                    continue;
                }
                firing.add(alert);
                for (Map<String, Object> firingAlert : expected) {
                    Map<String, Object> labels = (Map<String, Object>) firingAlert.get("exp_labels");
                    assertThat(labels).as(alert + " fires for a namespace").containsKey("namespace");
                    assertThat(firingAlert).as(alert + "'s annotations are checked").containsKey("exp_annotations");
                }
            }
        }
        Set<String> names = alerts().stream().map(rule -> (String) rule.get("alert")).collect(Collectors.toSet());
        assertThat(firing).as("alerts tested firing").containsAll(names);
        assertThat(quiet).as("alerts tested quiet").containsAll(names);
    }

    // ---- what each alert says and groups by

    @Test
    void everyAlertHasASeveritySummaryAndRunbookSection() throws IOException {
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).extracting(rule -> rule.get("alert")).contains("DepartureBackendCircuitOpen", "DepartureServerErrors",
                "DepartureDeadlinesMissed", "DepartureStepSlow", "DepartureCompensationFailed", "DepartureShedding",
                "DepartureStoreUnreachable", "DeparturePodNotReady", "DepartureRestarting", "DepartureOOMKilled");
        Set<String> runbook = runbookAnchors();
        for (Map<String, Object> rule : alerts) {
            String alert = (String) rule.get("alert");
            assertThat((String) at(rule, "labels", "severity")).as(alert + "'s severity").isIn("critical", "warning");
            assertThat((String) at(rule, "annotations", "summary")).as(alert + "'s summary").isNotBlank();
            assertThat((String) at(rule, "annotations", "runbook_url")).as(alert + "'s runbook")
                    .isEqualTo("README.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(runbook).as("sections of the README's Runbook").contains(alert.toLowerCase(Locale.ROOT));
        }
    }

    /** The anchors GitHub gives the headings of the README's Runbook section. */
    private static Set<String> runbookAnchors() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("## Runbook");
        assertThat(start).as("README.md has a ## Runbook section").isNotNegative();
        Set<String> anchors = new HashSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("### ")) {
                anchors.add(line.substring(4).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void everyAlertIsPerDeploymentAndEveryRatioHasATrafficGuard() throws IOException {
        String container = at(load(RULES.resolveSibling("deployment.yaml")), "spec", "template", "spec", "containers", "0", "name");
        Pattern grouping = Pattern.compile("\\b(by|on|without|ignoring)\\s*\\(([^)]*)\\)");
        Pattern guard = Pattern.compile("\\band\\b[^\\n]*\\bsum by \\([^)]*\\) \\(rate\\([^\\n]*\\)\\) > [0-9.]+");
        for (Map<String, Object> rule : alerts()) {
            String alert = (String) rule.get("alert");
            String expression = (String) rule.get("expr");
            // kube-state-metrics' series carry its own job: the pods' alerts are per namespace and pod, and select the
            // gateway's container by name
            boolean pods = metricsNamed(expression).stream().anyMatch(name -> name.startsWith("kube_"));
            List<String> per = pods ? List.of("namespace", "pod") : List.of("namespace", "job");
            if (pods) {
                assertThat(expression).as(alert + " selects the gateway's container").contains("container=\"" + container + "\"");
            }
            Matcher clause = grouping.matcher(expression);
            int clauses = 0;
            while (clause.find()) {
                clauses++;
                assertThat(clause.group(1)).as(alert + " names the labels it keeps").isIn("by", "on");
                List<String> labels = List.of(clause.group(2).split("\\s*,\\s*"));
                assertThat(labels).as(alert + ": " + clause.group()).containsAll(per);
            }
            assertThat(clauses).as(alert + " aggregates by " + per).isPositive();
            if (expression.contains(" / ") || expression.contains("histogram_quantile")) {
                assertThat(guard.matcher(expression).find()).as(alert + " has a minimum-traffic guard: " + expression).isTrue();
            }
        }
    }

    // ---- what the application exports

    private static String fresh;
    private static Set<String> exported;

    /** The application's metrics before it has served anything. */
    private static synchronized String fresh() {
        if (fresh == null) {
            fresh = given().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        return fresh;
    }

    /** The metrics the application exports, once a compensation and a departure have run. */
    private static synchronized Set<String> exported() {
        if (exported != null) {
            return exported;
        }
        fresh();
        // A watch of a flight a month away (its updates come once a minute here), cancelled: its subscription's release is
        // counted as a compensation.
        String date = LocalDate.now().plusDays(30).toString();
        String id = given().contentType("application/json").body("{\"flight\":\"AR1973\",\"date\":\"" + date + "\",\"watch\":true}")
                .post("/departures").then().statusCode(202).extract().jsonPath().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/sim/subscriptions").asString().contains(date));
        given().delete("/departures/" + id).then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sample(given().get("/q/metrics").asString(),
                "departure_compensations_total", "outcome=\"ok\"").equals("1.0"));
        given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        exported = given().get("/q/metrics").asString().lines().filter(line -> !line.startsWith("#"))
                .map(line -> line.split("[{ ]")[0]).collect(Collectors.toSet());
        return exported;
    }

    /** The value of the first series of {@code metric} whose labels include {@code label}, or "" when there is none. */
    private static String sample(String metrics, String metric, String label) {
        return metrics.lines().filter(line -> line.startsWith(metric + "{") && line.contains(label) || line.startsWith(metric + " "))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("");
    }

    /** The series of {@code metric} in an exposition, label sets only. */
    private static Set<String> series(String metrics, String metric) {
        return metrics.lines().filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .map(line -> line.substring(0, line.lastIndexOf(' '))).collect(Collectors.toSet());
    }

    @Test
    void theCountersAnAlertReadsStartAtZero() {
        String metrics = fresh();
        assertThat(sample(metrics, "departure_compensations_total", "outcome=\"failed\"")).as("failed compensations at start")
                .isEqualTo("0.0");
        assertThat(metrics).contains("departure_compensations_total{outcome=\"failed\",step=\"subscription\"} 0.0",
                "departure_compensations_total{outcome=\"ok\",step=\"subscription\"} 0.0", "departure_shed_total 0.0",
                "departure_limited_total{limit=\"rate\"} 0.0", "departure_limited_total{limit=\"streams\"} 0.0");
        assertThat(sample(metrics, "departure_store_up", "")).as("the store's gauge at start").isIn("0.0", "1.0");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> sample(given().get("/q/metrics").asString(), "departure_store_up", "").equals("1.0"));
        // No compensation is counted under a step that was not there from the start.
        exported();
        assertThat(series(given().get("/q/metrics").asString(), "departure_compensations_total"))
                .isEqualTo(series(metrics, "departure_compensations_total"));
    }

    /** The metrics a PromQL expression names, each time it names one: label matchers, ranges, label lists and functions aside. */
    static List<String> metricsNamed(String expression) {
        String names = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^]]*\\]", " ").replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher word = Pattern.compile("(?<![0-9.a-zA-Z_:])[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()").matcher(names);
        List<String> named = new ArrayList<>();
        while (word.find()) {
            if (!KEYWORDS.contains(word.group().toLowerCase(Locale.ROOT))) {
                named.add(word.group());
            }
        }
        return named;
    }

    /** The metrics a PromQL expression names; asserts that there is one and that each is exported. */
    private static List<String> assertNamesExported(String what, String expression) {
        List<String> named = metricsNamed(expression);
        assertThat(named).as(what + " names a metric").isNotEmpty();
        for (String metric : named) {
            if (metric.startsWith("kube_")) {
                assertThat(KUBE_STATE_METRICS).as(what + " names " + metric + ", a kube-state-metrics series").contains(metric);
            } else {
                assertThat(exported()).as(what + " names " + metric).contains(metric);
            }
        }
        return named;
    }

    @Test
    void everyAlertNamesMetricsTheApplicationExports() throws IOException {
        assertThat(metricsNamed("sum by (namespace, job) (rate(a_total{x=\"b c\"}[5m])) / on (job) b > 0.1 and max(c offset 5m)"))
                .containsExactly("a_total", "b", "c");
        for (Map<String, Object> rule : alerts()) {
            assertNamesExported((String) rule.get("alert"), (String) rule.get("expr"));
        }
    }

    // ---- the dashboard

    @Test
    void theDashboardShowsMetricsTheApplicationExportsForTheChosenClusterNamespaceAndJob() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.get("templating").get("list").forEach(variable -> variables.put(variable.get("name").asText(), variable));
        assertThat(variables.keySet()).containsExactly("datasource", "cluster", "namespace", "job");
        List<String> chosen = List.of("cluster", "namespace", "job");
        for (int i = 0; i < chosen.size(); i++) {
            JsonNode variable = variables.get(chosen.get(i));
            String query = variable.get("query").get("query").asText();
            assertThat(variable.get("includeAll").asBoolean()).as(chosen.get(i) + " offers All").isTrue();
            assertThat(variable.get("allValue").asText()).as("All " + chosen.get(i) + " matches series without the label").isEqualTo(".*");
            for (String before : chosen.subList(0, i)) {
                assertThat(query).as(chosen.get(i) + "'s values are those of the chosen " + before)
                        .contains(before + "=~\"$" + before + "\"");
            }
        }
        Set<String> shown = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            String title = panel.get("title").asText();
            assertThat(panel.get("description").asText()).as(title + " says what it shows").isNotBlank();
            assertThat(panel.get("datasource").get("uid").asText()).as(title + "'s data source").isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(title + "'s queries").isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                String expression = target.get("expr").asText();
                List<String> named = assertNamesExported(title, expression);
                Matcher selector = Pattern.compile("\\{([^}]*)\\}").matcher(expression);
                int filtered = 0;
                while (selector.find()) {
                    for (String variable : chosen) {
                        assertThat(selector.group(1)).as(title + " is filtered by the " + variable + " variable")
                                .contains(variable + "=~\"$" + variable + "\"");
                    }
                    filtered++;
                }
                assertThat(filtered).as(title + ": every metric it names is filtered: " + expression).isEqualTo(named.size());
                assertThat(expression).as(title + " names no port nor instance").doesNotContain("server_port=", "instance=", "8080", "9000");
                shown.addAll(named);
            }
        }
        Set<String> alerted = new HashSet<>();
        for (Map<String, Object> rule : alerts()) {
            metricsNamed((String) rule.get("expr")).stream().filter(name -> !name.startsWith("kube_")).forEach(alerted::add);
        }
        assertThat(shown).as("what the dashboard shows: what the alerts read, and more").containsAll(alerted).contains(
                "departure_executions_running", "departure_limited_total", "process_cpu_usage", "jvm_memory_used_bytes");
        Map<String, Object> kustomization = load(DASHBOARD.resolveSibling("kustomization.yaml"));
        assertThat((List<String>) at(kustomization, "configMapGenerator", "0", "files")).containsExactly(DASHBOARD.getFileName().toString());
        assertThat((String) at(kustomization, "configMapGenerator", "0", "options", "labels", "grafana_dashboard")).isEqualTo("1");
    }
}
