package dev.o365emulator.server;

import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.tenant.TenantSettings;
import java.util.function.UnaryOperator;

/**
 * The emulated tenant's settings — users, passwords, aliases, grants, protocol switches, limits,
 * app registrations — read and changed while the emulator runs.
 *
 * <pre>{@code
 * TenantControl tenant = emulator.tenant();
 * tenant.update(t -> t.smtpClientAuthenticationDisabled(true));          // the tenant-wide switch
 * tenant.updateMailbox("alex@contoso.com", m -> m.imapEnabled(false));   // one mailbox's switch
 * tenant.apply(TenantSection.parse("securityDefaults: true"));         // by the names scenario files use
 * tenant.reset();                                                        // back to the baseline
 * }</pre>
 *
 * <p>Every change takes effect with the next command a session decides on; sessions already signed
 * in stay signed in, as on Office 365. Changes are atomic: a session always decides on one
 * consistent snapshot. The <em>baseline</em> is what {@link #reset()} returns to: the builder's
 * settings with the active scenario's {@code tenant:} sections applied.
 */
public interface TenantControl {

    /** The current settings. */
    TenantSettings settings();

    /** Changes the current settings (the baseline stays); returns the new snapshot. */
    TenantSettings update(UnaryOperator<TenantSettings.Builder> change);

    /**
     * Changes one mailbox of the current settings; returns the new snapshot.
     *
     * @throws IllegalArgumentException when the tenant has no such mailbox
     */
    TenantSettings updateMailbox(String address, UnaryOperator<Mailbox.Builder> change);

    /** Adds a mailbox to the current settings, or replaces the one with its address; returns the new snapshot. */
    TenantSettings putMailbox(Mailbox mailbox);

    /**
     * Applies a scenario file's {@code tenant:} section — the knobs by the names scenario files use
     * ({@code docs/scenarios.md}) — over the current settings; returns the new snapshot.
     *
     * @throws IllegalArgumentException when the section names a mailbox or app the tenant lacks in a
     *     way the section cannot create
     */
    TenantSettings apply(TenantSection section);

    /** Makes these settings both the current ones and the baseline {@link #reset()} returns to. */
    void configure(TenantSettings settings);

    /** Returns to the baseline settings and forgets submission counts (rate limits start afresh). */
    void reset();
}
