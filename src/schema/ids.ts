import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * The database id inside a global id of one of these types, or null when the id is malformed
 * or of another type. Callers answer null as NOT_FOUND, like an id that does not exist.
 */
export function localId(globalId: string | number, ...typenames: string[]): number | null {
  try {
    const { typename, id } = decodeGlobalID(String(globalId));

    return typenames.includes(typename) ? parseLocalId(id) : null;
  } catch {
    return null;
  }
}

/** A database id written canonically ("12", not "012" or "0x0c"), or null. */
export function parseLocalId(id: string): number | null {
  return /^[1-9][0-9]{0,15}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : null;
}
