import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('articles')
export class Article {
  @PrimaryGeneratedColumn()
  id!: number;

  /** The feed's guid/id, or the URL when the source gives none; an article is stored once per guid. */
  @Column({ type: 'varchar', length: 1000, unique: true })
  guid!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  /** Plain text, never HTML. */
  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ name: 'image_url', type: 'varchar', length: 2000, nullable: true })
  imageUrl!: string | null;

  /** Pixels, both or neither, and only with an image: what the feed or the CMS says of it. */
  @Column({ name: 'image_width', type: 'integer', nullable: true })
  imageWidth!: number | null;

  @Column({ name: 'image_height', type: 'integer', nullable: true })
  imageHeight!: number | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  author!: string;

  /** JSON array of strings. */
  @Column({ type: 'text', default: '[]' })
  categories!: string;

  /** JSON array of strings: the site's tags and its hashtags (#وزارة_الداخلية → "وزارة الداخلية"). */
  @Column({ type: 'text', default: '[]' })
  tags!: string;

  /** When the source gives none (or none that reads as a date), the time it was first stored. */
  @Column({ name: 'published_at' })
  publishedAt!: Date;

  /** publishedAt is the time Nashra first saw the article, not a date its source gave. */
  @Column({ name: 'date_guessed', type: 'boolean', default: false })
  dateGuessed!: boolean;

  @Column({ name: 'feed_id', type: 'integer', nullable: true })
  feedId!: number | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}
