import type { EventName, EventPayload } from '../../shared/contract/api';
import { events } from '../../shared/contract/api';
import type { EventListener } from './types';

/** Fan-out of core events to hosts. Payloads are validated here, once, before any host sees them. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload) as EventPayload<E>;
    for (const l of this.listeners) {
      try {
        l(event, parsed);
      } catch {
        // A failing host listener (closed socket, destroyed window) must not break the core.
      }
    }
  }
}
