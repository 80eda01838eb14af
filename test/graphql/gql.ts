/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Availability($requests: [AvailabilityRequest!]!, $deliveryKind: DeliveryKind) {\n    availability(requests: $requests, deliveryKind: $deliveryKind) {\n      index\n      quantity\n      product {\n        gtin\n        name\n      }\n      options {\n        distributor {\n          name\n        }\n        offer {\n          sku\n        }\n        availableNow\n        incoming {\n          quantity\n          eta\n        }\n        canFulfil\n        shipDate\n        deliveryDate\n        deliveryOption {\n          kind\n        }\n        unitPrice {\n          amount\n          currency\n        }\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": typeof types.AvailabilityDocument,
    "\n  mutation CreateDistributor($input: CreateDistributorInput!) {\n    createDistributor(input: $input) {\n      distributor {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.CreateDistributorDocument,
    "\n  mutation CreateStore($input: CreateStoreInput!) {\n    createStore(input: $input) {\n      store {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.CreateStoreDocument,
    "\n  mutation IssueApiKey($input: IssueApiKeyInput!) {\n    issueApiKey(input: $input) {\n      apiKey\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": typeof types.IssueApiKeyDocument,
    "\n  mutation CreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      warehouse {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.CreateWarehouseDocument,
    "\n  mutation UpsertPriceType($input: UpsertPriceTypeInput!) {\n    upsertPriceType(input: $input) {\n      priceType {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.UpsertPriceTypeDocument,
    "\n  mutation UpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {\n    upsertDeliveryOption(input: $input) {\n      deliveryOption {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.UpsertDeliveryOptionDocument,
    "\n  mutation UpsertOffers($input: UpsertOffersInput!) {\n    upsertOffers(input: $input) {\n      offers {\n        id\n        sku\n        product {\n          id\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.UpsertOffersDocument,
    "\n  mutation SetStock($input: SetStockInput!) {\n    setStock(input: $input) {\n      stockLevels {\n        onHand\n        reserved\n        available\n        warehouse {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.SetStockDocument,
    "\n  mutation AddIncoming($input: AddIncomingInput!) {\n    addIncoming(input: $input) {\n      incomingShipment {\n        id\n        quantity\n        unallocated\n        eta\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.AddIncomingDocument,
    "\n  mutation ConnectStore($input: ConnectStoreInput!) {\n    connectStore(input: $input) {\n      storeTerms {\n        priceType {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": typeof types.ConnectStoreDocument,
};
const documents: Documents = {
    "\n  query Availability($requests: [AvailabilityRequest!]!, $deliveryKind: DeliveryKind) {\n    availability(requests: $requests, deliveryKind: $deliveryKind) {\n      index\n      quantity\n      product {\n        gtin\n        name\n      }\n      options {\n        distributor {\n          name\n        }\n        offer {\n          sku\n        }\n        availableNow\n        incoming {\n          quantity\n          eta\n        }\n        canFulfil\n        shipDate\n        deliveryDate\n        deliveryOption {\n          kind\n        }\n        unitPrice {\n          amount\n          currency\n        }\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": types.AvailabilityDocument,
    "\n  mutation CreateDistributor($input: CreateDistributorInput!) {\n    createDistributor(input: $input) {\n      distributor {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.CreateDistributorDocument,
    "\n  mutation CreateStore($input: CreateStoreInput!) {\n    createStore(input: $input) {\n      store {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.CreateStoreDocument,
    "\n  mutation IssueApiKey($input: IssueApiKeyInput!) {\n    issueApiKey(input: $input) {\n      apiKey\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n": types.IssueApiKeyDocument,
    "\n  mutation CreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      warehouse {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.CreateWarehouseDocument,
    "\n  mutation UpsertPriceType($input: UpsertPriceTypeInput!) {\n    upsertPriceType(input: $input) {\n      priceType {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.UpsertPriceTypeDocument,
    "\n  mutation UpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {\n    upsertDeliveryOption(input: $input) {\n      deliveryOption {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.UpsertDeliveryOptionDocument,
    "\n  mutation UpsertOffers($input: UpsertOffersInput!) {\n    upsertOffers(input: $input) {\n      offers {\n        id\n        sku\n        product {\n          id\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.UpsertOffersDocument,
    "\n  mutation SetStock($input: SetStockInput!) {\n    setStock(input: $input) {\n      stockLevels {\n        onHand\n        reserved\n        available\n        warehouse {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.SetStockDocument,
    "\n  mutation AddIncoming($input: AddIncomingInput!) {\n    addIncoming(input: $input) {\n      incomingShipment {\n        id\n        quantity\n        unallocated\n        eta\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.AddIncomingDocument,
    "\n  mutation ConnectStore($input: ConnectStoreInput!) {\n    connectStore(input: $input) {\n      storeTerms {\n        priceType {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n": types.ConnectStoreDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Availability($requests: [AvailabilityRequest!]!, $deliveryKind: DeliveryKind) {\n    availability(requests: $requests, deliveryKind: $deliveryKind) {\n      index\n      quantity\n      product {\n        gtin\n        name\n      }\n      options {\n        distributor {\n          name\n        }\n        offer {\n          sku\n        }\n        availableNow\n        incoming {\n          quantity\n          eta\n        }\n        canFulfil\n        shipDate\n        deliveryDate\n        deliveryOption {\n          kind\n        }\n        unitPrice {\n          amount\n          currency\n        }\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Availability($requests: [AvailabilityRequest!]!, $deliveryKind: DeliveryKind) {\n    availability(requests: $requests, deliveryKind: $deliveryKind) {\n      index\n      quantity\n      product {\n        gtin\n        name\n      }\n      options {\n        distributor {\n          name\n        }\n        offer {\n          sku\n        }\n        availableNow\n        incoming {\n          quantity\n          eta\n        }\n        canFulfil\n        shipDate\n        deliveryDate\n        deliveryOption {\n          kind\n        }\n        unitPrice {\n          amount\n          currency\n        }\n        total {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateDistributor($input: CreateDistributorInput!) {\n    createDistributor(input: $input) {\n      distributor {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateDistributor($input: CreateDistributorInput!) {\n    createDistributor(input: $input) {\n      distributor {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateStore($input: CreateStoreInput!) {\n    createStore(input: $input) {\n      store {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateStore($input: CreateStoreInput!) {\n    createStore(input: $input) {\n      store {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueApiKey($input: IssueApiKeyInput!) {\n    issueApiKey(input: $input) {\n      apiKey\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation IssueApiKey($input: IssueApiKeyInput!) {\n    issueApiKey(input: $input) {\n      apiKey\n      userErrors {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      warehouse {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWarehouse($input: CreateWarehouseInput!) {\n    createWarehouse(input: $input) {\n      warehouse {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertPriceType($input: UpsertPriceTypeInput!) {\n    upsertPriceType(input: $input) {\n      priceType {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertPriceType($input: UpsertPriceTypeInput!) {\n    upsertPriceType(input: $input) {\n      priceType {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {\n    upsertDeliveryOption(input: $input) {\n      deliveryOption {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertDeliveryOption($input: UpsertDeliveryOptionInput!) {\n    upsertDeliveryOption(input: $input) {\n      deliveryOption {\n        id\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertOffers($input: UpsertOffersInput!) {\n    upsertOffers(input: $input) {\n      offers {\n        id\n        sku\n        product {\n          id\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertOffers($input: UpsertOffersInput!) {\n    upsertOffers(input: $input) {\n      offers {\n        id\n        sku\n        product {\n          id\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetStock($input: SetStockInput!) {\n    setStock(input: $input) {\n      stockLevels {\n        onHand\n        reserved\n        available\n        warehouse {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetStock($input: SetStockInput!) {\n    setStock(input: $input) {\n      stockLevels {\n        onHand\n        reserved\n        available\n        warehouse {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddIncoming($input: AddIncomingInput!) {\n    addIncoming(input: $input) {\n      incomingShipment {\n        id\n        quantity\n        unallocated\n        eta\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddIncoming($input: AddIncomingInput!) {\n    addIncoming(input: $input) {\n      incomingShipment {\n        id\n        quantity\n        unallocated\n        eta\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectStore($input: ConnectStoreInput!) {\n    connectStore(input: $input) {\n      storeTerms {\n        priceType {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConnectStore($input: ConnectStoreInput!) {\n    connectStore(input: $input) {\n      storeTerms {\n        priceType {\n          code\n        }\n      }\n      userErrors {\n        code\n        message\n        field\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;