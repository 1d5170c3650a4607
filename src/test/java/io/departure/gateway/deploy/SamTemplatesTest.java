package io.departure.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import io.departure.gateway.departure.DepartureConfig;
import io.departure.gateway.execution.StreamConfig;
import io.smallrye.config.WithDefault;

/**
 * The SAM templates in {@code deploy/lambda} hold together as CloudFormation and agree with the
 * gateway they run: every reference resolves, and to a resource that exists whenever it is read;
 * the sync functions outlast the sync deadline within the HTTP API's limit; the stream function
 * runs the plain jar behind the Lambda Web Adapter in response-stream mode, and sends its clients
 * {@code reconnect} before Lambda, or the REST API that streams from it, ends the stream.
 */
@SuppressWarnings("unchecked")
class SamTemplatesTest {

    static final Path DIR = Path.of("deploy/lambda");
    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    /** Lambda's longest invocation, and so its longest response stream; a REST API's streaming integration the same. */
    static final Duration LAMBDA_MAX = Duration.ofMinutes(15);
    /** An HTTP API gives its integration 30 s at most. */
    static final Duration HTTP_API_MAX = Duration.ofSeconds(30);

    /** CloudFormation's short-form intrinsic functions, read into their long form. */
    static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : List.of("And", "Base64", "Cidr", "Equals", "FindInMap", "GetAZs", "GetAtt", "If",
                    "ImportValue", "Join", "Length", "Not", "Or", "Select", "Split", "Sub", "ToJsonString", "Transform")) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else if (node instanceof MappingNode mapping) {
                    value = constructMapping(mapping);
                } else {
                    value = constructScalar((ScalarNode) node);
                }
                if (key.equals("Fn::GetAtt") && value instanceof String attribute) {
                    value = List.of(attribute.split("\\.", 2));
                }
                return Map.of(key, value);
            }
        }
    }

    static Map<Path, Map<String, Object>> templates() throws IOException {
        Map<Path, Map<String, Object>> templates = new TreeMap<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                templates.put(file, new Yaml(new CloudFormationConstructor()).load(Files.readString(file)));
            }
        }
        assertThat(templates.keySet()).extracting(f -> f.getFileName().toString())
                .contains("template.jvm.yaml", "template.native.yaml", "template.stream.yaml");
        return templates;
    }

    static Map<String, Object> section(Map<String, Object> template, String name) {
        return (Map<String, Object>) template.getOrDefault(name, Map.of());
    }

    static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).getOrDefault("Properties", Map.of());
    }

    static Map<String, Object> resourcesOfType(Map<String, Object> template, String type) {
        Map<String, Object> found = new TreeMap<>();
        section(template, "Resources").forEach((id, resource) -> {
            if (type.equals(((Map<String, Object>) resource).get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    static Map<String, Object> environment(Object function) {
        return (Map<String, Object>) ((Map<String, Object>) properties(function).getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of());
    }

    /** A duration as the gateway's configuration writes it ({@code 25s}, {@code 14m}, {@code 500ms}). */
    static Duration duration(String value) {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h|d)").matcher(value.strip());
        if (!matcher.matches()) {
            return Duration.parse(value);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The gateway's setting in a function's environment, else its default in the configuration mapping. */
    static Duration setting(Object function, String variable, Class<?> mapping, String method) throws NoSuchMethodException {
        Object set = environment(function).get(variable);
        return duration(set != null ? String.valueOf(set) : mapping.getMethod(method).getAnnotation(WithDefault.class).value());
    }

    static Duration timeout(Object function) {
        return Duration.ofSeconds(((Number) properties(function).get("Timeout")).longValue());
    }

    /**
     * Every resource a template may reference with the condition it is created under ({@code ""}
     * for none): its own, and those SAM generates under their documented logical IDs.
     */
    static Map<String, String> resources(Map<String, Object> template) {
        Map<String, String> resources = new HashMap<>();
        section(template, "Resources").forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            String condition = (String) resource.getOrDefault("Condition", "");
            Map<String, Object> properties = properties(resource);
            resources.put(id, condition);
            if ("AWS::Serverless::Function".equals(resource.get("Type"))) {
                resources.put(id + "Role", condition);
                if (properties.containsKey("FunctionUrlConfig")) {
                    resources.put(id + "Url", condition);
                }
                if (properties.get("AutoPublishAlias") instanceof String alias) {
                    resources.put(id + "Alias" + alias, condition);
                }
                ((Map<String, Object>) properties.getOrDefault("Events", Map.of())).values().forEach(event -> {
                    Map<String, Object> e = (Map<String, Object>) event;
                    Map<String, Object> p = (Map<String, Object>) e.getOrDefault("Properties", Map.of());
                    if ("HttpApi".equals(e.get("Type")) && !p.containsKey("ApiId")) {
                        resources.put("ServerlessHttpApi", condition);
                    }
                    if ("Api".equals(e.get("Type")) && !p.containsKey("RestApiId")) {
                        resources.put("ServerlessRestApi", condition);
                    }
                });
            }
            if ("AWS::Serverless::Api".equals(resource.get("Type")) && properties.get("StageName") instanceof String stage) {
                resources.put(id + stage + "Stage", condition);
            }
        });
        return resources;
    }

    @Test
    void everyReferenceNamesAParameterOrAResourceThatExistsWhereverItIsRead() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Map<String, Object>> template : templates().entrySet()) {
            References references = new References(template.getKey(), section(template.getValue(), "Parameters").keySet(),
                    resources(template.getValue()), section(template.getValue(), "Conditions").keySet(), failures);
            section(template.getValue(), "Conditions").forEach((id, condition) -> references.walk(condition, Set.of(), "Conditions." + id));
            for (String part : List.of("Resources", "Outputs")) {
                section(template.getValue(), part).forEach((id, value) -> {
                    Map<String, Object> entry = (Map<String, Object>) value;
                    Set<String> held = Set.of();
                    if (entry.get("Condition") instanceof String condition) {
                        references.condition(condition, part + "." + id);
                        held = Set.of(condition);
                    }
                    references.walk(entry.get(part.equals("Resources") ? "Properties" : "Value"), held, part + "." + id);
                });
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Checks each Ref, GetAtt, Sub variable and condition name met, knowing which conditions hold where it is read. */
    record References(Path file, Set<String> parameters, Map<String, String> resources, Set<String> conditions, List<String> failures) {

        private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

        void walk(Object node, Set<String> held, String where) {
            if (node instanceof List<?> list) {
                list.forEach(item -> walk(item, held, where));
                return;
            }
            if (!(node instanceof Map<?, ?> map)) {
                return;
            }
            if (map.size() == 1 && map.get("Ref") instanceof String name) {
                reference(name, true, held, where);
            } else if (map.size() == 1 && map.get("Fn::GetAtt") instanceof List<?> attribute) {
                reference(String.valueOf(attribute.get(0)), false, held, where);
            } else if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object sub = map.get("Fn::Sub");
                String text = String.valueOf(sub instanceof List<?> list ? list.get(0) : sub);
                Map<String, Object> variables = sub instanceof List<?> list && list.size() > 1 ? (Map<String, Object>) list.get(1) : Map.of();
                Matcher variable = SUB_VARIABLE.matcher(text);
                while (variable.find()) {
                    String name = variable.group(1).strip();
                    if (!variables.containsKey(name)) {
                        boolean attribute = name.contains(".") && !PSEUDO_PARAMETERS.contains(name);
                        reference(attribute ? name.substring(0, name.indexOf('.')) : name, !attribute, held, where);
                    }
                }
                walk(variables, held, where);
            } else if (map.size() == 1 && map.get("Fn::If") instanceof List<?> branches) {
                String condition = String.valueOf(branches.get(0));
                condition(condition, where);
                Set<String> holding = new HashSet<>(held);
                holding.add(condition);
                walk(branches.get(1), holding, where);
                walk(branches.get(2), held, where);
            } else if (map.size() == 1 && map.get("Condition") instanceof String condition) {
                condition(condition, where);
            } else {
                map.values().forEach(value -> walk(value, held, where));
            }
        }

        void reference(String name, boolean parameterToo, Set<String> held, String where) {
            if (PSEUDO_PARAMETERS.contains(name) || parameterToo && parameters.contains(name)) {
                return;
            }
            String condition = resources.get(name);
            if (condition == null) {
                failures.add(file + " " + where + ": " + name + " names no " + (parameterToo ? "parameter or " : "") + "resource");
            } else if (!condition.isEmpty() && !held.contains(condition)) {
                failures.add(file + " " + where + ": " + name + " exists only when " + condition + " holds, which is not sure here");
            }
        }

        void condition(String name, String where) {
            if (!conditions.contains(name)) {
                failures.add(file + " " + where + ": no condition " + name);
            }
        }
    }

    @Test
    void theSyncFunctionsOutlastTheSyncDeadlineAndTheHttpApiOutlastsThem() throws Exception {
        int checked = 0;
        for (Map.Entry<Path, Map<String, Object>> template : templates().entrySet()) {
            for (Map.Entry<String, Object> function : resourcesOfType(template.getValue(), "AWS::Serverless::Function").entrySet()) {
                Map<String, Object> events = (Map<String, Object>) properties(function.getValue()).getOrDefault("Events", Map.of());
                if (events.values().stream().noneMatch(e -> "HttpApi".equals(((Map<String, Object>) e).get("Type")))) {
                    continue;
                }
                String what = template.getKey() + " " + function.getKey() + " Timeout";
                Duration deadline = setting(function.getValue(), "DEPARTURE_DEADLINE", DepartureConfig.class, "deadline");
                assertThat(timeout(function.getValue())).as(what + " (departure.deadline " + deadline + ")").isGreaterThan(deadline)
                        .isLessThan(HTTP_API_MAX);
                checked++;
            }
        }
        assertThat(checked).as("sync functions behind an HTTP API").isGreaterThanOrEqualTo(2);
    }

    static Map.Entry<String, Object> streamFunction() throws IOException {
        Map<String, Object> functions = resourcesOfType(templates().get(DIR.resolve("template.stream.yaml")), "AWS::Serverless::Function");
        assertThat(functions).hasSize(1);
        return functions.entrySet().iterator().next();
    }

    @Test
    void theStreamFunctionRunsThePlainJarBehindTheWebAdapterInResponseStreamMode() throws IOException {
        Map<String, Object> properties = properties(streamFunction().getValue());
        Map<String, Object> environment = environment(streamFunction().getValue());
        assertThat((String) properties.get("CodeUri")).as("the packaged jar's directory, not the -Plambda function.zip")
                .endsWith("target/quarkus-app");
        Path script = DIR.resolve("stream").resolve((String) properties.get("Handler"));
        assertThat(script).as("the handler the Web Adapter starts").isRegularFile().isExecutable();
        assertThat(Files.readString(script)).as(script.toString()).contains("-jar \"$(dirname \"$0\")/quarkus-run.jar\"");
        assertThat(Files.readString(DIR.resolve("template.stream.yaml"))).as("the build the template asks for puts the handler beside the jar")
                .contains("cp " + script + " target/quarkus-app/");
        assertThat((List<Object>) properties.get("Layers")).as("the Web Adapter's layer").hasSize(1);
        assertThat(environment).containsEntry("AWS_LAMBDA_EXEC_WRAPPER", "/opt/bootstrap").containsEntry("AWS_LWA_PORT", "8080")
                .containsEntry("AWS_LWA_READINESS_CHECK_PORT", "9000").containsEntry("AWS_LWA_READINESS_CHECK_PATH", "/q/health/ready")
                .containsEntry("DEPARTURE_STORE", "redis");
        assertThat(String.valueOf(environment.get("AWS_LWA_INVOKE_MODE"))).isEqualToIgnoringCase("response_stream");
        assertThat((Map<String, Object>) properties.get("FunctionUrlConfig")).containsEntry("InvokeMode", "RESPONSE_STREAM");
    }

    @Test
    void streamsReconnectBeforeLambdaOrTheRestApiEndsThemAndBeatBeforeItDropsThemIdle() throws Exception {
        Object function = streamFunction().getValue();
        Duration reconnect = setting(function, "DEPARTURE_STREAM_MAX_CONNECTION", StreamConfig.class, "maxConnection");
        Duration heartbeat = setting(function, "DEPARTURE_STREAM_HEARTBEAT", StreamConfig.class, "heartbeat");
        assertThat(timeout(function)).as("the function's Timeout").isLessThanOrEqualTo(LAMBDA_MAX).isGreaterThan(reconnect);

        Map<String, Object> apis = resourcesOfType(templates().get(DIR.resolve("template.stream.yaml")), "AWS::Serverless::Api");
        assertThat(apis).as("the REST API that streams").isNotEmpty();
        for (Map.Entry<String, Object> api : apis.entrySet()) {
            String endpoint = String.valueOf(((Map<String, Object>) properties(api.getValue()).getOrDefault("EndpointConfiguration", Map.of()))
                    .getOrDefault("Type", "EDGE"));
            Duration idle = endpoint.equals("EDGE") ? Duration.ofSeconds(30) : Duration.ofMinutes(5);
            assertThat(heartbeat).as(api.getKey() + ": a " + endpoint + " endpoint drops a stream idle for " + idle).isLessThan(idle);
            List<Map<String, Object>> integrations = integrations(api.getValue());
            assertThat(integrations).as(api.getKey() + " integrations").isNotEmpty();
            for (Map<String, Object> integration : integrations) {
                Duration integrationTimeout = Duration.ofMillis(((Number) integration.getOrDefault("timeoutInMillis", 29_000)).longValue());
                assertThat(integrationTimeout).as(api.getKey() + " timeoutInMillis").isLessThanOrEqualTo(LAMBDA_MAX).isGreaterThan(reconnect);
            }
        }
    }

    /** The integrations of a REST API's OpenAPI definition, one per path and method. */
    static List<Map<String, Object>> integrations(Object api) {
        List<Map<String, Object>> integrations = new ArrayList<>();
        Map<String, Object> paths = (Map<String, Object>) ((Map<String, Object>) properties(api).get("DefinitionBody")).get("paths");
        paths.values().forEach(methods -> ((Map<String, Object>) methods).values().forEach(method -> {
            if (method instanceof Map<?, ?> operation && operation.get("x-amazon-apigateway-integration") instanceof Map<?, ?> integration) {
                integrations.add((Map<String, Object>) integration);
            }
        }));
        return integrations;
    }

    @Test
    void theRestApiStreamsFromTheStreamFunctionWhichItMayInvoke() throws IOException {
        Map<String, Object> template = templates().get(DIR.resolve("template.stream.yaml"));
        String function = streamFunction().getKey();
        Pattern streamingUri = Pattern.compile("arn:\\$\\{AWS::Partition}:apigateway:\\$\\{AWS::Region}:lambda:path/2021-11-15/functions/"
                + "\\$\\{(\\w+)\\.Arn}/response-streaming-invocations");
        for (Map.Entry<String, Object> api : resourcesOfType(template, "AWS::Serverless::Api").entrySet()) {
            for (Map<String, Object> integration : integrations(api.getValue())) {
                assertThat(integration).as(api.getKey()).containsEntry("type", "aws_proxy").containsEntry("httpMethod", "POST")
                        .containsEntry("responseTransferMode", "STREAM");
                Matcher uri = streamingUri.matcher(String.valueOf(((Map<String, Object>) integration.get("uri")).get("Fn::Sub")));
                assertThat(uri.matches()).as(api.getKey() + " uri invokes with InvokeWithResponseStream: " + integration.get("uri")).isTrue();
                assertThat(uri.group(1)).isEqualTo(function);
            }
            Object condition = ((Map<String, Object>) api.getValue()).get("Condition");
            assertThat(resourcesOfType(template, "AWS::Lambda::Permission").values()).as("a permission for " + api.getKey() + " to invoke " + function)
                    .anySatisfy(permission -> {
                        assertThat(properties(permission)).containsEntry("Action", "lambda:InvokeFunction")
                                .containsEntry("Principal", "apigateway.amazonaws.com").containsEntry("FunctionName", Map.of("Ref", function));
                        assertThat(String.valueOf(properties(permission).get("SourceArn"))).contains("${" + api.getKey() + "}");
                        assertThat(((Map<String, Object>) permission).get("Condition")).isEqualTo(condition);
                    });
        }
    }
}
