import { graphql } from '../graphql/index.js';
import type {
  StockMode,
  UpsertDeliveryOptionInput,
  UpsertOfferItemInput,
} from '../graphql/graphql.js';
import type { TestApp } from './app.js';

/*
 * Builders for the organizations and goods a test needs, each through the public API as its
 * users would: the admin creates organizations and keys, each distributor sets itself up.
 */

const CreateDistributor = graphql(`
  mutation CreateDistributor($input: CreateDistributorInput!) {
    createDistributor(input: $input) {
      distributor {
        id
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const CreateStore = graphql(`
  mutation CreateStore($input: CreateStoreInput!) {
    createStore(input: $input) {
      store {
        id
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const IssueApiKey = graphql(`
  mutation IssueApiKey($input: IssueApiKeyInput!) {
    issueApiKey(input: $input) {
      apiKey
      userErrors {
        code
        message
      }
    }
  }
`);

const CreateWarehouse = graphql(`
  mutation CreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) {
      warehouse {
        id
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpsertPriceType = graphql(`
  mutation UpsertPriceType($input: UpsertPriceTypeInput!) {
    upsertPriceType(input: $input) {
      priceType {
        id
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const UpsertDeliveryOption = graphql(`
  mutation UpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {
    upsertDeliveryOption(input: $input) {
      deliveryOption {
        id
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
  mutation UpsertOffers($input: UpsertOffersInput!) {
    upsertOffers(input: $input) {
      offers {
        id
        sku
        product {
          id
        }
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const SetStock = graphql(`
  mutation SetStock($input: SetStockInput!) {
    setStock(input: $input) {
      stockLevels {
        onHand
        reserved
        available
        warehouse {
          code
        }
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const AddIncoming = graphql(`
  mutation AddIncoming($input: AddIncomingInput!) {
    addIncoming(input: $input) {
      incomingShipment {
        id
        quantity
        unallocated
        eta
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const ConnectStore = graphql(`
  mutation ConnectStore($input: ConnectStoreInput!) {
    connectStore(input: $input) {
      storeTerms {
        priceType {
          code
        }
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

interface Payload {
  userErrors: { message: string }[];
}

/** The payload's result; a user error here is a broken test setup, so it throws. */
function ok<P extends Payload>(payload: P): P {
  if (payload.userErrors.length > 0) {
    throw new Error(`Setup failed: ${JSON.stringify(payload.userErrors)}`);
  }
  return payload;
}

export interface Org {
  id: string;
  key: string;
}

export async function createStore(t: TestApp, name: string): Promise<Org> {
  const { createStore } = await t.run(CreateStore, { input: { name } });
  const id = ok(createStore).store!.id;
  const { issueApiKey } = await t.run(IssueApiKey, { input: { organizationId: id } });

  return { id, key: ok(issueApiKey).apiKey! };
}

export interface DistributorSetup {
  name: string;
  timeZone: string;
  warehouses: string[];
  /** Price type codes, in RUB unless given as "code:CUR". */
  priceTypes?: string[];
  deliveryOptions?: (Omit<UpsertDeliveryOptionInput, 'leadDays' | 'kind'> &
    Partial<Pick<UpsertDeliveryOptionInput, 'leadDays' | 'kind'>>)[];
}

export interface Distributor extends Org {
  deliveryOptionIds: string[];
}

export async function createDistributor(t: TestApp, setup: DistributorSetup): Promise<Distributor> {
  const { createDistributor } = await t.run(CreateDistributor, {
    input: { name: setup.name, timeZone: setup.timeZone },
  });
  const id = ok(createDistributor).distributor!.id;
  const { issueApiKey } = await t.run(IssueApiKey, { input: { organizationId: id } });
  const key = ok(issueApiKey).apiKey!;

  for (const code of setup.warehouses) {
    ok(
      (await t.run(CreateWarehouse, { input: { code, name: `Warehouse ${code}` } }, key))
        .createWarehouse,
    );
  }
  for (const entry of setup.priceTypes ?? ['retail']) {
    const [code, currency = 'RUB'] = entry.split(':') as [string, string?];
    const input = { code, name: code, currency };
    ok((await t.run(UpsertPriceType, { input }, key)).upsertPriceType);
  }
  const deliveryOptionIds: string[] = [];
  for (const option of setup.deliveryOptions ?? []) {
    deliveryOptionIds.push((await upsertDeliveryOption(t, key, option)).id);
  }

  return { id, key, deliveryOptionIds };
}

type DeliveryOptionSetup = NonNullable<DistributorSetup['deliveryOptions']>[number];

/** A delivery option of the distributor's, a pickup the same day unless it says otherwise. */
export async function upsertDeliveryOption(t: TestApp, key: string, option: DeliveryOptionSetup) {
  const input = { kind: 'PICKUP' as const, leadDays: 0, ...option };
  const { upsertDeliveryOption } = await t.run(UpsertDeliveryOption, { input }, key);

  return ok(upsertDeliveryOption).deliveryOption!;
}

export async function upsertOffers(t: TestApp, key: string, items: UpsertOfferItemInput[]) {
  return ok((await t.run(UpsertOffers, { input: { items } }, key)).upsertOffers).offers!;
}

export async function setStock(
  t: TestApp,
  key: string,
  warehouseCode: string,
  items: { sku: string; onHand: number }[],
  mode: StockMode = 'MERGE',
) {
  const input = { warehouseCode, items, mode };
  return ok((await t.run(SetStock, { input }, key)).setStock).stockLevels!;
}

export async function addIncoming(
  t: TestApp,
  key: string,
  input: { warehouseCode: string; sku: string; quantity: number; eta: string; reference?: string },
) {
  return ok((await t.run(AddIncoming, { input }, key)).addIncoming).incomingShipment!;
}

export async function connectStore(
  t: TestApp,
  distributorKey: string,
  input: { storeId: string; priceTypeCode: string; deliveryOptionIds?: string[] },
) {
  return ok((await t.run(ConnectStore, { input }, distributorKey)).connectStore).storeTerms!;
}
