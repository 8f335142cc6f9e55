package dev.o365emulator.server;

import java.util.Locale;

/**
 * Which ports the endpoints bind: Office 365's own ({@code standard}), the same shifted by a
 * fixed amount ({@code offset=N}, for users who may not bind ports below 1024), or whatever the
 * operating system hands out ({@code ephemeral}; the emulator reports the ports it got).
 */
public sealed interface PortPlan {

    /** 25, 587, 465, 143, 993, 110, 995, 2587 for {@code hve} (and 443 for the identity platform). */
    static PortPlan standard() {
        return Standard.INSTANCE;
    }

    /** Each standard port plus {@code offset}: {@code offset(10000)} gives 10025, 10587, … */
    static PortPlan offset(int offset) {
        return new Offset(offset);
    }

    /** Port 0 for every endpoint: always free, never clashing; the default in tests. */
    static PortPlan ephemeral() {
        return Ephemeral.INSTANCE;
    }

    /** Parses {@code standard}, {@code offset=N} or {@code ephemeral}, as the CLI's {@code --ports} takes them. */
    static PortPlan parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("standard")) {
            return standard();
        }
        if (t.equals("ephemeral")) {
            return ephemeral();
        }
        if (t.startsWith("offset=")) {
            try {
                return offset(Integer.parseInt(t.substring("offset=".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("offset must be a number: " + text);
            }
        }
        throw new IllegalArgumentException("expected standard, offset=N or ephemeral, not: " + text);
    }

    /** The port to bind for an endpoint (0 means any free port). */
    int portFor(Endpoint endpoint);

    /** The identity platform's HTTPS port, as {@code login.microsoftonline.com} serves it. */
    int IDENTITY_PORT = 443;

    /** The port to bind for the identity platform's HTTPS endpoint: 443, 443 + offset, or 0. */
    default int identityPort() {
        if (this instanceof Ephemeral) {
            return 0;
        }
        return this instanceof Offset o ? IDENTITY_PORT + o.offset() : IDENTITY_PORT;
    }

    /** The console's HTTP port in the standard plan (Mailpit and smtp4dev use 8025 for their web UI too). */
    int CONSOLE_PORT = 8025;

    /**
     * The port to bind for the console: 8025, 8025 + offset, or 0.
     *
     * @throws IllegalStateException when the offset pushes it past 65535 (the console can then be
     *     turned off, or another offset chosen)
     */
    default int consolePort() {
        if (this instanceof Ephemeral) {
            return 0;
        }
        int port = this instanceof Offset o ? CONSOLE_PORT + o.offset() : CONSOLE_PORT;
        if (port > 65535) {
            throw new IllegalStateException("the console's port " + CONSOLE_PORT + " + " + describe()
                    + " is past 65535: choose a smaller offset or turn the console off");
        }
        return port;
    }

    /** The plan as {@link #parse} reads it. */
    String describe();

    /** Office 365's own ports. */
    record Standard() implements PortPlan {
        static final Standard INSTANCE = new Standard();

        @Override
        public int portFor(Endpoint endpoint) {
            return endpoint.standardPort();
        }

        @Override
        public String describe() {
            return "standard";
        }
    }

    /**
     * Standard ports shifted by a fixed offset. The offset must keep the seven endpoints on by default
     * within 65535; {@code hve} (2587 + offset) is checked when it is started, as the console is.
     */
    record Offset(int offset) implements PortPlan {
        public Offset {
            if (offset < 1 || offset + 995 > 65535) {
                throw new IllegalArgumentException("offset must keep every port within 1..65535: " + offset);
            }
        }

        /**
         * @throws IllegalStateException when the offset pushes the endpoint's port past 65535 (only
         *     {@code hve}'s can be)
         */
        @Override
        public int portFor(Endpoint endpoint) {
            int port = endpoint.standardPort() + offset;
            if (port > 65535) {
                throw new IllegalStateException(endpoint.id() + "'s port " + endpoint.standardPort() + " + "
                        + describe() + " is past 65535: choose a smaller offset");
            }
            return port;
        }

        @Override
        public String describe() {
            return "offset=" + offset;
        }
    }

    /** Any free port. */
    record Ephemeral() implements PortPlan {
        static final Ephemeral INSTANCE = new Ephemeral();

        @Override
        public int portFor(Endpoint endpoint) {
            return 0;
        }

        @Override
        public String describe() {
            return "ephemeral";
        }
    }
}
