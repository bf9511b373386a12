import { type Observable, of, switchMap } from 'rxjs';
import type { TreeItem } from '../tenancy.model';

/** Where the browser stands: the items from the root down to the current one, and its children. */
export interface TreeView {
  readonly trail: readonly TreeItem[];
  readonly children: readonly TreeItem[];
}

export interface TreeSource {
  treeRoot(): Observable<TreeItem>;
  treeChildren(parent: string): Observable<readonly TreeItem[]>;
}

/** The division codes of a `path` query parameter ("44,4403"), in order. */
export const pathCodes = (path: string | null | undefined): string[] =>
  (path ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => /^\d{2,12}$/.test(c));

/**
 * Reads the tree along `path` below the root the backend shows this user (the nation for national
 * staff, their own division for others), one level after the other, so the breadcrumb has names. A
 * code that is not among its parent's children ends the trail there (an outdated or edited address)
 * and nothing below it is asked for.
 */
export function loadTreeView(source: TreeSource, path: readonly string[]): Observable<TreeView> {
  const descend = (trail: readonly TreeItem[], rest: readonly string[]): Observable<TreeView> => {
    const here = trail[trail.length - 1]!;
    if (!here.hasChildren) return of({ trail, children: [] });
    return source.treeChildren(here.code).pipe(
      switchMap((children) => {
        const next = rest.length ? children.find((item) => item.code === rest[0]) : undefined;
        return next ? descend([...trail, next], rest.slice(1)) : of({ trail, children });
      }),
    );
  };
  return source.treeRoot().pipe(switchMap((root) => descend([root], path)));
}
