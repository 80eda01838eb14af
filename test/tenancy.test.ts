import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './graphql/index.js';
import { createTestApp, type TestApp } from './support/app.js';
import {
  addIncoming,
  connectStore,
  createDistributor,
  createStore,
  type Distributor,
  type Org,
  setStock,
  upsertOffers,
} from './support/world.js';

const KETTLE = '4601234567800';
const DRILL = '4601234567817';

const Viewer = graphql(`
  query TenancyViewer {
    viewer {
      role
      organization {
        __typename
        id
        name
      }
    }
  }
`);

const Catalog = graphql(`
  query TenancyCatalog($gtins: [String!]) {
    products(filter: { gtins: $gtins }) {
      edges {
        node {
          gtin
          offers {
            sku
            distributor {
              name
            }
            available
            stock {
              warehouse {
                code
              }
              onHand
              reserved
              available
            }
            incoming {
              quantity
              eta
            }
            price {
              amount
              currency
            }
            prices {
              priceType {
                code
              }
              amount {
                amount
              }
            }
          }
        }
      }
    }
  }
`);

const OfferOfProduct = graphql(`
  query TenancyOfferOfProduct($id: ID!, $gtin: String!) {
    node(id: $id) {
      ... on Offer {
        product {
          offers {
            sku
          }
        }
      }
    }
    availability(requests: [{ gtin: $gtin, quantity: 1 }]) {
      options {
        offer {
          sku
        }
        unitPrice {
          amount
        }
      }
    }
  }
`);

const Distributors = graphql(`
  query TenancyDistributors {
    distributors {
      totalCount
      edges {
        node {
          name
          priceTypes {
            code
          }
          terms {
            store {
              name
            }
            distributor {
              name
            }
            priceType {
              code
            }
          }
        }
      }
    }
  }
`);

const OwnIds = graphql(`
  query TenancyOwnIds {
    distributors {
      edges {
        node {
          id
          warehouses {
            id
          }
          priceTypes {
            id
          }
          deliveryOptions {
            id
          }
        }
      }
    }
  }
`);

const Node = graphql(`
  query TenancyNode($id: ID!) {
    node(id: $id) {
      __typename
      id
    }
  }
`);

const Nodes = graphql(`
  query TenancyNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
    }
  }
`);

const OfferStock = graphql(`
  query TenancyOfferStock($id: ID!) {
    node(id: $id) {
      ... on Offer {
        sku
        stock {
          warehouse {
            code
          }
          onHand
        }
        incoming {
          quantity
          eta
        }
      }
    }
  }
`);

