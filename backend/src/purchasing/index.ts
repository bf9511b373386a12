// What other modules use of purchasing: the command that raises a purchase request (dispatch it on the
// CommandBus with a derived context.commandId when it follows from an event) and purchasing's events.
export { RaisePurchaseRequest, type PurchaseRequestOutcome } from './application/purchasing.commands';
export type {
  PurchaseOrderPlaced,
  PurchaseOrderReceived,
  PurchaseRequestApproved,
  PurchaseRequestEvent,
  PurchaseRequestLine,
  PurchaseRequestRaised,
  PurchaseRequestRejected,
  PurchaseSource,
  RaisePurchaseRequestData,
} from '@kuaige/domain';
