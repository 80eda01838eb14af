export * from '../events/tables.js';
export * from '../organizations/tables.js';
export * from '../catalog/tables.js';
export * from '../stock/tables.js';
export * from '../pricing/tables.js';
export * from '../delivery/tables.js';
export * from '../orders/tables.js';
export * from '../registers/tables.js';
