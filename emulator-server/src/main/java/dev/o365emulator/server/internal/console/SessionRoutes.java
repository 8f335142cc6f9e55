package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.journal.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The session journal: sessions newest first, paged and filtered by protocol, endpoint, user,
 * outcome ({@code open}, {@code ok}, {@code error}) and rule fired; one session with its transcript;
 * forgetting them all.
 */
final class SessionRoutes {

    private static final Set<String> PROTOCOLS = Set.of("smtp", "imap", "pop3");
    private static final Set<String> OUTCOMES = Set.of("open", "ok", "error");

    private final Sessions sessions;

    SessionRoutes(Sessions sessions) {
        this.sessions = sessions;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/sessions", this::list)
                .delete("/api/v1/sessions", request -> {
                    sessions.clear();
                    return ApiResponse.noContent();
                })
                .get("/api/v1/sessions/{id}", this::one);
    }

    private ApiResponse list(ApiRequest request) {
        Predicate<Session> filter = filter(request);
        List<Session> matching = new ArrayList<>(sessions.filter(filter));
        matching.sort(Comparator.comparingLong(Session::id).reversed());
        Views.Page<Session> page = Views.page(request, matching);
        return ApiResponse.ok(new Views.Page<>(page.total(), page.offset(), page.limit(),
                page.items().stream().map(SessionViews::summary).toList()));
    }

    private static Predicate<Session> filter(ApiRequest request) {
        Predicate<Session> filter = s -> true;
        Optional<String> protocol = request.query("protocol").map(p -> p.toLowerCase(Locale.ROOT));
        if (protocol.isPresent()) {
            if (!PROTOCOLS.contains(protocol.get())) {
                throw new ProblemException(Problem.badRequest("protocol must be smtp, imap or pop3"));
            }
            filter = filter.and(s -> s.protocol().name().equalsIgnoreCase(protocol.get()));
        }
        Optional<String> endpoint = request.query("endpoint");
        if (endpoint.isPresent()) {
            filter = filter.and(s -> s.endpoint().id().equalsIgnoreCase(endpoint.get()));
        }
        Optional<String> user = request.query("user");
        if (user.isPresent()) {
            Predicate<String> p = Views.contains(user.get());
            filter = filter.and(s -> s.user().map(p::test).orElse(false));
        }
        Optional<String> outcome = request.query("outcome").map(o -> o.toLowerCase(Locale.ROOT));
        if (outcome.isPresent()) {
            if (!OUTCOMES.contains(outcome.get())) {
                throw new ProblemException(Problem.badRequest("outcome must be open, ok or error"));
            }
            filter = filter.and(s -> SessionViews.outcome(s, s.transcript()).equals(outcome.get()));
        }
        Optional<String> rule = request.query("rule");
        if (rule.isPresent()) {
            filter = filter.and(s -> s.firedRules().stream().anyMatch(r -> r.rule().equals(rule.get())));
        }
        return filter;
    }

    private ApiResponse one(ApiRequest request) {
        long id = request.longVariable("id", "session");
        Session session = sessions.get(id).orElseThrow(() -> new ProblemException(
                Problem.notFound("no session " + id + " (never, or forgotten to keep the journal within its budget)")));
        return ApiResponse.ok(SessionViews.full(session));
    }
}
