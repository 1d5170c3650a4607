package io.departure.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

import io.departure.gateway.deploy.Dockerfile.Copy;
import io.departure.gateway.deploy.Dockerfile.Instruction;
import io.departure.gateway.deploy.Dockerfile.Stage;

/**
 * The images build from this repository: whatever a Dockerfile copies from the build context
 * exists (in the repository, or among what the build its header names writes) and gets past the
 * {@code .dockerignore}. And they run as they should: not as root, on the gateway's two ports; the
 * JVM image on the AOT cache its own training run recorded, with flags no environment variable of
 * a deployer replaces.
 */
class ContainerImagesTest {

    static final Path DOCKER = Path.of("src/main/docker");
    static final Path TRAIN = Path.of("deploy/aot/train");
    static final Path KUBERNETES = Path.of("deploy/kubernetes");

    /** Read by the base image's run-java.sh, which the JVM image does not run: they would do nothing. */
    static final Set<String> RUN_JAVA_VARIABLES = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO",
            "JAVA_INITIAL_MEM_RATIO", "GC_CONTAINER_OPTIONS");

    static List<Dockerfile> dockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER)) {
            List<Dockerfile> dockerfiles = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("Dockerfile"))
                    .filter(f -> !f.toString().endsWith(".dockerignore")).sorted().toList()) {
                dockerfiles.add(Dockerfile.read(file));
            }
            assertThat(dockerfiles).as("Dockerfiles in " + DOCKER).isNotEmpty();
            return dockerfiles;
        }
    }

    /** The ignore file a build of {@code dockerfile} reads: its own beside it (BuildKit), else the context's. */
    static Path ignoreFileOf(Path dockerfile) {
        Path own = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        return Files.exists(own) ? own : Path.of(".dockerignore");
    }

    @Test
    void everyFileCopiedFromTheBuildContextGetsPastTheDockerignore() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Dockerfile dockerfile : dockerfiles()) {
            Path ignoreFile = ignoreFileOf(dockerfile.path());
            DockerIgnore ignore = DockerIgnore.read(ignoreFile);
            for (Stage stage : dockerfile.stages()) {
                for (Copy copy : stage.copies()) {
                    if (copy.from().isPresent()) {
                        continue;
                    }
                    String where = dockerfile.path() + ":" + copy.instruction().line() + " " + copy.instruction().keyword();
                    for (String source : copy.sources()) {
                        if (source.matches("(https?|git)://.*|git@.*")) {
                            continue;
                        }
                        List<String> files = DockerIgnore.clean(source).startsWith("target/")
                                ? built(dockerfile, source, where, failures)
                                : inRepository(source, where, failures);
                        List<String> excluded = files.stream().filter(f -> ignore.excluding(f).isPresent()).toList();
                        if (!excluded.isEmpty()) {
                            DockerIgnore.Rule rule = ignore.excluding(excluded.get(0)).orElseThrow();
                            failures.add(where + " " + source + ": " + ignoreFile + ":" + rule.line() + " `" + rule.text()
                                    + "` excludes " + excluded.get(0)
                                    + (excluded.size() > 1 ? " and " + (excluded.size() - 1) + " more" : ""));
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** The files under {@code source} in the repository; a failure when there are none. */
    static List<String> inRepository(String source, String where, List<String> failures) throws IOException {
        String cleaned = DockerIgnore.clean(source);
        int glob = indexOfGlob(cleaned);
        int parent = glob < 0 ? -1 : cleaned.lastIndexOf('/', glob);
        Path root = Path.of(glob < 0 ? cleaned : parent < 0 ? "." : cleaned.substring(0, parent));
        List<String> files = new ArrayList<>();
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(f -> DockerIgnore.clean(f.toString().replace('\\', '/')))
                        .filter(f -> !f.startsWith(".git/") && !f.startsWith("target/"))
                        .filter(f -> DockerIgnore.names(cleaned, f)).forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            failures.add(where + " " + source + ": no such file in the repository");
        }
        return files;
    }

    private static int indexOfGlob(String path) {
        for (int i = 0; i < path.length(); i++) {
            if ("*?[\\".indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What the {@code ./mvnw package} commands of the Dockerfile's header write that {@code source}
     * names; a failure when the header names no build that writes it.
     */
    static List<String> built(Dockerfile dockerfile, String source, String where, List<String> failures) throws Exception {
        List<String> commands = dockerfile.header().lines().map(String::strip)
                .filter(l -> l.startsWith("./mvnw ") && l.contains(" package")).toList();
        String finalName = finalName();
        Set<String> outputs = new LinkedHashSet<>();
        commands.forEach(command -> outputs.addAll(outputsOf(command, finalName)));
        List<String> files = outputs.stream().filter(o -> DockerIgnore.names(source, o)).toList();
        if (files.isEmpty()) {
            failures.add(where + " " + source + ": a build output that none of the header's builds writes "
                    + (commands.isEmpty() ? "(it names no ./mvnw package)" : commands + " -> " + outputs));
        }
        return files;
    }

    /** What a {@code ./mvnw package} of this project writes under {@code target/}, enough of it to match the sources against. */
    static List<String> outputsOf(String command, String finalName) {
        if (command.contains("-Plambda")) {
            return List.of("target/function.zip");
        }
        if (command.contains("-Dnative")) {
            return List.of("target/" + finalName + "-runner");
        }
        String app = "target/quarkus-app/";
        return List.of(app + "quarkus-run.jar", app + "quarkus-app-dependencies.txt",
                app + "lib/boot/io.quarkus.quarkus-bootstrap-runner.jar", app + "lib/main/io.vertx.vertx-core.jar",
                app + "app/" + finalName + ".jar", app + "quarkus/quarkus-application.dat", app + "quarkus/generated-bytecode.jar");
    }

    /** {@code artifactId-version} of the project, the name Quarkus gives what it builds. */
    static String finalName() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        return child(project, "artifactId") + "-" + child(project, "version");
    }

    private static String child(Element element, String name) {
        for (var node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        throw new IllegalStateException("pom.xml has no " + name);
    }

    @Test
    void everyImageRunsAsANonRootUserAndExposesTheApiAndManagementPorts() throws IOException {
        for (Dockerfile dockerfile : dockerfiles()) {
            Stage last = dockerfile.finalStage();
            Instruction user = last.last("USER").orElse(null);
            assertThat(user).as(dockerfile.path() + ": its final stage sets a USER").isNotNull();
            assertThat(user.arguments().split(":")[0]).as(dockerfile.path() + ":" + user.line() + " USER").isNotIn("root", "0");
            Set<String> exposed = last.all("EXPOSE").stream().flatMap(e -> e.words().stream()).map(p -> p.split("/")[0])
                    .collect(Collectors.toSet());
            assertThat(exposed).as(dockerfile.path() + ": EXPOSE of its final stage").contains("8080", "9000");
        }
    }

    @Test
    void theJvmImageStartsOnTheAotCacheItsTrainingRunRecordedWithTheSameFlags() throws IOException {
        Dockerfile jvm = Dockerfile.read(DOCKER.resolve("Dockerfile.jvm"));
        Stage last = jvm.finalStage();
        Instruction entrypoint = last.last("ENTRYPOINT").orElseThrow();
        List<String> command = entrypoint.words();
        assertThat(entrypoint.isExecForm()).as(jvm.path() + ":" + entrypoint.line() + " in exec form: no shell expands the environment into it")
                .isTrue();
        assertThat(command.get(0)).as(jvm.path() + ":" + entrypoint.line()
                + ": java itself, not run-java.sh, which takes the JVM's flags from JAVA_OPTS and JAVA_OPTS_APPEND, where a deployer's value replaces the image's")
                .matches("(.*/)?java");
        int jarAt = command.indexOf("-jar");
        List<String> jvmOptions = command.subList(1, jarAt);
        List<String> caches = jvmOptions.stream().filter(o -> o.startsWith("-XX:AOTCache=")).map(o -> o.substring("-XX:AOTCache=".length()))
                .toList();
        assertThat(caches).as(jvm.path() + ":" + entrypoint.line() + " -XX:AOTCache").hasSize(1);

        // The training stage runs deploy/aot/train, which writes APP/<cache> of a run of APP/<jar>.
        Copy fromTraining = last.copies().stream().filter(c -> c.from().isPresent()).findFirst().orElseThrow();
        Stage training = jvm.stage(fromTraining.from().get()).orElseThrow();
        Copy script = training.copies().stream().filter(c -> c.sources().equals(List.of(TRAIN.toString()))).findFirst()
                .orElseThrow(() -> new AssertionError(jvm.path() + ": the training stage copies " + TRAIN));
        Instruction run = training.all("RUN").stream().filter(r -> r.arguments().contains(script.destination() + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(jvm.path() + ": the training stage runs " + script.destination()));
        String app = run.arguments().substring(run.arguments().indexOf(script.destination() + " ") + script.destination().length())
                .strip().split("\\s+")[0];
        Matcher trainingOptions = Pattern.compile("TRAIN_JAVA_OPTS=\"([^\"]*)\"").matcher(run.arguments());
        String trainScript = Files.readString(TRAIN);
        String cacheFile = group(trainScript, "-XX:AOTCacheOutput=\"\\$APP/([^\"]+)\"");
        String trainedJar = group(trainScript, "-jar \"\\$APP/([^\"]+)\"");

        assertThat(caches.get(0)).as(jvm.path() + ":" + entrypoint.line() + ": the cache " + jvm.path() + ":" + run.line() + " recorded")
                .isEqualTo(copiedTo(fromTraining, app + "/" + cacheFile));
        assertThat(command.get(jarAt + 1)).as("the jar the cache was recorded on, at the same path")
                .isEqualTo(copiedTo(fromTraining, app + "/" + trainedJar));
        assertThat(trainingOptions.find()).as(jvm.path() + ":" + run.line() + " sets TRAIN_JAVA_OPTS").isTrue();
        assertThat(jvmOptions.stream().filter(o -> !o.startsWith("-XX:AOTCache=")).toList())
                .as("the image's flags are the training run's (the collector and the heap shape the cache)")
                .containsExactlyInAnyOrder(trainingOptions.group(1).strip().split("\\s+"));

        Set<String> imageEnvironment = last.all("ENV").stream().flatMap(e -> envNames(e.arguments()).stream()).collect(Collectors.toSet());
        assertThat(imageEnvironment).as("the launcher's and the JVM's own variables are left to the deployer; run-java.sh's would do nothing")
                .doesNotContain("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")
                .doesNotContainAnyElementsOf(RUN_JAVA_VARIABLES);
    }

    private static String group(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(TRAIN + " has " + regex).isTrue();
        return matcher.group(1);
    }

    /** Where {@code path} of the stage copied from lands in the final stage. */
    private static String copiedTo(Copy copy, String path) {
        String from = DockerIgnore.clean(copy.sources().get(0));
        String to = DockerIgnore.clean(copy.destination());
        String cleaned = DockerIgnore.clean(path);
        assertThat(cleaned).as(copy.instruction().line() + ": " + copy.sources() + " holds " + path).startsWith(from + "/");
        return to + cleaned.substring(from.length());
    }

    /** The names an {@code ENV} sets, in either of its forms. */
    static List<String> envNames(String arguments) {
        if (!arguments.contains("=") || arguments.split("\\s+")[0].indexOf('=') < 0) {
            return List.of(arguments.split("\\s+")[0]);
        }
        Matcher name = Pattern.compile("(?:^|\\s)([A-Za-z_][A-Za-z0-9_]*)=").matcher(arguments);
        List<String> names = new ArrayList<>();
        while (name.find()) {
            names.add(name.group(1));
        }
        return names;
    }

    @Test
    void kubernetesKeepsTheImagesEntrypointAndAddsJvmFlagsWhereJavaReadsThem() throws IOException {
        List<String> failures = new ArrayList<>();
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                    try (Reader reader = Files.newBufferedReader(file)) {
                        for (Object document : new Yaml().loadAll(reader)) {
                            visit(document, file, failures);
                        }
                    }
                } else if (name.endsWith(".env")) {
                    Files.readAllLines(file).stream().map(l -> l.split("=", 2)[0].strip()).filter(RUN_JAVA_VARIABLES::contains)
                            .forEach(key -> failures.add(file + ": " + key + " (add JVM flags with JDK_JAVA_OPTIONS)"));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Looks through a manifest, a strategic-merge or JSON 6902 patch, or an inline patch, for the gateway's container. */
    @SuppressWarnings("unchecked")
    private static void visit(Object node, Path file, List<String> failures) {
        if (node instanceof List<?> list) {
            list.forEach(item -> visit(item, file, failures));
            return;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if (map.get("containers") instanceof List<?> containers) {
            for (Object item : containers) {
                Map<String, Object> container = (Map<String, Object>) item;
                if (String.valueOf(container.get("name")).contains("departure-gateway")
                        || String.valueOf(container.get("image")).contains("departure-gateway")) {
                    if (container.containsKey("command")) {
                        failures.add(file + ": the gateway's container sets command, which replaces the image's entrypoint and its JVM flags");
                    }
                    checkEnv(container.get("env"), file, failures);
                }
            }
        }
        if (map.get("op") instanceof String && map.get("path") instanceof String path) {
            if (path.matches(".*/containers/[^/]+/command")) {
                failures.add(file + ": a patch sets " + path + ", which replaces the image's entrypoint and its JVM flags");
            }
            if (path.matches(".*/containers/[^/]+/env(/.*)?")) {
                checkEnv(map.get("value"), file, failures);
            }
        }
        if (map.get("literals") instanceof List<?> literals) {
            literals.stream().map(l -> String.valueOf(l).split("=", 2)[0]).filter(RUN_JAVA_VARIABLES::contains)
                    .forEach(key -> failures.add(file + ": " + key + " (add JVM flags with JDK_JAVA_OPTIONS)"));
        }
        if (map.get("patch") instanceof String inline) {
            new Yaml().loadAll(inline).forEach(document -> visit(document, file, failures));
        }
        map.values().forEach(value -> visit(value, file, failures));
    }

    private static void checkEnv(Object env, Path file, List<String> failures) {
        List<?> entries = env instanceof List<?> list ? list : env == null ? List.of() : List.of(env);
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> variable && RUN_JAVA_VARIABLES.contains(String.valueOf(variable.get("name")))) {
                failures.add(file + ": the gateway's container sets " + variable.get("name")
                        + ", which the image does not read (add JVM flags with JDK_JAVA_OPTIONS)");
            }
        }
    }
}
