package io.departure.gateway.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Reads a manifest into the Kubernetes API's own type for its apiVersion and kind (the fabric8
 * model), as strictly as the API server would: an unknown kind, a field the type does not have
 * (fabric8 keeps those aside, in additionalProperties) or a string where a number belongs fails.
 */
final class KubernetesTypes {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private static final ObjectMapper MAPPER = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();

    private KubernetesTypes() {
    }

    /** The manifest as its API type; throws, naming where, on anything that type does not know. */
    static HasMetadata read(Map<String, Object> manifest) {
        String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
        Class<? extends HasMetadata> kind = TYPES.get(type);
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind " + type + " (known: " + TYPES.keySet() + ")");
        }
        HasMetadata object = MAPPER.convertValue(manifest, kind);
        List<String> unknown = new ArrayList<>();
        walk(object, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(type + " " + object.getMetadata().getName() + " has fields its type does not: " + unknown);
        }
        return object;
    }

    /** Collects every non-empty additionalProperties under {@code node}, with its path. */
    private static void walk(Object node, String path, List<String> unknown) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, unknown));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", unknown);
            }
        } else if (node instanceof KubernetesResource resource) {
            BeanDescription description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(resource.getClass()));
            if (description.findAnyGetter() != null) {
                Object extra = description.findAnyGetter().getValue(resource);
                if (extra instanceof Map<?, ?> fields && !fields.isEmpty()) {
                    unknown.add((path.isEmpty() ? "." : path) + " " + fields.keySet());
                }
            }
            for (BeanPropertyDefinition property : description.findProperties()) {
                AnnotatedMember accessor = property.getAccessor();
                if (accessor != null) {
                    walk(accessor.getValue(resource), path + "." + property.getName(), unknown);
                }
            }
        }
    }
}
