import { type GraphQLClient, ok } from './graphql-client.js';

/*
 * The organizations and goods of a benchmark, set up through the public API as their users
 * would: the admin creates organizations and keys, the distributor loads its offers and stock.
 */

const userErrors = 'userErrors { code message }';

const CREATE_DISTRIBUTOR = `mutation ($input: CreateDistributorInput!) {
  createDistributor(input: $input) { distributor { id } ${userErrors} } }`;
const CREATE_STORE = `mutation ($input: CreateStoreInput!) {
  createStore(input: $input) { store { id } ${userErrors} } }`;
const ISSUE_API_KEY = `mutation ($input: IssueApiKeyInput!) {
  issueApiKey(input: $input) { apiKey ${userErrors} } }`;
const CREATE_WAREHOUSE = `mutation ($input: CreateWarehouseInput!) {
  createWarehouse(input: $input) { warehouse { id } ${userErrors} } }`;
const UPSERT_PRICE_TYPE = `mutation ($input: UpsertPriceTypeInput!) {
  upsertPriceType(input: $input) { priceType { id } ${userErrors} } }`;
const CONNECT_STORE = `mutation ($input: ConnectStoreInput!) {
  connectStore(input: $input) { storeTerms { priceType { code } } ${userErrors} } }`;
const UPSERT_OFFERS = `mutation ($input: UpsertOffersInput!) {
  upsertOffers(input: $input) { offers { id sku } ${userErrors} } }`;
const SET_STOCK = `mutation ($input: SetStockInput!) {
  setStock(input: $input) { ${userErrors} } }`;
const OFFER_STOCK = `query ($id: ID!) {
  node(id: $id) { ... on Offer { available stock { onHand reserved available } } } }`;

/** Most items one upsertOffers call takes. */
const OFFERS_PER_CALL = 5_000;
/** Most items one setStock call takes. */
const STOCK_ITEMS_PER_CALL = 10_000;

export const WAREHOUSE_CODE = 'MAIN';
export const PRICE_TYPE_CODE = 'retail';

export interface World {
  distributorId: string;
  distributorKey: string;
  storeKey: string;
  /** Global offer id by SKU. */
  offerIds: Map<string, string>;
}

interface Organization {
  id: string;
  key: string;
}

async function createOrganization(
  client: GraphQLClient,
  adminKey: string,
  kind: 'distributor' | 'store',
  name: string,
): Promise<Organization> {
  let id: string;
  if (kind === 'distributor') {
    const input = { name, timeZone: 'Europe/Moscow' };
    const { createDistributor } = await client.request<{
      createDistributor: { distributor: { id: string }; userErrors: [] };
    }>(CREATE_DISTRIBUTOR, { input }, adminKey);
    id = ok(createDistributor).distributor.id;
  } else {
    const { createStore } = await client.request<{
      createStore: { store: { id: string }; userErrors: [] };
    }>(CREATE_STORE, { input: { name } }, adminKey);
    id = ok(createStore).store.id;
  }
  const { issueApiKey } = await client.request<{
    issueApiKey: { apiKey: string; userErrors: [] };
  }>(ISSUE_API_KEY, { input: { organizationId: id } }, adminKey);

  return { id, key: ok(issueApiKey).apiKey };
}

/** A distributor with one warehouse and one price type, and a store it has granted terms. */
export async function createWorld(client: GraphQLClient, adminKey: string): Promise<World> {
  const distributor = await createOrganization(client, adminKey, 'distributor', 'Bench Trade');
  const store = await createOrganization(client, adminKey, 'store', 'Bench Store');
  const warehouse = { code: WAREHOUSE_CODE, name: 'Main warehouse' };
  await client
    .request<{ createWarehouse: { userErrors: [] } }>(
      CREATE_WAREHOUSE,
      { input: warehouse },
      distributor.key,
    )
    .then((r) => ok(r.createWarehouse));
  const priceType = { code: PRICE_TYPE_CODE, name: 'Retail', currency: 'RUB' };
  await client
    .request<{ upsertPriceType: { userErrors: [] } }>(
      UPSERT_PRICE_TYPE,
      { input: priceType },
      distributor.key,
    )
    .then((r) => ok(r.upsertPriceType));
  const terms = { storeId: store.id, priceTypeCode: PRICE_TYPE_CODE };
  await client
    .request<{ connectStore: { userErrors: [] } }>(CONNECT_STORE, { input: terms }, distributor.key)
    .then((r) => ok(r.connectStore));

  return {
    distributorId: distributor.id,
    distributorKey: distributor.key,
    storeKey: store.key,
    offerIds: new Map(),
  };
}

/** Creates an offer per SKU, each with one retail price, and records their ids in the world. */
export async function addOffers(client: GraphQLClient, world: World, skus: string[]) {
  for (let from = 0; from < skus.length; from += OFFERS_PER_CALL) {
    const items = skus.slice(from, from + OFFERS_PER_CALL).map((sku) => ({
      sku,
      name: `Goods ${sku}`,
      prices: [{ priceTypeCode: PRICE_TYPE_CODE, amount: '100.00' }],
    }));
    const { upsertOffers } = await client.request<{
      upsertOffers: { offers: { id: string; sku: string }[]; userErrors: [] };
    }>(UPSERT_OFFERS, { input: { items } }, world.distributorKey);
    for (const offer of ok(upsertOffers).offers) world.offerIds.set(offer.sku, offer.id);
  }
}

/** Sets the on-hand stock of these SKUs in the warehouse, leaving other SKUs as they are. */
export async function setStock(
  client: GraphQLClient,
  world: World,
  items: { sku: string; onHand: number }[],
) {
  for (let from = 0; from < items.length; from += STOCK_ITEMS_PER_CALL) {
    const input = {
      warehouseCode: WAREHOUSE_CODE,
      items: items.slice(from, from + STOCK_ITEMS_PER_CALL),
      mode: 'MERGE',
    };
    const { setStock } = await client.request<{ setStock: { userErrors: [] } }>(
      SET_STOCK,
      { input },
      world.distributorKey,
    );
    ok(setStock);
  }
}

export interface OfferStock {
  onHand: number;
  reserved: number;
  available: number;
}

/** The offer's stock over all warehouses, as its distributor sees it. */
export async function stockOf(
  client: GraphQLClient,
  world: World,
  offerId: string,
): Promise<OfferStock> {
  const { node } = await client.request<{
    node: { available: number; stock: { onHand: number; reserved: number }[] } | null;
  }>(OFFER_STOCK, { id: offerId }, world.distributorKey);
  if (!node) throw new Error(`Offer ${offerId} is not visible to its distributor`);

  return {
    onHand: node.stock.reduce((sum, s) => sum + s.onHand, 0),
    reserved: node.stock.reduce((sum, s) => sum + s.reserved, 0),
    available: node.available,
  };
}
