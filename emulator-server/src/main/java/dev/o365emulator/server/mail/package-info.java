/**
 * Values of the emulator's mail API ({@link dev.o365emulator.server.Mail}): mailboxes and folders
 * with their counts, stored messages with a parsed view, delivery results and listeners.
 */
package dev.o365emulator.server.mail;
