import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { inIds, preparedQuery } from '../db/prepared.js';
import {
  type DeliveryOptionRow,
  deliveryOptions,
  storeTermDeliveryOptions,
  type StoreTermsRow,
  storeTerms,
} from './tables.js';

export type DeliveryOptionValues = Omit<DeliveryOptionRow, 'id' | 'createdAt' | 'updatedAt'>;

/** A store's terms with a distributor, with the ids of the delivery options they grant. */
export interface StoreTerms extends StoreTermsRow {
  deliveryOptionIds: number[];
}

export function createDeliveryStore(db: Database) {
  const termsOf = preparedQuery(db, 'store_terms', (tx) =>
    tx
      .select({ terms: storeTerms, deliveryOptionId: storeTermDeliveryOptions.deliveryOptionId })
      .from(storeTerms)
      .leftJoin(
        storeTermDeliveryOptions,
        and(
          eq(storeTermDeliveryOptions.distributorId, storeTerms.distributorId),
          eq(storeTermDeliveryOptions.storeId, storeTerms.storeId),
        ),
      )
      .where(
        and(
          inIds(storeTerms.storeId, 'storeIds'),
          inIds(storeTerms.distributorId, 'distributorIds'),
        ),
      )
      .orderBy(asc(storeTermDeliveryOptions.deliveryOptionId)),
  );

  return {
    /** Inserts or updates the option of this kind at this warehouse. */
    async upsertDeliveryOption(values: DeliveryOptionValues, tx: Executor = db) {
      const { distributorId, kind, warehouseId, ...rest } = values;
      const [row] = await tx
        .insert(deliveryOptions)
        .values(values)
        .onConflictDoUpdate({
          target: [
            deliveryOptions.distributorId,
            deliveryOptions.kind,
            deliveryOptions.warehouseId,
          ],
          set: { ...rest, updatedAt: new Date() },
        })
        .returning();

      return row!;
    },

    findDeliveryOptionsByIds(ids: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(deliveryOptions)
        .where(inArray(deliveryOptions.id, [...ids]));
    },

    findDeliveryOptionsByDistributorIds(ids: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(deliveryOptions)
        .where(inArray(deliveryOptions.distributorId, [...ids]))
        .orderBy(asc(deliveryOptions.id));
    },

    /** The terms between these stores and these distributors, where granted. */
    async findTerms(
      storeIds: readonly number[],
      distributorIds: readonly number[],
      tx: Executor = db,
    ): Promise<StoreTerms[]> {
      const rows = await termsOf({ storeIds, distributorIds }, tx);

      const byPair = new Map<string, StoreTerms>();
      for (const { terms, deliveryOptionId } of rows) {
        const key = `${terms.distributorId}:${terms.storeId}`;
        const entry = byPair.get(key) ?? { ...terms, deliveryOptionIds: [] };
        if (deliveryOptionId !== null) entry.deliveryOptionIds.push(deliveryOptionId);
        byPair.set(key, entry);
      }

      return [...byPair.values()];
    },

    /** Sets a store's terms with a distributor, replacing the delivery options it grants. */
    async setTerms(
      terms: { distributorId: number; storeId: number; priceTypeId: number },
      deliveryOptionIds: number[],
      tx: Executor,
    ): Promise<void> {
      const { distributorId, storeId } = terms;
      await tx
        .insert(storeTerms)
        .values(terms)
        .onConflictDoUpdate({
          target: [storeTerms.distributorId, storeTerms.storeId],
          set: { priceTypeId: terms.priceTypeId, updatedAt: new Date() },
        });
      await tx
        .delete(storeTermDeliveryOptions)
        .where(
          and(
            eq(storeTermDeliveryOptions.distributorId, distributorId),
            eq(storeTermDeliveryOptions.storeId, storeId),
          ),
        );
      if (deliveryOptionIds.length > 0) {
        await tx.insert(storeTermDeliveryOptions).values(
          deliveryOptionIds.map((deliveryOptionId) => ({
            distributorId,
            storeId,
            deliveryOptionId,
          })),
        );
      }
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
