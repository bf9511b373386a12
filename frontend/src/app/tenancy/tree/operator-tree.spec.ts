import { firstValueFrom, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { TreeItem } from '../tenancy.model';
import { loadTreeView, pathCodes } from './operator-tree';

const item = (code: string, name: string, level: TreeItem['level'], hasChildren = true): TreeItem => ({
  code,
  name,
  level,
  hasChildren,
  node: null,
  counts: { enterprises: 0, pendingEnterprises: 0, openWorkOrders: 0 },
});

const nation = item('CN', '全国', 'national');
const guangdong = item('44', '广东省', 'province');
const shenzhen = item('4403', '深圳市', 'city');
const nanshan = item('440305', '南山区', 'county', false);
const children: Record<string, TreeItem[]> = { CN: [guangdong], '44': [shenzhen], '4403': [nanshan] };

const source = (root: TreeItem) => ({
  treeRoot: () => of(root),
  treeChildren: (parent: string) => (children[parent] ? of(children[parent]) : throwError(() => new Error(`asked for ${parent}`))),
});

describe('operator tree browser', () => {
  it('reads the path from the address, ignoring what is not a division code', () => {
    expect(pathCodes('44, 4403')).toEqual(['44', '4403']);
    expect(pathCodes('44,<script>,4403')).toEqual(['44', '4403']);
    expect(pathCodes(undefined)).toEqual([]);
  });

  it('names every level of the breadcrumb and lists the children of the last one', async () => {
    const view = await firstValueFrom(loadTreeView(source(nation), ['44', '4403']));
    expect(view.trail.map((t) => t.name)).toEqual(['全国', '广东省', '深圳市']);
    expect(view.children).toEqual([nanshan]);
  });

  it('stops the trail at a code that is not below its parent', async () => {
    const view = await firstValueFrom(loadTreeView(source(nation), ['45', '4501']));
    expect(view.trail).toEqual([nation]);
    expect(view.children).toEqual([guangdong]);
  });

  it('asks for no children below a root that has none: a county operator sees its county only', async () => {
    const view = await firstValueFrom(loadTreeView(source(nanshan), []));
    expect(view).toEqual({ trail: [nanshan], children: [] });
  });
});
