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

/** Listed only while the backend keeps a development SMS outbox (never in production). */
export const DEV_TOOLS_SECTION: NavSection = {
  labelKey: 'nav.sections.devTools',
  items: [{ path: '/dev/sms-outbox', icon: 'sms', labelKey: 'nav.smsOutbox' }],
};

/** Listed while signed in. */
export const ACCOUNT_SECTION: NavSection = {
  labelKey: 'nav.sections.account',
  items: [
    { path: '/account/profile', icon: 'badge', labelKey: 'nav.profile' },
    { path: '/account/security', icon: 'security', labelKey: 'nav.security' },
  ],
};
