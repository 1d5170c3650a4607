package io.departure.gateway.backend;

import io.smallrye.mutiny.Uni;

/**
 * The innermost piece of a guard: the HTTP exchange itself, given its budget, with whatever it
 * throws classified as a step failure (a 404 in the call's own words) for the pieces around it.
 */
final class Exchange implements Strategy {

    private final String backend;

    Exchange(String backend) {
        this.backend = backend;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        return Uni.createFrom().deferred(() -> invocation.exchange().apply(invocation.budget()))
                .onFailure().transform(failure -> Failures.classify(backend, invocation.call().notFound(), failure));
    }
}
