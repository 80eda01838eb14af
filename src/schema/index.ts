import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './user-errors.js';
import '../money/schema.js';
import '../organizations/schema.js';
import '../auth/schema.js';
import '../catalog/schema.js';
import '../stock/schema.js';
import '../pricing/schema.js';
import '../delivery/schema.js';
import '../availability/schema.js';
import '../orders/schema.js';
import '../registers/schema.js';
import '../events/schema.js';
import '../exchange/schema.js';
import '../feeds/schema.js';

export const schema = lexicographicSortSchema(builder.toSchema());
