import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** The unique constraint on names: exact, case-sensitive comparison ("Milk" and "milk" are two items). */
export const ITEM_NAME_UNIQUE = 'UQ_items_name';

// Mirrors the migrations (the source of truth for the table); a test checks the two agree.
@Entity({ name: 'items' })
@Unique(ITEM_NAME_UNIQUE, ['name'])
// The search index is on an expression TypeORM cannot describe: declared, never synchronised.
@Index('IDX_items_name_search', { synchronize: false })
export class Item {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_items' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
