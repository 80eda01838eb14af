import type { Viewer } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { acceptRegister, rejectRegister } from '../registers/service.js';
import type { RegisterStatus } from '../registers/tables.js';
import { localId } from '../schema/ids.js';
import { UserErrorsException } from '../schema/user-errors.js';
import { type Answer, failure, success } from './answers.js';
import { type ErpDocument, requisiteKey } from './erp-documents.js';
import { REGISTER_REQUISITE } from './sale-document.js';
import type { ExchangeSessionRow } from './tables.js';

/** The ERP's own number for an order, when 1C sends it apart from the site's `Номер`. */
const ERP_NUMBER = requisiteKey('Номер по 1С');
const CANCELLED_FLAGS = ['ПометкаУдаления', 'Отменен'].map(requisiteKey);
const ORDER_STATUS = requisiteKey('Статус заказа');

const isTrue = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

/** Whether 1C says the order is off: marked for deletion, or cancelled by flag or status. */
export function isCancelled(doc: ErpDocument): boolean {
  return (
    doc.deletionMark ||
    CANCELLED_FLAGS.some((flag) => isTrue(doc.requisites.get(flag))) ||
    doc.requisites.get(ORDER_STATUS)?.trim().toLowerCase() === 'отменен'
  );
}

/** What a register ends as: accepted under the ERP's number, or rejected. */
interface Verdict {
  registerId: number;
  cancelled: boolean;
  erpNumber: string;
  /** The first document's name, for messages. */
  label: string;
}

const settled: Record<'accept' | 'reject', RegisterStatus[]> = {
  accept: ['ACCEPTED', 'INVOICED', 'SHIPPED'],
  reject: ['REJECTED', 'CANCELLED'],
};

/**
 * `mode=file` of type sale: applies 1C's documents to the registers they came from. A register
 * is found by the requisite Interdist sent, else by the order's `Ид`. Its documents accept it
 * under the first one's ERP number, or reject it when any says the order is cancelled. What is
 * already so is left alone, since 1C sends its documents again at every exchange.
 */
export async function applyErpDocuments(
  contextFor: (viewer: Viewer) => Context,
  session: ExchangeSessionRow,
  documents: ErpDocument[],
): Promise<Answer> {
  const viewer: Viewer = {
    role: 'DISTRIBUTOR',
    organizationId: session.distributorId,
    apiKeyId: session.apiKeyId,
  };
  const { stores } = contextFor(viewer);
  const orders = documents.filter((d) => (d.operation ?? 'Заказ товара') === 'Заказ товара');
  const orderIdOf = (doc: ErpDocument) => localId(doc.id ?? '', 'Order');
  const named = (doc: ErpDocument) =>
    localId(doc.requisites.get(requisiteKey(REGISTER_REQUISITE)) ?? '', 'Register');
  // 1C also sends the orders it took from elsewhere: those are not Interdist's to apply.
  const ours = orders.filter((doc) => named(doc) !== null || orderIdOf(doc) !== null);
  const registerOfOrder = new Map(
    (await stores.saleExchange.findRegistersOfOrders(ours.flatMap((d) => orderIdOf(d) ?? []))).map(
      (m) => [m.orderId, m.registerId],
    ),
  );

  const problems: string[] = [];
  const verdicts = new Map<number, Verdict>();
  for (const doc of ours) {
    const label = `document ${doc.number ?? doc.id}`;
    const registerId = named(doc) ?? registerOfOrder.get(orderIdOf(doc)!);
    if (!registerId) {
      problems.push(`In ${label}: Interdist has no register with this order`);
      continue;
    }
    const erpNumber = doc.requisites.get(ERP_NUMBER) || doc.number || '';
    const verdict = verdicts.get(registerId) ?? { registerId, cancelled: false, erpNumber, label };
    verdict.cancelled ||= isCancelled(doc);
    verdicts.set(registerId, verdict);
  }

  const found = new Map(
    (await stores.registers.findRegistersByIds([...verdicts.keys()])).map((r) => [r.id, r]),
  );
  const counts = { accepted: 0, rejected: 0, unchanged: 0 };
  for (const verdict of verdicts.values()) {
    const register = found.get(verdict.registerId);
    const move = verdict.cancelled ? 'reject' : 'accept';
    if (
      register?.distributorId === session.distributorId &&
      settled[move].includes(register.status)
    ) {
      counts.unchanged += 1;
      continue;
    }
    try {
      const ctx = contextFor(viewer);
      if (move === 'reject') {
        const reason = `Cancelled in 1C (${verdict.label})`;
        await rejectRegister(ctx, verdict.registerId, { reason });
        counts.rejected += 1;
      } else {
        await acceptRegister(ctx, verdict.registerId, { erpReference: verdict.erpNumber });
        counts.accepted += 1;
      }
    } catch (error) {
      if (!(error instanceof UserErrorsException)) throw error;
      problems.push(`In ${verdict.label}: ${error.errors.map((e) => e.message).join('; ')}`);
    }
  }

  if (problems.length > 0) return failure(problems.join('; '));

  return success(
    `Registers accepted: ${counts.accepted}, rejected: ${counts.rejected}, ` +
      `unchanged: ${counts.unchanged}; documents passed over: ${documents.length - ours.length}`,
  );
}
