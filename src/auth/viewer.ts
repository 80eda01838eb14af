export type Role = 'STORE' | 'DISTRIBUTOR' | 'ADMIN';

/** Who is calling: the organization behind the API key, or the administrator. */
export type Viewer =
  | { role: 'ADMIN'; organizationId: null; apiKeyId: null }
  | { role: 'STORE' | 'DISTRIBUTOR'; organizationId: number; apiKeyId: number };

export const adminViewer: Viewer = { role: 'ADMIN', organizationId: null, apiKeyId: null };

export function isDistributorViewer(viewer: Viewer, distributorId: number): boolean {
  return viewer.role === 'DISTRIBUTOR' && viewer.organizationId === distributorId;
}

/** Whether the viewer may see a distributor's private data (its price types, prices). */
export function canManageDistributor(viewer: Viewer, distributorId: number): boolean {
  return viewer.role === 'ADMIN' || isDistributorViewer(viewer, distributorId);
}

/**
 * Whether the viewer may see a distributor's catalog: stores and admins see all of them, a
 * distributor its own.
 */
export function canSeeCatalogOf(viewer: Viewer, distributorId: number): boolean {
  return viewer.role !== 'DISTRIBUTOR' || viewer.organizationId === distributorId;
}
