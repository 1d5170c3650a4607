package io.departure.gateway.warmup;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The warm-up's departures: {@code concurrency} at a time, each asked when the one before it was
 * answered, on the gateway's own HTTP port, until the time is up. Every one a different flight,
 * three in four with the airport given and the others without (the forecast then waits for the
 * flight's origin), as callers ask.
 */
final class WarmUpLoad {

    private final Vertx vertx;
    private final HttpClient client;
    private final String host;
    private final int port;
    private final String token;
    private final long until;
    private final String date = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    private final AtomicLong asked = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicInteger lanes = new AtomicInteger();
    private final Promise<Long> done = Promise.promise();
    private volatile boolean stopped;

    private WarmUpLoad(Vertx vertx, String host, int port, String token, long until, int concurrency) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
        this.host = host;
        this.port = port;
        this.token = token;
        this.until = until;
        this.lanes.set(concurrency);
    }

    /**
     * Runs until {@code nanos} have passed or {@link #stop}: the Future ends, with the number of
     * departures answered {@code 200}, once every departure asked has been answered.
     */
    static WarmUpLoad run(Vertx vertx, String host, int port, String token, long nanos, int concurrency) {
        WarmUpLoad load = new WarmUpLoad(vertx, host, port, token, System.nanoTime() + nanos, concurrency);
        for (int i = 0; i < concurrency; i++) {
            load.next();
        }
        return load;
    }

    Future<Long> done() {
        return done.future();
    }

    void stop() {
        stopped = true;
    }

    private void next() {
        if (stopped || System.nanoTime() - until >= 0) {
            if (lanes.decrementAndGet() == 0) {
                client.close();
                done.tryComplete(answered.get());
            }
            return;
        }
        long n = asked.getAndIncrement();
        String flight = "WU" + (1 + n % 9999);
        String uri = "/departure?flight=" + flight + "&date=" + date + (n % 4 == 3 ? "" : "&from=" + StandIns.origin(flight));
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(uri)
                .putHeader(WarmUp.HEADER, token))
                .compose(request -> request.send().compose(response -> {
                    if (response.statusCode() == 200) {
                        answered.incrementAndGet();
                    }
                    return response.body();
                }))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        next();
                    } else {
                        vertx.setTimer(100, ignored -> next());
                    }
                });
    }
}
