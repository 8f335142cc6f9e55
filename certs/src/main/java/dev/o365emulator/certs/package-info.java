/**
 * The emulator's development certificate authority and server certificates: creation with
 * Bouncy Castle, PEM and PKCS#12 export, an on-disk cache, and deliberately bad certificates
 * for negative TLS tests.
 *
 * <p>The entry point is {@link dev.o365emulator.certs.CertificateBundle}.
 */
package dev.o365emulator.certs;
