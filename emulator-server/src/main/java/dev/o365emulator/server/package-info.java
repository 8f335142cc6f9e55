/**
 * The emulator's public API: {@link dev.o365emulator.server.Emulator} and its builder, the
 * endpoints and port plans, and the interfaces a running emulator offers — {@link
 * dev.o365emulator.server.Trust}, {@link dev.o365emulator.server.Mail}, {@link
 * dev.o365emulator.server.Sessions}, {@link dev.o365emulator.server.ScenarioControl}, {@link
 * dev.o365emulator.server.TenantControl} and {@link dev.o365emulator.server.Tokens}.
 *
 * <p>This package and {@code dev.o365emulator.server.{mail,journal,tenant}} are what users may rely
 * on; {@code dev.o365emulator.server.internal} and its subpackages are the implementation and change
 * without notice.
 */
package dev.o365emulator.server;
