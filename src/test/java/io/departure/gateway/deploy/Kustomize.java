package io.departure.gateway.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.yaml.snakeyaml.Yaml;

/**
 * Builds a kustomization directory as {@code kubectl kustomize} does, for the part of kustomize the
 * manifests use: resources (files and directories), components, configMapGenerator (create and
 * merge, with kustomize's name hash and the references to it rewritten), strategic-merge patches
 * that name their target, labels and images. Anything else in a kustomization fails the build
 * rather than being rendered wrongly.
 */
final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "components", "patches", "labels",
            "images", "configMapGenerator");
    /** Strategic-merge keys of the lists the patches merge into (Kubernetes's patchMergeKey). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name", "env", "name",
            "volumes", "name", "volumeMounts", "mountPath");
    private static final Set<String> POD_TEMPLATES = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");
    /** Marks a generated ConfigMap that takes kustomize's content hash as a name suffix. */
    private static final String HASHED = "kustomize-test/needs-hash";

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} prints, in no particular order. */
    static List<Map<String, Object>> build(Path dir) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        accumulate(dir, objects, "Kustomization");
        Map<String, String> renamed = new LinkedHashMap<>();
        for (Map<String, Object> object : objects) {
            if (object.remove(HASHED) != null) {
                Map<String, Object> metadata = map(object, "metadata");
                String name = (String) metadata.get("name");
                metadata.put("name", name + "-" + hash(object));
                renamed.put(name, (String) metadata.get("name"));
            }
        }
        objects.forEach(object -> podSpecs(object).forEach(pod -> renameConfigMaps(pod, renamed)));
        return objects;
    }

    /** Adds what the kustomization (or component) in {@code dir} makes to {@code objects}, as kustomize's accumulateTarget. */
    private static void accumulate(Path dir, List<Map<String, Object>> objects, String kind) throws IOException {
        Map<String, Object> kustomization = load(dir.resolve("kustomization.yaml")).get(0);
        if (!kind.equals(kustomization.get("kind"))) {
            throw new IllegalArgumentException(dir + " is a " + kustomization.get("kind") + ", used as a " + kind);
        }
        for (String field : kustomization.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new UnsupportedOperationException(dir + ": " + field + " is not rendered by this test");
            }
        }
        for (String resource : Kustomize.<String>list(kustomization, "resources")) {
            Path path = dir.resolve(resource).normalize();
            objects.addAll(Files.isDirectory(path) ? accumulated(path) : load(path));
        }
        for (String component : Kustomize.<String>list(kustomization, "components")) {
            accumulate(dir.resolve(component).normalize(), objects, "Component");
        }
        for (Map<String, Object> generator : Kustomize.<Map<String, Object>>list(kustomization, "configMapGenerator")) {
            generate(dir, generator, objects);
        }
        for (Map<String, Object> patch : Kustomize.<Map<String, Object>>list(kustomization, "patches")) {
            if (!patch.keySet().equals(Set.of("path"))) {
                throw new UnsupportedOperationException(dir + ": only patches by path that name their target are rendered: " + patch);
            }
            for (Map<String, Object> document : load(dir.resolve((String) patch.get("path")))) {
                patch(objects, document);
            }
        }
        for (Map<String, Object> labels : Kustomize.<Map<String, Object>>list(kustomization, "labels")) {
            label(objects, labels);
        }
        for (Map<String, Object> image : Kustomize.<Map<String, Object>>list(kustomization, "images")) {
            objects.forEach(object -> podSpecs(object).forEach(pod -> retag(pod, image)));
        }
    }

    /** A directory resource, built on its own; generated names are hashed only at the end of the whole build. */
    private static List<Map<String, Object>> accumulated(Path dir) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        accumulate(dir, objects, "Kustomization");
        return objects;
    }

    private static void generate(Path dir, Map<String, Object> generator, List<Map<String, Object>> objects) throws IOException {
        Map<String, String> data = new TreeMap<>();
        for (String env : Kustomize.<String>list(generator, "envs")) {
            for (String line : Files.readAllLines(dir.resolve(env), StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    entry(trimmed, data, dir.resolve(env));
                }
            }
        }
        for (String literal : Kustomize.<String>list(generator, "literals")) {
            entry(literal, data, dir);
        }
        String name = (String) generator.get("name");
        String behavior = (String) generator.getOrDefault("behavior", "create");
        Map<String, Object> existing = objects.stream()
                .filter(o -> "ConfigMap".equals(o.get("kind")) && name.equals(map(o, "metadata").get("name"))).findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException("ConfigMap " + name + " is generated twice");
                }
                Map<String, Object> configMap = new LinkedHashMap<>();
                configMap.put("apiVersion", "v1");
                configMap.put("kind", "ConfigMap");
                configMap.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
                configMap.put("data", new TreeMap<String, Object>(data));
                configMap.put(HASHED, true);
                objects.add(configMap);
            }
            case "merge" -> {
                if (existing == null) {
                    throw new IllegalArgumentException("no ConfigMap " + name + " to merge into");
                }
                map(existing, "data").putAll(data);
            }
            default -> throw new UnsupportedOperationException("configMapGenerator behavior " + behavior);
        }
    }

    private static void entry(String line, Map<String, String> data, Path where) {
        int equals = line.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException(where + ": " + line + " is not KEY=VALUE");
        }
        data.put(line.substring(0, equals), line.substring(equals + 1));
    }

    /** kustomize's hasher: the first ten hex digits of the SHA-256 of {"data","kind","name":""}, some digits made letters. */
    @SuppressWarnings("unchecked")
    static String hash(Map<String, Object> configMap) {
        StringBuilder json = new StringBuilder("{\"data\":{");
        Map<String, Object> data = new TreeMap<>((Map<String, Object>) configMap.get("data"));
        data.forEach((key, value) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append(quote(key)).append(':')
                .append(quote((String) value)));
        json.append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        try {
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8)));
            StringBuilder encoded = new StringBuilder();
            for (char c : hex.substring(0, 10).toCharArray()) {
                encoded.append(switch (c) {
                    case '0' -> 'g';
                    case '1' -> 'h';
                    case '3' -> 'k';
                    case 'a' -> 'm';
                    case 'e' -> 't';
                    default -> c;
                });
            }
            return encoded.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string as Go's encoding/json writes it (HTML characters escaped). */
    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '<', '>', '&' -> quoted.append(String.format("\\u%04x", (int) c));
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    private static void patch(List<Map<String, Object>> objects, Map<String, Object> patch) {
        String kind = (String) patch.get("kind");
        String name = (String) map(patch, "metadata").get("name");
        Map<String, Object> target = objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o, "metadata").get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + name + " to patch"));
        if ("delete".equals(patch.get("$patch"))) {
            objects.remove(target);
            return;
        }
        merge(target, patch);
    }

    /** Strategic merge: maps merge, lists of objects merge by their key, {@code $patch: delete} removes, null deletes a field. */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((field, value) -> {
            if (field.startsWith("$")) {
                throw new UnsupportedOperationException("patch directive " + field + ": " + value);
            }
            Object current = target.get(field);
            if (value == null) {
                target.remove(field);
            } else if (value instanceof Map<?, ?> map && current instanceof Map<?, ?> into) {
                merge((Map<String, Object>) into, (Map<String, Object>) map);
            } else if (value instanceof List<?> list && current instanceof List<?> into && list.stream().anyMatch(Map.class::isInstance)) {
                String key = MERGE_KEYS.get(field);
                if (key == null) {
                    throw new UnsupportedOperationException("patching the list " + field + " is not rendered by this test");
                }
                mergeList((List<Map<String, Object>>) into, (List<Map<String, Object>>) list, key);
            } else {
                target.put(field, copy(value));
            }
        });
    }

    private static void mergeList(List<Map<String, Object>> target, List<Map<String, Object>> patch, String key) {
        for (Map<String, Object> item : patch) {
            Map<String, Object> current = target.stream().filter(t -> item.get(key).equals(t.get(key))).findFirst().orElse(null);
            Map<String, Object> rest = new LinkedHashMap<>(item);
            Object directive = rest.remove("$patch");
            if ("delete".equals(directive)) {
                target.remove(current);
            } else if (directive != null) {
                throw new UnsupportedOperationException("patch directive $patch: " + directive);
            } else if (current == null) {
                target.add(copy(rest));
            } else {
                merge(current, rest);
            }
        }
    }

    /** The labels transformer with includeSelectors false: every object's labels, and its pod template's if asked. */
    private static void label(List<Map<String, Object>> objects, Map<String, Object> labels) {
        if (Boolean.TRUE.equals(labels.get("includeSelectors"))) {
            throw new UnsupportedOperationException("labels with includeSelectors are not rendered by this test");
        }
        Map<String, Object> pairs = map(labels, "pairs");
        for (Map<String, Object> object : objects) {
            map(map(object, "metadata"), "labels").putAll(pairs);
            if (Boolean.TRUE.equals(labels.get("includeTemplates")) && POD_TEMPLATES.contains(object.get("kind"))) {
                map(map(map(map(object, "spec"), "template"), "metadata"), "labels").putAll(pairs);
            }
        }
    }

    /** The images transformer: containers whose image has this name get its new name, tag or digest. */
    private static void retag(Map<String, Object> pod, Map<String, Object> image) {
        for (String containers : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : Kustomize.<Map<String, Object>>list(pod, containers)) {
                String reference = (String) container.get("image");
                int digest = reference.indexOf('@');
                int colon = reference.lastIndexOf(':');
                int end = digest >= 0 ? digest : colon > reference.lastIndexOf('/') ? colon : reference.length();
                String name = reference.substring(0, end);
                if (!name.equals(image.get("name"))) {
                    continue;
                }
                String suffix = reference.substring(end);
                String newName = (String) image.getOrDefault("newName", name);
                if (image.containsKey("digest")) {
                    suffix = "@" + image.get("digest");
                } else if (image.containsKey("newTag")) {
                    suffix = ":" + image.get("newTag");
                }
                container.put("image", newName + suffix);
            }
        }
    }

    /** Points the pod's ConfigMap references at their hashed names. */
    private static void renameConfigMaps(Map<String, Object> pod, Map<String, String> renamed) {
        for (String containers : List.of("containers", "initContainers")) {
            for (Map<String, Object> container : Kustomize.<Map<String, Object>>list(pod, containers)) {
                for (Map<String, Object> from : Kustomize.<Map<String, Object>>list(container, "envFrom")) {
                    rename(from.get("configMapRef"), renamed);
                }
                for (Map<String, Object> env : Kustomize.<Map<String, Object>>list(container, "env")) {
                    if (env.get("valueFrom") instanceof Map<?, ?> valueFrom) {
                        rename(valueFrom.get("configMapKeyRef"), renamed);
                    }
                }
            }
        }
        for (Map<String, Object> volume : Kustomize.<Map<String, Object>>list(pod, "volumes")) {
            rename(volume.get("configMap"), renamed);
        }
    }

    @SuppressWarnings("unchecked")
    private static void rename(Object reference, Map<String, String> renamed) {
        if (reference instanceof Map<?, ?> map && renamed.containsKey(map.get("name"))) {
            ((Map<String, Object>) map).put("name", renamed.get(map.get("name")));
        }
    }

    /** The pod spec of an object that has a pod template. */
    static List<Map<String, Object>> podSpecs(Map<String, Object> object) {
        if (!POD_TEMPLATES.contains(object.get("kind"))) {
            return List.of();
        }
        return List.of(map(map(map(object, "spec"), "template"), "spec"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        }
        return documents;
    }

    /** The map at {@code field}, created when absent. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> node, String field) {
        return (Map<String, Object>) node.computeIfAbsent(field, ignored -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> node, String field) {
        Object value = node.get(field);
        return value == null ? List.of() : (List<T>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            return (T) new ArrayList<>(list.stream().map(Kustomize::copy).toList());
        }
        return value;
    }
}
