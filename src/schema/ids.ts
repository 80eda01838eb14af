import { decodeGlobalID } from '@pothos/plugin-relay';

/**
 * The database id inside a global id of one of these types, or null when the id is malformed
 * or of another type. Callers answer null as NOT_FOUND, like an id that does not exist.
 */
export function localId(globalId: string | number, ...typenames: string[]): number | null {
  try {
    const { typename, id } = decodeGlobalID(String(globalId));
    const value = Number(id);

    return typenames.includes(typename) && Number.isSafeInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
