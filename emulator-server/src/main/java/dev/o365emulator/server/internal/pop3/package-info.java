/**
 * The POP3 endpoints (110 with STLS, 995 with implicit TLS): {@link dev.o365emulator.server.internal.pop3.Pop3Session}
 * speaks Office 365's dialogue over the tenant's Inbox.
 */
package dev.o365emulator.server.internal.pop3;
