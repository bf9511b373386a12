/** A page of a server-side paginated list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  /** False when the server counted only up to its cap (10,000): `total` is then a lower bound. */
  readonly totalExact?: boolean;
  readonly page: number;
  readonly pageSize: number;
}
