package com.encrata.webhooks.delivery.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.webhook.filter.Compilation;
import com.encrata.webhooks.webhook.filter.EventFilter;
import com.encrata.webhooks.webhook.filter.EventFilters;
import com.encrata.webhooks.webhook.filter.FilterInput;
import com.encrata.webhooks.webhook.filter.FilterOutcome;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The webhook filters fan-out applies (SPEC §10). Per workspace and event type this instance keeps
 * the filters of the subscribed webhooks as it last read them, by filter id (a new id whenever a
 * filter changes); {@link FanOut} evaluates them before its statement and tells the statement which
 * ids it knows and which matched. A filter id the statement finds but was not told about (changed on
 * another instance, or never read here) makes it insert nothing, and the filters are read again.
 * Evaluation starts on the caller's thread and, past {@link #INLINE_COST} steps for one event, goes
 * on on a worker thread, so that an event loop is never held for long; each filter has its own cost
 * limit ({@link EventFilters#COST_LIMIT}), so whether it matches never depends on the others.
 */
@ApplicationScoped
public class FanOutFilters {

    /** Steps of filter evaluation one event may take on the caller's thread. */
    static final long INLINE_COST = 10_000;
    /** At most this many filters are kept (then all are forgotten at once, and read again when needed). */
    static final int MAX_HELD = 10_000;

    private static final UUID[] NONE = new UUID[0];
    private static final String LOAD = """
            SELECT filter_id, filter FROM webhooks
            WHERE workspace_id = $1 AND is_active AND $2 = ANY (events) AND filter_id IS NOT NULL""";

    private record Key(UUID workspaceId, EventType type) {
    }

    /** A subscribed webhook's filter as read; {@code filter} is null when its text no longer compiles. */
    record Loaded(UUID filterId, EventFilter filter) {
    }

    /** The filters known for an event's workspace and type, and those that matched it. */
    record Matched(UUID[] known, UUID[] matched) {
    }

    private final Map<Key, List<Loaded>> known = new ConcurrentHashMap<>();
    private final AtomicInteger held = new AtomicInteger();
    private final EventFilters filters;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Map<FilterOutcome, Counter> outcomes = new ConcurrentHashMap<>();

    public FanOutFilters(EventFilters filters, ObjectMapper mapper, MeterRegistry registry) {
        this.filters = filters;
        this.mapper = mapper;
        this.registry = registry;
    }

    /** Evaluates the known filters of the workspace and type on the event. */
    Uni<Matched> match(UUID workspaceId, EventType type, String dataJson) {
        List<Loaded> loaded = known.getOrDefault(new Key(workspaceId, type), List.of());
        if (loaded.isEmpty()) {
            return Uni.createFrom().item(new Matched(NONE, NONE));
        }
        Evaluation evaluation = new Evaluation(loaded, FilterInput.parse(mapper, type.wireName(), dataJson));
        if (evaluation.run(INLINE_COST)) {
            return Uni.createFrom().item(evaluation.result());
        }
        return Uni.createFrom().item(() -> {
            evaluation.run(Long.MAX_VALUE);
            return evaluation.result();
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Reads the filters of the workspace's webhooks subscribed to {@code type} again, on {@code client}. */
    Uni<Void> reload(SqlClient client, UUID workspaceId, EventType type) {
        return client.preparedQuery(LOAD).execute(Tuple.of(workspaceId, type.wireName())).map(rows -> {
            List<Loaded> loaded = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Compilation compiled = filters.compile(row.getString("filter"));
                loaded.add(new Loaded(row.getUUID("filter_id"), compiled instanceof EventFilter f ? f : null));
            }
            keep(new Key(workspaceId, type), List.copyOf(loaded));
            return null;
        });
    }

    /** Forgets the filters of the workspace and type (some are gone); they are read again when needed. */
    void forget(UUID workspaceId, EventType type) {
        List<Loaded> gone = known.remove(new Key(workspaceId, type));
        if (gone != null) {
            held.addAndGet(-gone.size());
        }
    }

    private void keep(Key key, List<Loaded> loaded) {
        if (held.get() + loaded.size() > MAX_HELD) {
            known.clear();
            held.set(0);
        }
        List<Loaded> before = known.put(key, loaded);
        held.addAndGet(loaded.size() - (before == null ? 0 : before.size()));
    }

    private void count(FilterOutcome outcome) {
        outcomes.computeIfAbsent(outcome, o -> Counter.builder("encrata.filter.evaluations")
                .description("Webhook filter evaluations at fan-out").tag("outcome", o.name().toLowerCase())
                .register(registry)).increment();
    }

    /** The evaluation of one event's filters, which may be continued on another thread. */
    private final class Evaluation {

        private final List<Loaded> loaded;
        private final FilterInput input;
        /** The outcome of each filter evaluated so far: webhooks with the same text share it. */
        private final Map<EventFilter, Boolean> outcomes = new IdentityHashMap<>();
        private final List<UUID> matched = new ArrayList<>();
        private int next;

        Evaluation(List<Loaded> loaded, FilterInput input) {
            this.loaded = loaded;
            this.input = input;
        }

        /** Evaluates until every filter is done (true) or {@code budget} steps are spent (false). */
        boolean run(long budget) {
            long spent = 0;
            while (next < loaded.size()) {
                if (spent >= budget) {
                    return false;
                }
                Loaded filter = loaded.get(next++);
                Boolean matches = filter.filter() == null ? Boolean.FALSE : outcomes.get(filter.filter());
                if (matches == null) {
                    EventFilters.Evaluation evaluation = filters.evaluate(filter.filter(), input);
                    count(evaluation.outcome());
                    spent += evaluation.cost();
                    matches = evaluation.outcome().matches();
                    outcomes.put(filter.filter(), matches);
                }
                if (matches) {
                    matched.add(filter.filterId());
                }
            }
            return true;
        }

        Matched result() {
            return new Matched(loaded.stream().map(Loaded::filterId).toArray(UUID[]::new), matched.toArray(NONE));
        }
    }
}
