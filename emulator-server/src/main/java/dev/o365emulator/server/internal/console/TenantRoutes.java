package dev.o365emulator.server.internal.console;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.scenarios.tenant.TenantSectionException;
import dev.o365emulator.server.TenantControl;
import java.util.Set;

/**
 * The tenant: its settings, changing knobs with a partial {@code tenant:} section (JSON or YAML, the
 * names and validation of a scenario file's, through {@link TenantSection#parse} and
 * {@link TenantControl#apply}), and returning to the baseline. Each change takes effect with the
 * next command a session decides on.
 */
final class TenantRoutes {

    private static final Set<String> TEXT_TYPES = Set.of("", "application/json", "application/merge-patch+json",
            "application/yaml", "application/x-yaml", "text/yaml", "text/plain");

    private final TenantControl tenant;

    TenantRoutes(TenantControl tenant) {
        this.tenant = tenant;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/tenant", request -> ApiResponse.ok(TenantView.of(tenant.settings())))
                .patch("/api/v1/tenant", this::patch)
                .post("/api/v1/tenant/reset", request -> {
                    tenant.reset();
                    return ApiResponse.ok(TenantView.of(tenant.settings()));
                });
    }

    private ApiResponse patch(ApiRequest request) {
        if (!TEXT_TYPES.contains(request.mediaType())) {
            throw new ProblemException(Problem.unsupportedMediaType(
                    "send the knobs as application/json (or YAML), as a scenario's tenant: section names them"));
        }
        String text = request.bodyText();
        if (text.isBlank()) {
            throw new ProblemException(Problem.badRequest("the body must be a tenant section, e.g."
                    + " {\"smtpClientAuthenticationDisabled\": true}"));
        }
        TenantSection section;
        try {
            section = TenantSection.parse(text);
        } catch (TenantSectionException e) {
            Problem problem = Problem.invalid("invalid-tenant", "Invalid tenant section", Views.safeDetail(
                    e.getMessage(), "invalid tenant section: a wrong value for a password or secret"));
            if (e.line() > 0) {
                problem = problem.with("line", e.line()).with("column", e.column());
            }
            throw new ProblemException(problem);
        } catch (IllegalArgumentException e) {
            // A spec's own check (a mailbox without an address, an app without a client id).
            throw new ProblemException(Problem.invalid("invalid-tenant", "Invalid tenant section",
                    Views.safeDetail(e.getMessage(), "invalid tenant section")));
        }
        try {
            return ApiResponse.ok(TenantView.of(tenant.apply(section)));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("invalid-tenant", "Invalid tenant section",
                    Views.safeDetail(e.getMessage(), "the section cannot be applied to the tenant")));
        }
    }
}