const SetStock = graphql(`
  mutation TenancySetStock($input: SetStockInput!) {
    setStock(input: $input) {
      stockLevels {
        onHand
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpdateIncoming = graphql(`
  mutation TenancyUpdateIncoming($input: UpdateIncomingInput!) {
    updateIncoming(input: $input) {
      incomingShipment {
        quantity
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpsertOffers = graphql(`
  mutation TenancyUpsertOffers($input: UpsertOffersInput!) {
    upsertOffers(input: $input) {
      offers {
        sku
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const CreateDistributor = graphql(`
  mutation TenancyCreateDistributor($input: CreateDistributorInput!) {
    createDistributor(input: $input) {
      distributor {
        name
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation TenancyRevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      revoked
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UNAUTHENTICATED = {
  message: 'A valid API key is required: send "Authorization: Bearer <key>"',
  code: 'UNAUTHENTICATED',
};

/** The parts of an authentication failure a client relies on. */
const failure = (result: {
  status: number;
  errors?: { message: string; extensions?: object }[];
}) => ({
  status: result.status,
  errors: result.errors?.map((e) => ({
    message: e.message,
    code: (e.extensions as { code?: unknown } | undefined)?.code,
  })),
});

/** A well-formed global id, as the Relay plugin writes them: base64 of "Type:id". */
const globalId = (typename: string, id: string) =>
  Buffer.from(`${typename}:${id}`).toString('base64');

describe('authentication', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('answers a request without an Authorization header with 401 UNAUTHENTICATED', async () => {
    const result = await t.execute(Viewer, {}, null);

    expect(failure(result)).toEqual({ status: 401, errors: [UNAUTHENTICATED] });
    expect(result.data ?? null).toBeNull();
  });

  it('answers an unknown key with 401 UNAUTHENTICATED', async () => {
    const result = await t.execute(Viewer, {}, 'idk_this-key-was-never-issued');

    expect(failure(result)).toEqual({ status: 401, errors: [UNAUTHENTICATED] });
    expect(result.data ?? null).toBeNull();
  });

  it('answers a revoked key with 401 UNAUTHENTICATED, and revokes it only once', async () => {
    const store = await createStore(t, 'Revoked Store');
    const before = await t.execute(Viewer, {}, store.key);

    const { revokeApiKey } = await t.run(RevokeApiKey, { input: { apiKey: store.key } });
    const after = await t.execute(Viewer, {}, store.key);
    const again = await t.run(RevokeApiKey, { input: { apiKey: store.key } });

    expect(before.status).toBe(200);
    expect(before.data?.viewer.role).toBe('STORE');
    expect(revokeApiKey).toEqual({ revoked: true, userErrors: [] });
    expect(failure(after)).toEqual({ status: 401, errors: [UNAUTHENTICATED] });
    expect(again.revokeApiKey).toEqual({
      revoked: false,
      userErrors: [{ code: 'NOT_FOUND', message: 'No live API key matches', field: ['apiKey'] }],
    });
  });
});

describe('tenancy between stores and distributors', () => {
  let t: TestApp;
  let north: Distributor;
  let south: Distributor;
  let storeA: Org;
  let storeB: Org;
  /** Ids of each distributor's own entities, by kind. */
  const ids = {
    north: {} as Record<string, string>,
    south: {} as Record<string, string>,
  };

  const ownIds = async (distributor: Distributor) => {
    const { distributors } = await t.run(OwnIds, {}, distributor.key);
    const own = distributors.edges[0]!.node;

    return {
      Distributor: own.id,
      Warehouse: own.warehouses[0]!.id,
      PriceType: own.priceTypes[0]!.id,
      LastPriceType: own.priceTypes.at(-1)!.id,
      DeliveryOption: own.deliveryOptions[0]!.id,
    };
  };

  const stockOfSouth = async () =>
    (await t.run(OfferStock, { id: ids.south.Offer! }, south.key)).node;

  beforeAll(async () => {
    t = await createTestApp('2026-12-02T10:00:00+03:00');
    const weekdays = [1, 2, 3, 4, 5];
    north = await createDistributor(t, {
      name: 'North',
      timeZone: 'Europe/Moscow',
      warehouses: ['N1'],
      priceTypes: ['retail', 'wholesale'],
      deliveryOptions: [{ kind: 'PICKUP', warehouseCode: 'N1', cutoff: '16:00', weekdays }],
    });
    south = await createDistributor(t, {
      name: 'South',
      timeZone: 'Europe/Moscow',
      warehouses: ['S1'],
      priceTypes: ['retail'],
      deliveryOptions: [{ kind: 'COURIER', warehouseCode: 'S1', cutoff: '14:00', weekdays }],
    });

    const kettle = { gtin: KETTLE, name: 'Kettle 1.7 l', brand: 'Teplo' };
    const [northKettle] = await upsertOffers(t, north.key, [
      {
        ...kettle,
        sku: 'N-KET',
        prices: [
          { priceTypeCode: 'retail', amount: '1200.00' },
          { priceTypeCode: 'wholesale', amount: '1000.00' },
        ],
      },
    ]);
    const [southKettle, southDrill] = await upsertOffers(t, south.key, [
      { ...kettle, sku: 'S-KET', prices: [{ priceTypeCode: 'retail', amount: '900.00' }] },
      { gtin: DRILL, name: 'Drill', sku: 'S-DRILL' },
    ]);
    await setStock(t, north.key, 'N1', [{ sku: 'N-KET', onHand: 10 }]);
    await setStock(t, south.key, 'S1', [{ sku: 'S-KET', onHand: 5 }]);
    const shipment = await addIncoming(t, south.key, {
      warehouseCode: 'S1',
      sku: 'S-KET',
      quantity: 4,
      eta: '2026-12-10',
    });

    storeA = await createStore(t, 'Store A');
    storeB = await createStore(t, 'Store B');
    await connectStore(t, north.key, { storeId: storeA.id, priceTypeCode: 'wholesale' });

    ids.north = {
      ...(await ownIds(north)),
      Offer: northKettle!.id,
      Product: northKettle!.product.id,
    };
    ids.south = {
      ...(await ownIds(south)),
      Offer: southKettle!.id,
      IncomingShipment: shipment.id,
      Product: southDrill!.product.id,
    };
  });

  afterAll(() => t.close());

  it("shows a store all distributors' offers and stock, but prices only with terms", async () => {
    const { products } = await t.run(Catalog, { gtins: [KETTLE] }, storeA.key);

    expect(products.edges.map((e) => e.node)).toEqual([
      {
        gtin: KETTLE,
        offers: [
          {
            sku: 'N-KET',
            distributor: { name: 'North' },
            available: 10,
            stock: [{ warehouse: { code: 'N1' }, onHand: 10, reserved: 0, available: 10 }],
            incoming: [],
            price: { amount: '1000.00', currency: 'RUB' },
            prices: [],
          },
          {
            sku: 'S-KET',
            distributor: { name: 'South' },
            available: 5,
            stock: [{ warehouse: { code: 'S1' }, onHand: 5, reserved: 0, available: 5 }],
            incoming: [{ quantity: 4, eta: '2026-12-10' }],
            price: null,
            prices: [],
          },
        ],
      },
    ]);
  });

  it('shows a store without any terms every offer with no price at all', async () => {
    const { products } = await t.run(Catalog, { gtins: [KETTLE] }, storeB.key);
    const offers = products.edges[0]!.node.offers;

    expect(offers.map((o) => [o.sku, o.available, o.price, o.prices])).toEqual([
      ['N-KET', 10, null, []],
      ['S-KET', 5, null, []],
    ]);
  });

  it('shows a store its own terms with each distributor, none of their price types', async () => {
    const a = await t.run(Distributors, {}, storeA.key);
    const b = await t.run(Distributors, {}, storeB.key);

    expect(a.distributors.totalCount).toBe(2);
    expect(a.distributors.edges.map((e) => e.node)).toEqual([
      {
        name: 'North',
        priceTypes: [],
        terms: {
          store: { name: 'Store A' },
          distributor: { name: 'North' },
          priceType: { code: 'wholesale' },
        },
      },
      { name: 'South', priceTypes: [], terms: null },
    ]);
    expect(b.distributors.edges.map((e) => [e.node.name, e.node.terms])).toEqual([
      ['North', null],
      ['South', null],
    ]);
  });

  it('shows a distributor only itself among the distributors, with its price types', async () => {
    const { distributors } = await t.run(Distributors, {}, north.key);

    expect(distributors).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            name: 'North',
            priceTypes: [{ code: 'retail' }, { code: 'wholesale' }],
            terms: null,
          },
        },
      ],
    });
  });

  it("lists in products only a distributor's own offer of a product another carries", async () => {
    const { products } = await t.run(Catalog, { gtins: [KETTLE] }, north.key);

    expect(products.edges[0]!.node.offers).toEqual([
      {
        sku: 'N-KET',
        distributor: { name: 'North' },
        available: 10,
        stock: [{ warehouse: { code: 'N1' }, onHand: 10, reserved: 0, available: 10 }],
        incoming: [],
        price: null,
        prices: [
          { priceType: { code: 'retail' }, amount: { amount: '1200.00' } },
          { priceType: { code: 'wholesale' }, amount: { amount: '1000.00' } },
        ],
      },
    ]);
  });

  it('shows a distributor only its own offer of a shared product and in availability', async () => {
    const asNorth = await t.run(OfferOfProduct, { id: ids.north.Offer!, gtin: KETTLE }, north.key);
    const asStore = await t.run(OfferOfProduct, { id: ids.north.Offer!, gtin: KETTLE }, storeA.key);

    expect(asNorth).toEqual({
      node: { product: { offers: [{ sku: 'N-KET' }] } },
      availability: [{ options: [{ offer: { sku: 'N-KET' }, unitPrice: null }] }],
    });
    expect(asStore.node).toEqual({ product: { offers: [{ sku: 'N-KET' }, { sku: 'S-KET' }] } });
    expect(asStore.availability[0]!.options).toEqual([
      { offer: { sku: 'N-KET' }, unitPrice: { amount: '1000.00' } },
      { offer: { sku: 'S-KET' }, unitPrice: null },
    ]);
  });

  it('resolves every kind of entity of another distributor, itself too, to null', async () => {
    const kinds = [
      'Offer',
      'Warehouse',
      'Distributor',
      'IncomingShipment',
      'PriceType',
      'DeliveryOption',
      'Product',
    ];
    const seen: Record<string, unknown> = {};
    for (const kind of kinds) {
      const result = await t.execute(Node, { id: ids.south[kind]! }, north.key);
      expect(result.errors).toBeUndefined();
      seen[kind] = result.data?.node;
    }

    expect(seen).toEqual(Object.fromEntries(kinds.map((kind) => [kind, null])));
  });

  it('resolves the same ids for their owner', async () => {
    const kinds = [
      'Offer',
      'Warehouse',
      'Distributor',
      'IncomingShipment',
      'PriceType',
      'DeliveryOption',
      'Product',
    ];
    const seen: Record<string, unknown> = {};
    for (const kind of kinds) {
      seen[kind] = (await t.run(Node, { id: ids.south[kind]! }, south.key)).node;
    }

    expect(seen).toEqual(
      Object.fromEntries(kinds.map((kind) => [kind, { __typename: kind, id: ids.south[kind] }])),
    );
  });

  it("answers nodes with null for another distributor's ids and its own elsewhere", async () => {
    const requested = [
      ids.north.Offer!,
      ids.south.Offer!,
      ids.north.Warehouse!,
      ids.south.Warehouse!,
      ids.south.Distributor!,
      ids.north.Distributor!,
      ids.south.IncomingShipment!,
      ids.south.PriceType!,
      ids.north.PriceType!,
    ];
    const result = await t.execute(Nodes, { ids: requested }, north.key);

    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([
      { __typename: 'Offer', id: ids.north.Offer },
      null,
      { __typename: 'Warehouse', id: ids.north.Warehouse },
      null,
      null,
      { __typename: 'Distributor', id: ids.north.Distributor },
      null,
      null,
      { __typename: 'PriceType', id: ids.north.PriceType },
    ]);
  });

  it('resolves a store to null for another store, and to itself for itself', async () => {
    const other = await t.execute(Node, { id: storeB.id }, storeA.key);
    const itself = await t.run(Node, { id: storeA.id }, storeA.key);

    expect(other.errors).toBeUndefined();
    expect(other.data?.node).toBeNull();
    expect(itself.node).toEqual({ __typename: 'Store', id: storeA.id });
  });

  it('resolves a store for a distributor only when it grants that store terms', async () => {
    const connected = await t.run(Nodes, { ids: [storeA.id, storeB.id] }, north.key);
    const unconnected = await t.run(Nodes, { ids: [storeA.id, storeB.id] }, south.key);

    expect(connected.nodes).toEqual([{ __typename: 'Store', id: storeA.id }, null]);
    expect(unconnected.nodes).toEqual([null, null]);
  });

  it('resolves a price type for a store only when its terms name it', async () => {
    const { nodes } = await t.run(
      Nodes,
      { ids: [ids.north.PriceType!, ids.north.LastPriceType!, ids.south.PriceType!] },
      storeA.key,
    );

    // North's price types are retail, then wholesale; Store A buys from North at wholesale.
    expect(nodes).toEqual([null, { __typename: 'PriceType', id: ids.north.LastPriceType }, null]);
  });

  it('resolves a malformed id to null, not to an error', async () => {
    const malformed = [
      'not-an-id',
      '',
      globalId('Offer', 'abc'),
      globalId('Offer', '-1'),
      globalId('NoSuchType', '1'),
      globalId('Offer', '99999999'),
    ];
    const answers: unknown[] = [];
    for (const id of malformed) {
      const result = await t.execute(Node, { id }, north.key);
      answers.push({ id, node: result.data?.node, errors: result.errors });
    }

    expect(answers).toEqual(malformed.map((id) => ({ id, node: null, errors: undefined })));
  });

  it('answers nodes with null in the place of a malformed id and the rest resolved', async () => {
    const result = await t.execute(Nodes, { ids: ['not-an-id', ids.north.Offer!] }, north.key);

    expect(result.errors).toBeUndefined();
    expect(result.data?.nodes).toEqual([null, { __typename: 'Offer', id: ids.north.Offer }]);
  });

  it("does not let a distributor set stock in another's warehouse or another's SKU", async () => {
    const before = await stockOfSouth();

    const warehouse = await t.run(
      SetStock,
      { input: { warehouseCode: 'S1', items: [{ sku: 'S-KET', onHand: 0 }] } },
      north.key,
    );
    const sku = await t.run(
      SetStock,
      { input: { warehouseCode: 'N1', items: [{ sku: 'S-KET', onHand: 0 }] } },
      north.key,
    );

    expect(warehouse.setStock).toEqual({
      stockLevels: null,
      userErrors: [
        {
          code: 'NOT_FOUND',
          message: 'No warehouse of yours has the code S1',
          field: ['warehouseCode'],
        },
      ],
    });
    expect(sku.setStock).toEqual({
      stockLevels: null,
      userErrors: [
        {
          code: 'NOT_FOUND',
          message: 'No offer of yours has the SKU S-KET',
          field: ['items', '0', 'sku'],
        },
      ],
    });
    expect(before).toEqual({
      sku: 'S-KET',
      stock: [{ warehouse: { code: 'S1' }, onHand: 5 }],
      incoming: [{ quantity: 4, eta: '2026-12-10' }],
    });
    expect(await stockOfSouth()).toEqual(before);
  });

  it("does not let a distributor change another's incoming shipment", async () => {
    const before = await stockOfSouth();

    const { updateIncoming } = await t.run(
      UpdateIncoming,
      { input: { id: ids.south.IncomingShipment!, quantity: 1, eta: '2026-12-20' } },
      north.key,
    );

    expect(updateIncoming).toEqual({
      incomingShipment: null,
      userErrors: [
        { code: 'NOT_FOUND', message: 'No incoming shipment of yours has this id', field: ['id'] },
      ],
    });
    expect(await stockOfSouth()).toEqual(before);
  });

  it('refuses store setStock, upsertOffers, distributor createDistributor: FORBIDDEN', async () => {
    const calls = [
      await t.execute(
        SetStock,
        { input: { warehouseCode: 'N1', items: [{ sku: 'N-KET', onHand: 0 }] } },
        storeA.key,
      ),
      await t.execute(
        UpsertOffers,
        { input: { items: [{ sku: 'N-KET', name: 'Kettle' }] } },
        storeA.key,
      ),
      await t.execute(
        CreateDistributor,
        { input: { name: 'Rogue', timeZone: 'Europe/Moscow' } },
        north.key,
      ),
    ];

    expect(calls.map((c) => c.errors?.map((e) => [e.message, e.extensions?.code]))).toEqual([
      [['Your role may not use Mutation.setStock', 'FORBIDDEN']],
      [['Your role may not use Mutation.upsertOffers', 'FORBIDDEN']],
      [['Your role may not use Mutation.createDistributor', 'FORBIDDEN']],
    ]);
    expect(calls.map((c) => c.data ?? null)).toEqual([null, null, null]);
    expect((await t.run(Distributors, {}, storeA.key)).distributors.totalCount).toBe(2);
    expect((await t.run(OfferStock, { id: ids.north.Offer! }, north.key)).node).toEqual({
      sku: 'N-KET',
      stock: [{ warehouse: { code: 'N1' }, onHand: 10 }],
      incoming: [],
    });
  });

  it('tells each kind of key its role and organization, and ADMIN no organization', async () => {
    const viewers = await Promise.all(
      [storeA.key, north.key, undefined].map(async (key) => (await t.run(Viewer, {}, key)).viewer),
    );

    expect(viewers).toEqual([
      { role: 'STORE', organization: { __typename: 'Store', id: storeA.id, name: 'Store A' } },
      {
        role: 'DISTRIBUTOR',
        organization: { __typename: 'Distributor', id: north.id, name: 'North' },
      },
      { role: 'ADMIN', organization: null },
    ]);
  });
});
