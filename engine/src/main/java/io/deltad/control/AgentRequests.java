package io.deltad.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Asks agents about their own state: each query runs on the agent's thread (its {@code execute} queue, drained in
 * its duty cycle) and completes a future there; the answers are combined on the control worker, never on an agent
 * thread. Nothing here blocks the control thread.
 */
final class AgentRequests {
    /** How long an agent may take to run a request: long enough for a busy one, short enough for an operator. */
    static final long WAIT_NS = TimeUnit.SECONDS.toNanos(2);

    private AgentRequests() {
    }

    /**
     * @param agents  the agents to ask, all of them.
     * @param execute the agents' {@code execute(Consumer)}: queues a request, false when the queue is full.
     * @param query   run on each agent's thread.
     * @param names   an agent's name, for errors.
     * @param combine runs on {@code worker}; gets the answers in the order of {@code agents}.
     * @return the combined answer; a {@link ControlException} when an agent's queue is full or it did not answer.
     */
    static <A, T, R> CompletableFuture<R> askAll(final A[] agents, final BiPredicate<A, Consumer<A>> execute,
        final Function<A, T> query, final Function<A, String> names, final Executor worker,
        final Function<List<T>, R> combine) {
        final List<CompletableFuture<T>> answers = new ArrayList<>(agents.length);
        for (final A agent : agents) {
            final CompletableFuture<T> answer = new CompletableFuture<>();
            if (!execute.test(agent, a -> {
                try {
                    answer.complete(query.apply(a));
                } catch (final RuntimeException ex) {
                    answer.completeExceptionally(ex);
                }
            })) {
                answer.completeExceptionally(new ControlException(
                    names.apply(agent) + " busy (its request queue is full); try again"));
            }
            answers.add(answer.orTimeout(WAIT_NS, TimeUnit.NANOSECONDS).exceptionally(ex -> {
                throw unwrap(ex) instanceof TimeoutException
                    ? new ControlException(names.apply(agent) + " did not answer within " +
                        TimeUnit.NANOSECONDS.toSeconds(WAIT_NS) + " s (is the appliance wedged? see deltactl stat)")
                    : new CompletionException(unwrap(ex));
            }));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
            .thenApplyAsync(done -> combine.apply(answers.stream().map(CompletableFuture::join).toList()), worker);
    }

    private static Throwable unwrap(final Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
