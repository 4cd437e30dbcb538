import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SubscriptionStatus = 'active' | 'unsubscribed';

/** A confirmed subscriber's membership of one list; rows appear only once an address is confirmed. */
@Entity('subscriptions')
export class Subscription {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'subscriber_id', type: 'integer' })
  subscriberId!: number;

  @Column({ name: 'list_id', type: 'integer' })
  listId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: SubscriptionStatus;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}
