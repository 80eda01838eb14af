import { graphql } from '../graphql/index.js';
import type { PlaceOrderInput } from '../graphql/graphql.js';
import type { TestApp } from './app.js';

export const PlaceOrder = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        externalRef
        status
        eta
        holdUntil
        total {
          amount
          currency
        }
        lines {
          offer {
            sku
          }
          quantity
          reserved
          inTransit
          eta
          status
          unitPrice {
            amount
          }
        }
        history {
          status
          previousStatus
          reason
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

export const CancelOrder = graphql(`
  mutation CancelOrder($input: CancelOrderInput!) {
    cancelOrder(input: $input) {
      order {
        id
        status
        lines {
          status
          reserved
          inTransit
        }
        history {
          status
          previousStatus
          reason
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

export const OrderById = graphql(`
  query OrderById($id: ID!) {
    node(id: $id) {
      ... on Order {
        id
        status
        eta
        lines {
          offer {
            sku
          }
          quantity
          reserved
          inTransit
          eta
          status
        }
        history {
          status
          previousStatus
          reason
        }
      }
    }
  }
`);

export const ReceiveIncoming = graphql(`
  mutation ReceiveIncoming($input: ReceiveIncomingInput!) {
    receiveIncoming(input: $input) {
      incomingShipment {
        id
        quantity
        unallocated
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

export const UpdateIncoming = graphql(`
  mutation UpdateIncomingForOrders($input: UpdateIncomingInput!) {
    updateIncoming(input: $input) {
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

export const OfferStock = graphql(`
  query OfferStock($id: ID!) {
    node(id: $id) {
      ... on Offer {
        sku
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
          unallocated
          eta
        }
      }
    }
  }
`);

/** Places an order as the store and returns the payload, user errors and all. */
export async function placeOrder(t: TestApp, storeKey: string, input: PlaceOrderInput) {
  return (await t.run(PlaceOrder, { input }, storeKey)).placeOrder;
}

/** The stock of an offer per warehouse, as "CODE onHand/reserved". */
export async function stockOf(t: TestApp, key: string, offerId: string) {
  const { node: offer } = await t.run(OfferStock, { id: offerId }, key);
  if (!offer || !('stock' in offer)) throw new Error(`${offerId} is not an offer the key sees`);

  return {
    available: offer.available,
    stock: offer.stock.map((s) => `${s.warehouse.code} ${s.onHand}/${s.reserved}`),
    incoming: offer.incoming.map((i) => `${i.eta} ${i.quantity}/${i.unallocated}`),
  };
}
