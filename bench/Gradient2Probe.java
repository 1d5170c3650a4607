import com.netflix.concurrency.limits.limit.Gradient2Limit;

/**
 * Why load shedding does not use an adaptive limit on answer times: Netflix's Gradient2 limit,
 * as the gateway would have used it (start 1,000 in flight, floor 50, ceiling 20,000, answers up
 * to 2× their norm tolerated), fed what a healthy gateway sees when its backends slow from 1 ms to
 * 1 s. Recorded in bench/RESULTS.md ("Recorded comparisons").
 *
 * <pre>
 * mvn -q dependency:get -Dartifact=com.netflix.concurrency-limits:concurrency-limits-core:0.5.4
 * mvn -q dependency:get -Dartifact=org.slf4j:slf4j-api:2.0.17
 * java -cp ~/.m2/repository/com/netflix/concurrency-limits/concurrency-limits-core/0.5.4/concurrency-limits-core-0.5.4.jar:\
 * ~/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar bench/Gradient2Probe.java
 * </pre>
 */
public class Gradient2Probe {
    public static void main(String[] args) {
        Gradient2Limit limit = Gradient2Limit.newBuilder().initialLimit(1000).minLimit(50).maxConcurrency(20000).rttTolerance(2.0).build();
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            limit.onSample(now, 1_000_000L, 64, false);
            now += 1_000_000L;
        }
        System.out.println("after 20,000 answers of 1 ms, 64 in flight: limit " + limit.getLimit());
        for (int i = 1; i <= 200; i++) {
            limit.onSample(now, 1_000_000_000L, 2000, false);
            now += 100_000L;
            if (i % 50 == 0) {
                System.out.println("after " + i + " answers of 1 s (backends slower, gateway healthy), 2,000 in flight: limit " + limit.getLimit());
            }
        }
    }
}
