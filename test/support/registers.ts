import { graphql } from '../graphql/index.js';

export const SubmitRegister = graphql(`
  mutation SubmitRegister($input: SubmitRegisterInput!) {
    submitRegister(input: $input) {
      register {
        id
        status
        shipDate
        total {
          amount
          currency
        }
        orders {
          externalRef
          status
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

export const AcceptRegister = graphql(`
  mutation AcceptRegister($input: AcceptRegisterInput!) {
    acceptRegister(input: $input) {
      register {
        status
        erpReference
        orders {
          status
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

export const RejectRegister = graphql(`
  mutation RejectRegister($input: RejectRegisterInput!) {
    rejectRegister(input: $input) {
      register {
        status
        rejectReason
        orders {
          status
          register {
            id
          }
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

export const CancelRegister = graphql(`
  mutation CancelRegister($input: CancelRegisterInput!) {
    cancelRegister(input: $input) {
      register {
        status
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

export const IssueInvoice = graphql(`
  mutation IssueInvoice($input: IssueInvoiceInput!) {
    issueInvoice(input: $input) {
      invoice {
        number
        date
        net {
          amount
          currency
        }
        vat {
          amount
        }
        gross {
          amount
        }
        lines {
          order {
            externalRef
          }
          offer {
            sku
          }
          quantity
          unitPrice {
            amount
          }
          vatRate
          net {
            amount
          }
          vat {
            amount
          }
          gross {
            amount
          }
        }
      }
      register {
        status
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

export const ShipRegister = graphql(`
  mutation ShipRegister($input: ShipRegisterInput!) {
    shipRegister(input: $input) {
      register {
        status
        orders {
          status
          lines {
            status
            reserved
          }
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

export const RegisterById = graphql(`
  query RegisterById($id: ID!) {
    node(id: $id) {
      ... on Register {
        status
        erpReference
        total {
          amount
        }
        invoice {
          number
        }
        history {
          status
          previousStatus
        }
        orders {
          externalRef
          status
          history {
            status
            previousStatus
          }
        }
      }
    }
  }
`);
