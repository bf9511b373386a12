/** Date and time to the second, e.g. "2026年5月3日 14:03:12" or "May 3, 2026, 2:03:12 PM". */
export const formatDateTime = (value: Date | string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(value));

/** Time of day to the second, for events of today such as the last refresh. */
export const formatTime = (value: Date | string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(new Date(value));
