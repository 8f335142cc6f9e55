package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.store.maildir.MaildirOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The emulator's own way into a running {@link Emulator}'s parts and into its builder's session
 * hooks, for the emulator module's tests and implementation only: {@code Emulator} offers users a
 * small API and keeps these out of it.
 *
 * <p>The JDK's "shared secrets" pattern: {@code Emulator} installs an {@link Access} when its class
 * is initialised, and this class hands it the emulator it is asked about. Nothing outside the
 * emulator module may use an {@code internal} package (an architecture test checks it).
 */
public final class Internals {

    /** What {@code Emulator} lets this class do. */
    public interface Access {

        /** The running emulator's parts. */
        EmulatorRuntime runtime(Emulator emulator);

        /** Makes the builder's emulator run {@code initializer} for a protocol's endpoints instead of its own session. */
        void sessions(Emulator.Builder builder, Protocol protocol, SessionInitializer initializer);

        /** Makes the builder's emulator keep mail in a Maildir store with these options. */
        void maildir(Emulator.Builder builder, Path root, MaildirOptions options);
    }

    private static volatile Access access;

    private Internals() {}

    /** Called once, by {@code Emulator}'s static initialiser. */
    public static void install(Access emulatorAccess) {
        synchronized (Internals.class) {
            if (access != null) {
                throw new IllegalStateException("already installed");
            }
            access = Objects.requireNonNull(emulatorAccess);
        }
    }

    /** The parts of a running emulator: tenant, store, journal, fault plan, identity platform… */
    public static EmulatorRuntime of(Emulator emulator) {
        return access().runtime(Objects.requireNonNull(emulator));
    }

    /**
     * Makes emulators of this builder run {@code initializer} for a protocol instead of its own
     * session (tests wrap the session, e.g. to see its channel).
     */
    public static Emulator.Builder sessions(Emulator.Builder builder, Protocol protocol,
            SessionInitializer initializer) {
        access().sessions(builder, protocol, Objects.requireNonNull(initializer));
        return builder;
    }

    /**
     * Makes emulators of this builder keep mail in a Maildir store under {@code root} with these
     * options (tests stand in for the file layer, e.g. a full disk).
     */
    public static Emulator.Builder maildir(Emulator.Builder builder, Path root, MaildirOptions options) {
        access().maildir(builder, Objects.requireNonNull(root), Objects.requireNonNull(options));
        return builder;
    }

    private static Access access() {
        Access a = access;
        if (a == null) {
            // Initialising Emulator installs the access; callers holding an emulator have done so already.
            Emulator.builder();
            a = access;
        }
        return a;
    }
}
