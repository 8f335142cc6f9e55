package dev.o365emulator.server.internal.console;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Small conversions every resource family's JSON shares: addresses, times, paging, filters. */
final class Views {

    /** Items per page when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 50;
    /** Most items one page holds. */
    static final int MAX_LIMIT = 500;
    /** Highest {@code offset}, so that a page is always found within a bounded walk. */
    static final int MAX_OFFSET = 1_000_000;

    private Views() {
    }

    /** {@code 127.0.0.1:1234} or {@code [::1]:1234}. */
    static String address(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** A page of a list: what the list endpoints answer. */
    record Page<T>(int total, int offset, int limit, List<T> items) {
    }

    /** The {@code limit}/{@code offset} page of {@code all}. */
    static <T> Page<T> page(ApiRequest request, List<T> all) {
        int limit = request.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = request.intQuery("offset", 0, 0, MAX_OFFSET);
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.size(), offset, limit, List.copyOf(all.subList(from, to)));
    }

    /**
     * The {@code since} query parameter: an instant ({@code 2025-06-01T08:00:00Z}) or a date
     * ({@code 2025-06-01}, midnight UTC).
     *
     * @throws ProblemException 400 for anything else
     */
    static Instant since(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new ProblemException(Problem.badRequest(
                        "since must be an instant such as 2025-06-01T08:00:00Z or a date such as 2025-06-01"));
            }
        }
    }

    /**
     * A parser's message as a problem's detail, unless it is about a password, app password or secret:
     * a wrong value there may be quoted in the message, and no secret is ever echoed.
     */
    static String safeDetail(String message, String instead) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("password") || m.contains("secret") ? instead : message;
    }

    /** A case-insensitive "contains" filter. */
    static Predicate<String> contains(String needle) {
        String n = needle.toLowerCase(Locale.ROOT);
        return s -> s != null && s.toLowerCase(Locale.ROOT).contains(n);
    }
}
