/** A browser's User-Agent string in words a person recognises, e.g. "Chrome 140 · Windows". */
export interface DeviceDescription {
  /** Browser name and major version, or null when not recognised. */
  readonly browser: string | null;
  /** Operating system, or null when not recognised. */
  readonly os: string | null;
  /** Phone or tablet, judged from the string. */
  readonly mobile: boolean;
}

// Order matters: Edge, Opera and the in-app browsers also say "Chrome", Chrome also says "Safari".
const BROWSERS: readonly [RegExp, string][] = [
  [/MicroMessenger\/(\d+)/, 'WeChat'],
  [/DingTalk\/(\d+)/, 'DingTalk'],
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/HeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/HarmonyOS/, 'HarmonyOS'],
  [/Windows NT/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** Recognises the common browsers and systems; anything else (curl, tests) stays null. */
export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  const ua = userAgent ?? '';
  const browserMatch = BROWSERS.map(([pattern, name]) => [ua.match(pattern), name] as const).find(([match]) => match);
  const os = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  return {
    browser: browserMatch ? `${browserMatch[1]} ${browserMatch[0]![1]}` : null,
    os,
    mobile: /Mobile|Android|iPhone|iPad|HarmonyOS/.test(ua),
  };
}
