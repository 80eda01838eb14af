import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { chunks } from '../db/chunks.js';
import type { Database, Executor } from '../db/client.js';
import { offers } from '../catalog/tables.js';
import {
  type IncomingShipmentRow,
  incomingShipments,
  type StockLevelRow,
  stockLevels,
  type WarehouseRow,
  warehouses,
} from './tables.js';

export interface StockItem {
  offerId: number;
  onHand: number;
}

export function createStockStore(db: Database) {
  return {
    async createWarehouse(
      values: { distributorId: number; code: string; name: string; city: string | null },
      tx: Executor = db,
    ): Promise<WarehouseRow | null> {
      const [row] = await tx.insert(warehouses).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },

    findWarehousesByIds(ids: readonly number[], tx: Executor = db): Promise<WarehouseRow[]> {
      return tx
        .select()
        .from(warehouses)
        .where(inArray(warehouses.id, [...ids]));
    },

    findWarehousesByDistributorIds(ids: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(warehouses)
        .where(inArray(warehouses.distributorId, [...ids]))
        .orderBy(asc(warehouses.id));
    },

    async findWarehouseByCode(distributorId: number, code: string, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(warehouses)
        .where(and(eq(warehouses.distributorId, distributorId), eq(warehouses.code, code)));

      return row ?? null;
    },

    findStockByOfferIds(offerIds: readonly number[], tx: Executor = db): Promise<StockLevelRow[]> {
      return tx
        .select()
        .from(stockLevels)
        .where(inArray(stockLevels.offerId, [...offerIds]))
        .orderBy(asc(stockLevels.offerId), asc(stockLevels.warehouseId));
    },

    /**
     * Creates the stock rows of these offers in one warehouse that do not exist yet (with no
     * stock), so that a lock can cover every row a call is about to set.
     */
    async ensureStockRows(warehouseId: number, offerIds: number[], tx: Executor) {
      const sorted = [...new Set(offerIds)].sort((a, b) => a - b);
      for (const chunk of chunks(sorted)) {
        await tx
          .insert(stockLevels)
          .values(chunk.map((offerId) => ({ offerId, warehouseId, onHand: 0 })))
          .onConflictDoNothing();
      }
    },

    /**
     * Locks the stock rows of one warehouse (of these offers, or all) in the global lock order
     * and returns what they hold for orders.
     */
    lockWarehouseStock(warehouseId: number, offerIds: number[] | null, tx: Executor) {
      return tx
        .select({ offerId: stockLevels.offerId, reserved: stockLevels.reserved })
        .from(stockLevels)
        .where(
          and(
            eq(stockLevels.warehouseId, warehouseId),
            offerIds ? inArray(stockLevels.offerId, offerIds) : undefined,
          ),
        )
        .orderBy(asc(stockLevels.offerId))
        .for('update');
    },

    /**
     * Sets on-hand quantities in one warehouse, in offer order (the lock order); returns the rows
     * as they now are.
     */
    async setStock(warehouseId: number, items: StockItem[], tx: Executor = db) {
      const sorted = [...items].sort((a, b) => a.offerId - b.offerId);
      const saved: StockLevelRow[] = [];
      for (const chunk of chunks(sorted)) {
        const rows = await tx
          .insert(stockLevels)
          .values(chunk.map((item) => ({ ...item, warehouseId })))
          .onConflictDoUpdate({
            target: [stockLevels.offerId, stockLevels.warehouseId],
            set: { onHand: sql.raw('excluded.on_hand'), updatedAt: sql`now()` },
          })
          .returning();
        saved.push(...rows);
      }

      return saved;
    },

    /**
     * Sets to zero the stock of every offer of the distributor in this warehouse that is not in
     * `keepOfferIds`; returns the rows it changed.
     */
    zeroStockExcept(warehouseId: number, keepOfferIds: number[], tx: Executor = db) {
      const keep = keepOfferIds.length
        ? sql`${stockLevels.offerId} <> all(${sql.param(keepOfferIds)}::bigint[])`
        : undefined;

      return tx
        .update(stockLevels)
        .set({ onHand: 0, updatedAt: sql`now()` })
        .where(and(eq(stockLevels.warehouseId, warehouseId), gt(stockLevels.onHand, 0), keep))
        .returning();
    },

    findIncomingByIds(ids: readonly number[], tx: Executor = db): Promise<IncomingShipmentRow[]> {
      return tx
        .select()
        .from(incomingShipments)
        .where(inArray(incomingShipments.id, [...ids]));
    },

    /** The shipments on their way for these offers, earliest first. */
    findIncomingByOfferIds(offerIds: readonly number[], tx: Executor = db) {
      return tx
        .select()
        .from(incomingShipments)
        .where(
          and(inArray(incomingShipments.offerId, [...offerIds]), gt(incomingShipments.quantity, 0)),
        )
        .orderBy(asc(incomingShipments.eta), asc(incomingShipments.id));
    },

    async addIncoming(
      values: Pick<
        IncomingShipmentRow,
        'offerId' | 'warehouseId' | 'quantity' | 'eta' | 'reference'
      >,
      tx: Executor = db,
    ): Promise<IncomingShipmentRow> {
      const [row] = await tx
        .insert(incomingShipments)
        .values({ ...values, unallocated: values.quantity })
        .returning();

      return row!;
    },

    /** The shipment with this id if it belongs to the distributor, locked for update. */
    async lockIncoming(id: number, distributorId: number, tx: Executor) {
      const [row] = await tx
        .select({ shipment: incomingShipments })
        .from(incomingShipments)
        .innerJoin(offers, eq(offers.id, incomingShipments.offerId))
        .where(and(eq(incomingShipments.id, id), eq(offers.distributorId, distributorId)))
        .for('update', { of: incomingShipments });

      return row?.shipment ?? null;
    },

    async updateIncoming(
      id: number,
      values: Partial<Pick<IncomingShipmentRow, 'quantity' | 'unallocated' | 'eta' | 'received'>>,
      tx: Executor = db,
    ): Promise<IncomingShipmentRow> {
      const [row] = await tx
        .update(incomingShipments)
        .set(values)
        .where(eq(incomingShipments.id, id))
        .returning();

      return row!;
    },
  };
}

export type StockStore = ReturnType<typeof createStockStore>;
