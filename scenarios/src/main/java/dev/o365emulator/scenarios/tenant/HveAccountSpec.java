package dev.o365emulator.scenarios.tenant;

/**
 * One High Volume Email account in a scenario's {@code tenant.hveAccounts}: the address and password
 * an application signs in with on the emulator's {@code hve} endpoint ({@code smtp-hve.office365.com}).
 *
 * <pre>{@code
 * hveAccounts:
 *   - { address: notifications@contoso.com, password: Hve!Notify1 }
 * }</pre>
 *
 * <p>A listed account replaces an account of the base with the same address.
 */
public record HveAccountSpec(String address, String password) {

    public HveAccountSpec {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("an HVE account needs an address");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("an HVE account needs a password");
        }
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "HveAccountSpec[" + address + "]";
    }
}
