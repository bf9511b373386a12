import { encode } from 'uqr';

// ---- The printable QR label of a device (DEV-7) ---------------------------------------------------
// An SVG of 60 × 40 mm: the QR code on the left, the device's name, number and model in Chinese on
// the right. The code holds `<origin>/r/<qrToken>`, which opens the request form for that device.

export interface LabelFacts {
  readonly name: string;
  readonly number: string;
  readonly model: string;
  readonly url: string;
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const widthOf = (ch: string): number => (/[\u1100-\uFFFF]/u.test(ch) ? 2 : 1);

/** Splits text where a line of the label is full (CJK characters count double): [this line, the rest]. */
const split = (text: string, width: number): [string, string] => {
  let used = 0;
  let i = 0;
  const chars = [...text];
  while (i < chars.length && used + widthOf(chars[i]!) <= width) used += widthOf(chars[i++]!);
  return [chars.slice(0, i).join(''), chars.slice(i).join('')];
};

/** Cuts text to what fits a line of the label. */
const fit = (text: string, width: number): string => {
  const [line, rest] = split(text, width);
  return rest === '' ? line : `${split(text, width - 1)[0]}…`;
};

/** The QR code's dark modules as one path, one unit per module. */
export const qrPath = (url: string): { size: number; d: string } => {
  const { size, data } = encode(url, { ecc: 'M', border: 0 });
  const parts: string[] = [];
  data.forEach((line, y) =>
    line.forEach((dark, x) => {
      if (dark) parts.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return { size, d: parts.join('') };
};

const FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

export const deviceLabelSvg = (facts: LabelFacts): string => {
  const { size, d } = qrPath(facts.url);
  const qrSide = 340;
  const scale = qrSide / size;
  const line = (y: number, text: string, px: number, weight = 'normal') =>
    `<text x="400" y="${y}" font-size="${px}" font-weight="${weight}">${escapeXml(text)}</text>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="60mm" height="40mm" viewBox="0 0 900 600" font-family="${FONT}">`,
    `<title>${escapeXml(`设备标签 ${facts.number} ${facts.name}`)}</title>`,
    '<rect width="900" height="600" fill="#fff"/>',
    '<rect x="6" y="6" width="888" height="588" rx="18" fill="none" stroke="#000" stroke-width="4"/>',
    `<g transform="translate(30 130) scale(${scale.toFixed(4)})"><path d="${d}" fill="#000" shape-rendering="crispEdges" data-qr="${size}"/></g>`,
    line(80, '设备报修码', 44, 'bold'),
    // A long name takes a second line.
    line(185, split(facts.name, 22)[0], 36, 'bold'),
    ...(split(facts.name, 22)[1] ? [line(235, fit(split(facts.name, 22)[1], 22), 36, 'bold')] : []),
    line(300, `编号：${fit(facts.number, 28)}`, 30),
    line(355, `型号：${fit(facts.model, 28)}`, 30),
    line(470, '微信或浏览器扫码', 30),
    line(520, '提交维修申请', 30),
    `<text x="30" y="80" font-size="44" font-weight="bold">快鸽服务云</text>`,
    '</svg>',
  ].join('\n');
};
