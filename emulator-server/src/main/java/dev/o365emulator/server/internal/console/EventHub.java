package dev.o365emulator.server.internal.console;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.journal.FiredRule;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.journal.SessionListener;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.mail.MailListener;
import dev.o365emulator.server.mail.MailMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Turns what the emulator reports — sessions, transcript lines, fired rules, deliveries, scenario
 * switches — into {@link ConsoleEvent}s and offers each to every {@link EventStream}.
 *
 * <p>Its listeners run on protocol sessions' event loops (and on whatever thread delivers mail or
 * switches a scenario): they copy a few small values and enqueue, nothing more, and with no
 * subscriber they return at once. At most {@value #MAX_SUBSCRIBERS} subscribers.
 */
final class EventHub implements SessionListener, MailListener, Consumer<Scenario> {

    static final int MAX_SUBSCRIBERS = 64;

    private final List<EventStream> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    /** Adds a subscriber, unless there are {@value #MAX_SUBSCRIBERS} already. */
    synchronized boolean subscribe(EventStream stream) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return false;
        }
        subscribers.add(stream);
        return true;
    }

    void unsubscribe(EventStream stream) {
        subscribers.remove(stream);
    }

    /** Subscribers now. */
    int subscribers() {
        return subscribers.size();
    }

    @Override
    public void sessionOpened(Session session) {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", session.id());
        data.put("protocol", session.protocol().name().toLowerCase(java.util.Locale.ROOT));
        data.put("endpoint", session.endpoint().id());
        data.put("remoteAddress", Views.address(session.remoteAddress()));
        data.put("time", session.start().toString());
        publish("session-opened", data, 0);
    }

    @Override
    public void lineRecorded(Session session, TranscriptLine line) {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", session.id());
        data.put("direction", line.direction().prefix());
        data.put("text", line.text());
        data.put("time", line.time().toString());
        publish("line", data, line.text().length() * 2);
    }

    @Override
    public void ruleFired(Session session, FiredRule rule) {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", session.id());
        data.put("rule", rule.rule());
        data.put("effect", rule.effect());
        data.put("time", rule.time().toString());
        publish("rule-fired", data, (rule.rule().length() + rule.effect().length()) * 2);
    }

    @Override
    public void sessionClosed(Session session) {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("session", session.id());
        session.user().ifPresent(user -> data.put("user", user));
        session.end().ifPresent(end -> data.put("time", end.toString()));
        publish("session-closed", data, 0);
    }

    @Override
    public void delivered(MailMessage message) {
        if (subscribers.isEmpty()) {
            return;
        }
        // Only what the store knows without parsing: a subscriber refreshes the message over the API.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mailbox", message.mailbox());
        data.put("folder", message.folder());
        data.put("uid", message.uid());
        data.put("size", message.size());
        data.put("received", message.received().toString());
        message.submittedBy().ifPresent(id -> data.put("session", id));
        publish("message-delivered", data, (message.mailbox().length() + message.folder().length()) * 2);
    }

    @Override
    public void accept(Scenario scenario) {
        if (subscribers.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", scenario.name());
        data.put("chain", scenario.lineage());
        publish("scenario-switched", data, scenario.lineage().size() * 64);
    }

    private void publish(String kind, Map<String, Object> data, int weight) {
        ConsoleEvent event = new ConsoleEvent(ids.incrementAndGet(), kind, data, ConsoleEvent.OVERHEAD + weight);
        for (EventStream stream : subscribers) {
            stream.offer(event);
        }
    }
}
