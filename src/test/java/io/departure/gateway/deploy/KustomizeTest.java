package io.departure.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The test's rendering of the kustomizations is kustomize's: object for object the same as
 * {@code kubectl kustomize} where kubectl is installed; and the strict reading of a manifest
 * fails on a field its API type does not have, naming where it is.
 */
class KustomizeTest {

    static List<Path> kustomizations() throws IOException {
        List<Path> all = new ArrayList<>(List.of(KubernetesManifestsTest.KUBERNETES.resolve("base")));
        try (Stream<Path> overlays = Files.list(KubernetesManifestsTest.KUBERNETES.resolve("overlays"))) {
            all.addAll(overlays.sorted().toList());
        }
        return all;
    }

    private static String key(Map<String, Object> object) {
        return object.get("kind") + "/" + ((Map<?, ?>) object.get("metadata")).get("name");
    }

    private static Map<String, Map<String, Object>> byKey(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> keyed = new LinkedHashMap<>();
        objects.forEach(object -> keyed.put(key(object), object));
        return keyed;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRenderingIsKubectlKustomizes() throws Exception {
        boolean kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            kubectl = false;
        }
        Assumptions.assumeTrue(kubectl, "kubectl is not installed: nothing to compare the rendering with");
        for (Path kustomization : kustomizations()) {
            Process build = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            List<Map<String, Object>> expected = new ArrayList<>();
            try (InputStream output = build.getInputStream()) {
                for (Object document : new Yaml().loadAll(output)) {
                    expected.add((Map<String, Object>) document);
                }
            }
            assertThat(build.waitFor(60, TimeUnit.SECONDS) && build.exitValue() == 0).as("kubectl kustomize " + kustomization).isTrue();
            Map<String, Map<String, Object>> rendered = byKey(Kustomize.build(kustomization));
            Map<String, Map<String, Object>> kustomized = byKey(expected);
            assertThat(rendered.keySet()).as(kustomization.toString()).containsExactlyInAnyOrderElementsOf(kustomized.keySet());
            kustomized.forEach((key, object) -> assertThat(rendered.get(key)).as(kustomization + ": " + key).isEqualTo(object));
        }
    }

    @Test
    void theConfigMapsNameHashIsKustomizes() {
        // kubectl kustomize names a configMapGenerator of the literal A=b x-b9t2424hkf.
        assertThat(Kustomize.hash(Map.of("data", Map.of("A", "b")))).isEqualTo("b9t2424hkf");
    }

    @Test
    void aFieldItsTypeDoesNotHaveFailsNamingWhereItIs() throws IOException {
        Map<String, Object> deployment = Kustomize.build(KubernetesManifestsTest.KUBERNETES.resolve("overlays/jvm")).stream()
                .filter(object -> object.get("kind").equals("Deployment")).findFirst().orElseThrow();
        KubernetesTypes.read(deployment);
        @SuppressWarnings("unchecked")
        Map<String, Object> probe = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                .get("spec")).get("template")).get("spec")).get("containers")).get(0)).get("readinessProbe");
        probe.put("timeoutSecond", 3);
        assertThatThrownBy(() -> KubernetesTypes.read(deployment)).hasMessageContaining("spec.template.spec.containers[0].readinessProbe [timeoutSecond]");
        probe.remove("timeoutSecond");
        probe.put("timeoutSeconds", "3");
        assertThatThrownBy(() -> KubernetesTypes.read(deployment)).as("a string where the API has a number").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KubernetesTypes.read(Map.of("apiVersion", "v1", "kind", "Pod"))).hasMessageContaining("unknown kind v1/Pod");
    }
}
