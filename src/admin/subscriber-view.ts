import { Subscriber } from '../subscribers/entities/subscriber.entity.js';

export function subscriberView(subscriber: Subscriber, lists?: string[]) {
  return {
    id: String(subscriber.id),
    email: subscriber.email,
    name: subscriber.name,
    status: subscriber.status,
    createdAt: iso(subscriber.createdAt),
    confirmedAt: iso(subscriber.confirmedAt),
    unsubscribedAt: iso(subscriber.unsubscribedAt),
    ...(lists ? { lists } : {}),
  };
}

function iso(value: Date | string | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
