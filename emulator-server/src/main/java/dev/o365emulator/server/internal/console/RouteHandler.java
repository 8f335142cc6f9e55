package dev.o365emulator.server.internal.console;

/** Answers one route's requests; runs on a console worker thread, never on an event loop. */
@FunctionalInterface
interface RouteHandler {

    /**
     * The response; a {@link ProblemException} answers with its problem document, any other exception
     * with a 500 problem that names only the exception's class (its message may hold user data).
     */
    ApiResponse handle(ApiRequest request);
}
