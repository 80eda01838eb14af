import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { bigints } from '../db/params.js';
import { value } from '../db/statement.js';
import { incomingShipments } from '../stock/tables.js';
import {
  type IncomingClaim,
  inWarehouses,
  type OfferQuantity,
  wantedRows,
  wantedValues,
} from './holds-store.js';

/*
 * The SQL that claims incoming goods for backorders, and reads what is still unclaimed. Shipments
 * are locked by id, after the stock, in the lock order `holds-store.ts` describes.
 */

/** Locks the open incoming shipments of these offers in the global lock order. */
export async function lockIncoming(offerIds: number[], tx: Executor) {
  await tx.execute(sql`
    select 1 from ${incomingShipments}
    where offer_id = any(${bigints(offerIds)}) and quantity > 0
    order by id
    for update`);
}

const claimIncomingRows = inWarehouses<
  ReturnType<typeof wantedValues>,
  { id: string; offer_id: string; eta: string; quantity: number }
>(
  (where) => sql`
      with wanted as (${wantedRows}),
      open as (
        select i.id, i.offer_id, i.eta, i.unallocated, w.quantity as wanted
        from ${incomingShipments} i join wanted w on w.offer_id = i.offer_id
        where i.unallocated > 0
          and (${where(sql`i.warehouse_id`)})
      ),
      plan as (
        select id, least(unallocated, wanted - coalesce(sum(unallocated) over (
          partition by offer_id order by eta, id
          rows between unbounded preceding and 1 preceding), 0)) as take
        from open
      )
      update ${incomingShipments} i
      set unallocated = i.unallocated - p.take
      from plan p
      where i.id = p.id and p.take > 0 and i.unallocated >= p.take
      returning i.id, i.offer_id, to_char(i.eta, 'YYYY-MM-DD') as eta, p.take::int as quantity`,
);

/**
 * Claims up to the wanted quantity of each offer from unclaimed incoming goods, earliest ETA
 * first, each shipment checking its own unclaimed quantity as it is updated.
 */
export async function claimIncoming(
  wanted: OfferQuantity[],
  warehouseIds: number[] | null,
  tx: Executor,
): Promise<IncomingClaim[]> {
  const rows = await claimIncomingRows(tx, warehouseIds, wantedValues(wanted));

  return rows.map((r) => ({
    incomingShipmentId: Number(r.id),
    offerId: Number(r.offer_id),
    eta: r.eta,
    quantity: r.quantity,
  }));
}

const openIncomingRows = inWarehouses<
  { offerIds: number[] },
  { offer_id: string; quantity: number; eta: string }
>(
  (where) => sql`
      select offer_id, sum(unallocated)::int as quantity, to_char(max(eta), 'YYYY-MM-DD') as eta
      from ${incomingShipments}
      where offer_id = any(${value('offerIds')}::bigint[]) and unallocated > 0
        and (${where(sql`warehouse_id`)})
      group by offer_id`,
);

/** Unclaimed incoming goods of these offers: how many, and the ETA of the last of them. */
export async function openIncoming(
  offerIds: number[],
  warehouseIds: number[] | null,
  tx: Executor,
) {
  const rows = await openIncomingRows(tx, warehouseIds, { offerIds });

  return new Map(rows.map((r) => [Number(r.offer_id), { quantity: r.quantity, eta: r.eta }]));
}
