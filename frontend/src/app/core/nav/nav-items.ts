/** One entry of the side navigation; labels are translation keys. */
export interface NavItem {
  readonly path: string;
  readonly icon: string;
  readonly labelKey: string;
}

export interface NavSection {
  readonly labelKey: string;
  readonly items: readonly NavItem[];
}

// Only features that work are listed: an entry appears here when its route ships.
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    labelKey: 'nav.sections.operations',
    items: [{ path: '/status', icon: 'monitor_heart', labelKey: 'nav.status' }],
  },
];
