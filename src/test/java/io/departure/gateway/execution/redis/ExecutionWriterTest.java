package io.departure.gateway.execution.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.Status;
import io.departure.gateway.execution.redis.ExecutionWriter.Write;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * One execution's writes: in order, one batch at a time with what was queued meanwhile, a sync
 * view's only with its end, and nothing more once it ended or a batch was refused.
 */
class ExecutionWriterTest {

    /** A store that answers each batch when the test says so. */
    static final class Batches implements ExecutionWriter.Store {
        final List<Long> firsts = new ArrayList<>();
        final List<List<String>> events = new ArrayList<>();
        final List<UniEmitter<? super Long>> answers = new ArrayList<>();

        @Override
        public Uni<Long> write(String id, long first, List<Write> batch) {
            return Uni.createFrom().emitter(answer -> {
                firsts.add(first);
                events.add(batch.stream().map(Write::event).toList());
                answers.add(answer);
            });
        }

        void answer(int batch, long result) {
            answers.get(batch).complete(result);
        }
    }

    /** What the writer told its execution. */
    static final class Told implements ExecutionWriter.Outcome {
        final List<Recorded> stored = new ArrayList<>();
        boolean ended;
        boolean failed;

        @Override
        public void stored(List<Recorded> events, boolean ends) {
            stored.addAll(events);
            ended |= ends;
        }

        @Override
        public void failed() {
            failed = true;
        }
    }

    private final Batches store = new Batches();
    private final Told told = new Told();

    private static UniAssertSubscriber<Boolean> write(ExecutionWriter writer, String event, Status status) {
        return Uni.createFrom().<Boolean> emitter(done -> writer.enqueue(new Write(event, event + " data", 1_000, status, null, done)))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void writesQueuedWhileOneIsUnderWayGoTogetherInTheNextBatchInOrder() {
        ExecutionWriter writer = new ExecutionWriter("x", 1, false, store, told);
        UniAssertSubscriber<Boolean> flight = write(writer, "flight", null);
        UniAssertSubscriber<Boolean> forecast = write(writer, "forecast", null);
        UniAssertSubscriber<Boolean> departure = write(writer, "departure", Status.SUCCEEDED);
        assertThat(store.events).containsExactly(List.of("flight"));

        store.answer(0, 1);
        assertThat(store.events).containsExactly(List.of("flight"), List.of("forecast", "departure"));
        assertThat(store.firsts).containsExactly(1L, 2L);
        flight.assertItem(true);
        forecast.assertNotTerminated();

        store.answer(1, 4);
        forecast.assertItem(true);
        departure.assertItem(true);
        assertThat(told.stored).extracting(Recorded::id).containsExactly("x:1", "x:2", "x:3");
        assertThat(told.stored).extracting(Recorded::data).containsExactly("flight data", "forecast data", "departure data");
        assertThat(told.ended).isTrue();
        write(writer, "late", null).assertItem(false);
        assertThat(store.events).hasSize(2);
    }

    @Test
    void aSyncViewsExecutionIsWrittenOnlyWithItsEndInOneBatch() {
        ExecutionWriter writer = new ExecutionWriter("x", 1, true, store, told);
        write(writer, "flight", null);
        write(writer, "forecast", null);
        assertThat(store.events).isEmpty();

        UniAssertSubscriber<Boolean> end = write(writer, "departure", Status.SUCCEEDED);
        assertThat(store.events).containsExactly(List.of("flight", "forecast", "departure"));
        store.answer(0, 4);
        end.assertItem(true);
    }

    @Test
    void anEndTheStoreDidNotTakeWholeLosesTheExecution() {
        ExecutionWriter writer = new ExecutionWriter("x", 1, false, store, told);
        UniAssertSubscriber<Boolean> end = write(writer, "departure", Status.SUCCEEDED);

        store.answer(0, 0);
        end.assertItem(false);
        assertThat(told.failed).isTrue();
        assertThat(told.stored).isEmpty();
    }

    @Test
    void aStoppedWriterAnswersWhatWasQueuedAsNotStoredAndSettlesOnceTheBatchUnderWayIsDone() {
        ExecutionWriter writer = new ExecutionWriter("x", 1, false, store, told);
        UniAssertSubscriber<Boolean> flight = write(writer, "flight", null);
        UniAssertSubscriber<Boolean> forecast = write(writer, "forecast", null);
        UniAssertSubscriber<Void> settled = writer.settled().subscribe().withSubscriber(UniAssertSubscriber.create());

        writer.stop();
        forecast.assertItem(false);
        settled.assertNotTerminated();
        store.answer(0, 1);
        flight.assertItem(true);
        settled.assertCompleted();
        write(writer, "departure", Status.SUCCEEDED).assertItem(false);
        assertThat(store.events).hasSize(1);
    }
}
