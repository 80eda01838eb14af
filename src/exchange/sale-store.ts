import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { registerOrders, type RegisterRow, registers } from '../registers/tables.js';
import {
  type ExchangeEncoding,
  exchangeRegisterExports,
  exchangeSettings,
  type ExchangeSettingsRow,
} from './tables.js';

/** The SQL of a distributor's exchange settings and of which registers went to its 1C. */
export function createSaleExchangeStore(db: Database) {
  return {
    async findSettings(distributorId: number, tx: Executor = db) {
      const [row] = await tx
        .select()
        .from(exchangeSettings)
        .where(eq(exchangeSettings.distributorId, distributorId));

      return row ?? null;
    },

    async upsertSettings(
      distributorId: number,
      values: { encoding: ExchangeEncoding; schemaVersion: string },
      now: Date,
      tx: Executor = db,
    ): Promise<ExchangeSettingsRow> {
      const [row] = await tx
        .insert(exchangeSettings)
        .values({ distributorId, ...values, updatedAt: now })
        .onConflictDoUpdate({
          target: exchangeSettings.distributorId,
          set: { ...values, updatedAt: now },
        })
        .returning();

      return row!;
    },

    /** The distributor's submitted registers that no `success` confirmed yet, oldest first. */
    async findUnexported(distributorId: number, limit: number, tx: Executor = db) {
      const rows = await tx
        .select({ register: registers })
        .from(registers)
        .leftJoin(exchangeRegisterExports, eq(exchangeRegisterExports.registerId, registers.id))
        .where(
          and(
            eq(registers.distributorId, distributorId),
            eq(registers.status, 'SUBMITTED'),
            isNull(exchangeRegisterExports.exportedAt),
          ),
        )
        .orderBy(asc(registers.id))
        .limit(limit);

      return rows.map((row): RegisterRow => row.register);
    },

    /** The registers these orders were put in, open or not, the latest last. */
    findRegistersOfOrders(orderIds: readonly number[], tx: Executor = db) {
      return tx
        .select({ orderId: registerOrders.orderId, registerId: registerOrders.registerId })
        .from(registerOrders)
        .where(inArray(registerOrders.orderId, [...orderIds]))
        .orderBy(asc(registerOrders.registerId));
    },

    /** Records that the session's query sent these registers. */
    async markSent(
      sessionId: number,
      distributorId: number,
      registerIds: number[],
      now: Date,
      tx: Executor = db,
    ) {
      if (registerIds.length === 0) return;
      await tx
        .insert(exchangeRegisterExports)
        .values(
          registerIds.map((registerId) => ({ registerId, distributorId, sessionId, sentAt: now })),
        )
        .onConflictDoUpdate({
          target: exchangeRegisterExports.registerId,
          set: { sessionId, sentAt: now },
          setWhere: isNull(exchangeRegisterExports.exportedAt),
        });
    },

    /** Confirms what the session's queries sent; returns how many registers that was. */
    async markExported(sessionId: number, now: Date, tx: Executor = db): Promise<number> {
      const rows = await tx
        .update(exchangeRegisterExports)
        .set({ exportedAt: now })
        .where(
          and(
            eq(exchangeRegisterExports.sessionId, sessionId),
            isNull(exchangeRegisterExports.exportedAt),
          ),
        )
        .returning({ registerId: exchangeRegisterExports.registerId });

      return rows.length;
    },
  };
}

export type SaleExchangeStore = ReturnType<typeof createSaleExchangeStore>;
