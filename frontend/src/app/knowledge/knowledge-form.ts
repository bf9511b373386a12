import type { KnowledgeContent, KnowledgePart } from './knowledge.model';

// ---- The editor's plain-text fields and the entry they make -----------------------------------------
// Steps one per line; parts one per line as "名称 × 数量 单位" (or "名称, 数量, 单位"); models and tools
// separated by commas or the Chinese 、，.

export interface KnowledgeForm {
  title: string;
  deviceType: string;
  faultType: string;
  models: string;
  symptom: string;
  cause: string;
  steps: string;
  parts: string;
  tools: string;
}

const LIST = /[,，、;；]\s*/;
const list = (text: string): string[] =>
  text
    .split(LIST)
    .map((s) => s.trim())
    .filter(Boolean);

const PART = /^(.+?)\s*(?:[×xX*]|[,，])\s*(\d+(?:\.\d+)?)\s*[,，]?\s*(.*)$/;

/** A part line: "角接触球轴承 7014C × 2 个" → { name, quantity 2, unit 个 }; a bare name counts one. */
export const partOf = (line: string): KnowledgePart => {
  const match = PART.exec(line.trim());
  return match ? { name: match[1]!.trim(), quantity: Number(match[2]), unit: match[3]!.trim() } : { name: line.trim(), quantity: 1, unit: '' };
};

export const formFromContent = (c: KnowledgeContent | null): KnowledgeForm => ({
  title: c?.title ?? '',
  deviceType: c?.deviceType ?? 'cnc-machine',
  faultType: c?.faultType ?? 'mechanical',
  models: (c?.models ?? []).join('，'),
  symptom: c?.symptom ?? '',
  cause: c?.cause ?? '',
  steps: (c?.steps ?? []).join('\n'),
  parts: (c?.parts ?? []).map((p) => `${p.name} × ${p.quantity} ${p.unit}`.trim()).join('\n'),
  tools: (c?.tools ?? []).join('，'),
});

export const contentFromForm = (f: KnowledgeForm): Omit<KnowledgeContent, 'images'> => ({
  title: f.title.trim(),
  deviceType: f.deviceType,
  faultType: f.faultType,
  models: list(f.models),
  symptom: f.symptom.trim(),
  cause: f.cause.trim(),
  steps: f.steps
    .split(/\r?\n/)
    .map((s) => s.replace(/^\s*\d+[.、)]\s*/, '').trim())
    .filter(Boolean),
  parts: f.parts
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map(partOf),
  tools: list(f.tools),
});
