package io.departure.gateway.backend;

import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hands what answers a call back to the Vert.x context the call came from when it arrives on
 * another (a shared call's answer, a slot freed by another call), so that every step of a call
 * stays on its caller's event loop and uses that loop's HTTP client. At once when already there.
 *
 * @param context the caller's context; null for a caller on no Vert.x context, which has no
 *        event loop to go back to
 */
record CallerContext(Context context) implements Executor {

    static CallerContext current() {
        return new CallerContext(Vertx.currentContext());
    }

    @Override
    public void execute(Runnable task) {
        if (context == null || Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }
}
