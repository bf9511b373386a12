// ---- Who acts on maintenance aggregates ----------------------------------------------------------
//
// Deciders of devices, work orders and SLAs are told who is acting, in the acting context the caller
// chose: a user inside an enterprise, or a user on the staff of an operator node. Whether that party may
// do what it asks to the aggregate in front of it (the provider it was dispatched to, the operator of
// its jurisdiction, its engineer ...) is a business rule, decided there.

export type Party =
  | { readonly kind: 'enterprise'; readonly enterpriseId: string; readonly userId: string }
  | { readonly kind: 'operator'; readonly nodeId: string; readonly regionCode: string; readonly userId: string }
  /** The platform itself: automatic review rules, SLA timers, reactions. */
  | { readonly kind: 'system'; readonly reason: string };
