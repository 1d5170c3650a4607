package io.departure.gateway.callback;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.departure.gateway.problem.Problem.FieldError;
import io.netty.util.NetUtil;
import io.quarkus.runtime.Startup;

/**
 * Where a completion callback may go: a server-side request that the client aims, so it goes only
 * where the operator allowed ({@code departure.callbacks.allowed-hosts}), over https unless plain
 * http is allowed, and never to a loopback, link-local, wildcard or multicast address or one of
 * this machine's own unless that is allowed too. Checked on the URL when it is asked for, and on
 * the address a name resolves to when it is delivered.
 */
@Startup
@ApplicationScoped
public class CallbackPolicy {

    static final String FIELD = "callback.url";
    private static final int MAX_URL = 2048;

    private final List<String> allowed;
    private final boolean allowHttp;
    private final boolean allowLocal;
    /** This machine's addresses, read once at start-up (reading them may block). */
    private final Set<InetAddress> own;

    CallbackPolicy(CallbacksConfig config) {
        this.allowed = config.allowedHosts().orElse(List.of()).stream().map(host -> host.trim().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty()).toList();
        this.allowHttp = config.allowHttp();
        this.allowLocal = config.allowLocalAddresses();
        this.own = ownAddresses();
    }

    /** Whether any host is allowed at all. */
    boolean any() {
        return !allowed.isEmpty();
    }

    /**
     * The callback a request body asks for ({@code "callback": {"url": "…"}}): its URL, or null
     * when there is none or it is refused, then with what is wrong added to {@code errors}.
     */
    public String read(JsonNode callback, List<FieldError> errors) {
        if (callback == null || callback.isNull()) {
            return null;
        }
        JsonNode url = callback.isObject() ? callback.get("url") : null;
        if (url == null || url.isNull()) {
            errors.add(new FieldError(callback.isObject() ? FIELD : "callback", callback.isObject() ? "is required"
                    : "must be an object with a url"));
            return null;
        }
        if (!url.isTextual()) {
            errors.add(new FieldError(FIELD, "must be a string"));
            return null;
        }
        String refused = refusal(url.asText());
        if (refused != null) {
            errors.add(new FieldError(FIELD, refused));
            return null;
        }
        return url.asText();
    }

    /** Why {@code url} may not be called back, or null when it may. */
    String refusal(String url) {
        if (url.length() > MAX_URL) {
            return "must be at most " + MAX_URL + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "must be an absolute https URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : host(uri.getHost());
        if (!uri.isAbsolute() || host == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getPort() > 65535) {
            return "must be an absolute https URL";
        }
        if (scheme.equals("http") && !allowHttp) {
            return "must be an https URL (plain http only with departure.callbacks.allow-http=true)";
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must not carry user information or a fragment";
        }
        if (!allowedHost(host)) {
            return allowed.isEmpty() ? "this gateway accepts no callback (departure.callbacks.allowed-hosts is empty)"
                    : "host " + host + " is not among departure.callbacks.allowed-hosts";
        }
        InetAddress literal = literal(host);
        if (isLocalName(host) || literal != null) {
            return refusal(literal == null ? InetAddress.getLoopbackAddress() : literal);
        }
        return null;
    }

    /** Why a callback may not be delivered to {@code address}, or null when it may. */
    String refusal(InetAddress address) {
        if (allowLocal) {
            return null;
        }
        String kind = address.isLoopbackAddress() ? "a loopback address"
                : address.isLinkLocalAddress() ? "a link-local address"
                : address.isAnyLocalAddress() ? "the wildcard address"
                : address.isMulticastAddress() ? "a multicast address"
                : own.contains(address) ? "this gateway's own address" : null;
        return kind == null ? null : "is " + kind + " (allowed only with departure.callbacks.allow-local-addresses=true)";
    }

    private boolean allowedHost(String host) {
        for (String pattern : allowed) {
            if (pattern.equals(host) || pattern.startsWith("*.") && host.endsWith(pattern.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** A host as the URL names it, lower case, an IPv6 address without its brackets. */
    static String host(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    /** The address a host that is an IP literal names, without asking DNS; null for a name. */
    static InetAddress literal(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)
                ? NetUtil.createInetAddressFromIpAddressString(host) : null;
    }

    private static boolean isLocalName(String host) {
        return host.equals("localhost") || host.endsWith(".localhost");
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(network.getInetAddresses()));
            }
        } catch (SocketException e) {
            // None known: loopback and link-local are refused all the same.
        }
        return Set.copyOf(addresses);
    }
}
