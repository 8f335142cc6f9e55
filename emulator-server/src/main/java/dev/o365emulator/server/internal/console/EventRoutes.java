package dev.o365emulator.server.internal.console;

/**
 * {@code GET /api/v1/events}: a Server-Sent Events stream of what happens from the moment of the
 * request on — {@code session-opened}, {@code line}, {@code session-closed}, {@code rule-fired},
 * {@code message-delivered}, {@code scenario-switched} — each frame an {@code id}, an {@code event}
 * naming the kind and one {@code data} line of JSON. See {@link EventStream} for the bounds.
 */
final class EventRoutes {

    private final EventHub hub;

    EventRoutes(EventHub hub) {
        this.hub = hub;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/events", request -> ApiResponse.stream(
                (ctx, req) -> new EventStream(hub).start(ctx, req.path())));
    }
}
