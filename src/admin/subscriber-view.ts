import { Subscriber } from '../subscribers/entities/subscriber.entity.js';
import { isoOrNull } from '../common/iso-time.js';

export function subscriberView(subscriber: Subscriber, lists?: string[]) {
  return {
    id: String(subscriber.id),
    email: subscriber.email,
    name: subscriber.name,
    status: subscriber.status,
    createdAt: isoOrNull(subscriber.createdAt),
    confirmedAt: isoOrNull(subscriber.confirmedAt),
    unsubscribedAt: isoOrNull(subscriber.unsubscribedAt),
    ...(lists ? { lists } : {}),
  };
}
