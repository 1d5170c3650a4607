package io.departure.gateway.problem;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Hands the check of each request's URI from Quarkus's HTTP layer, which refuses one that
 * {@link java.net.URI} cannot parse (a malformed escape, a raw character a URI may not hold)
 * with an empty {@code 400} before any route runs, to {@link MalformedRequests}, which refuses
 * exactly those with a problem document, as the first handler of every request.
 * <p>
 * Quarkus's switch is the system property {@value #PROPERTY}, read once when its HTTP layer is
 * loaded. Configuration is read before that in every launch mode (packaged, dev, tests, Lambda,
 * native at build and at run time), so this configuration source, which adds no configuration,
 * is where it is set; a value set on the command line is left as it is.
 */
public class UriCheck implements ConfigSourceProvider {

    static final String PROPERTY = "vertx.disableURIValidation";

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
        return List.of();
    }
}
