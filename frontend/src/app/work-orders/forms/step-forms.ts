import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import type { Attachment, PartUsed, ProcessingRecord, RecordBody, SubmitRequest } from '../work-order.model';

const text = (max: number, required = true) =>
  new FormControl('', {
    nonNullable: true,
    validators: [...(required ? [Validators.required, Validators.pattern(/\S/)] : []), Validators.maxLength(max)],
  });

/** A reason the user must type (a refusal, a return, a cancel): not blank, at most 500 characters. */
export const reasonControl = () => text(500);

/** A mainland mobile number, as the backend's IsMainlandMobile accepts it. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** The request form: device, fault type, priority, a description of what is wrong, and whom to call. */
export function requestForm(deviceId = '', contactName = '') {
  return new FormGroup({
    deviceId: new FormControl(deviceId, { nonNullable: true, validators: [Validators.required] }),
    faultType: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    priority: new FormControl('normal', { nonNullable: true, validators: [Validators.required] }),
    description: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.minLength(5), Validators.maxLength(2000)],
    }),
    contactName: new FormControl(contactName, {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(50)],
    }),
    contactPhone: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(MAINLAND_MOBILE)] }),
  });
}
export type RequestForm = ReturnType<typeof requestForm>;

/** The body of POST /api/v1/work-orders from the form and the uploaded photos. */
export const requestBody = (form: RequestForm, attachments: readonly Attachment[], channel: 'console' | 'qr'): SubmitRequest => {
  const v = form.getRawValue();
  return {
    deviceId: v.deviceId,
    fault: { type: v.faultType, description: v.description.trim(), attachments },
    priority: v.priority,
    channel,
    contact: { name: v.contactName.trim(), phone: v.contactPhone.replace(/\s/g, '') },
  };
};

/** Where the backend names a request field differently from the form (field errors land there). */
export const REQUEST_FIELDS: Readonly<Record<string, string>> = {
  'fault.type': 'faultType',
  'fault.description': 'description',
  'contact.name': 'contactName',
  'contact.phone': 'contactPhone',
};

/** What the van holds of a part when it is picked: the most a record line may take of it. */
export interface StockedPick {
  readonly partId: string;
  readonly warehouseId: string;
  readonly name: string;
  readonly unit: string;
  readonly available: number;
}

const partGroup = (part?: PartUsed, stocked?: StockedPick) =>
  new FormGroup({
    name: new FormControl(stocked?.name ?? part?.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(100)],
    }),
    quantity: new FormControl<number>(part?.quantity ?? 1, {
      nonNullable: true,
      validators: [
        Validators.required,
        Validators.min(1),
        // A stocked line takes at most what the van has available (the backend refuses more with 409).
        Validators.max(stocked ? Math.max(1, stocked.available) : 9999),
        Validators.pattern(/^\d+$/),
      ],
    }),
    unit: new FormControl(stocked?.unit ?? part?.unit ?? '', { nonNullable: true, validators: [Validators.maxLength(20)] }),
    partId: new FormControl(stocked?.partId ?? part?.partId ?? '', { nonNullable: true }),
    warehouseId: new FormControl(stocked?.warehouseId ?? part?.warehouseId ?? '', { nonNullable: true }),
  });

/** A processing record: steps taken, parts with quantities, tools, cause and result. */
export function recordForm(record?: ProcessingRecord) {
  return new FormGroup({
    steps: new FormControl(record?.steps ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.pattern(/\S/), Validators.maxLength(2000)],
    }),
    parts: new FormArray((record?.parts ?? []).map((p) => partGroup(p))),
    tools: new FormControl((record?.tools ?? []).join('、'), { nonNullable: true, validators: [Validators.maxLength(500)] }),
    cause: new FormControl(record?.cause ?? '', { nonNullable: true, validators: [Validators.maxLength(1000)] }),
    result: new FormControl(record?.result ?? '', { nonNullable: true, validators: [Validators.maxLength(1000)] }),
  });
}
export type RecordForm = ReturnType<typeof recordForm>;

export const addPart = (form: RecordForm): void => form.controls.parts.push(partGroup());

/**
 * Puts a van part on the record: a second pick of the same part adds one to its line (within what is
 * available) rather than listing it twice.
 */
export const addStockedPart = (form: RecordForm, pick: StockedPick): void => {
  const line = form.controls.parts.controls.find((g) => g.controls.partId.value === pick.partId && g.controls.warehouseId.value === pick.warehouseId);
  if (!line) {
    form.controls.parts.push(partGroup(undefined, pick));
    return;
  }
  line.controls.quantity.setValue(Math.min(Number(line.controls.quantity.value) + 1, Math.max(1, pick.available)));
};

/** Tools typed as one line, split at Chinese or Latin commas and enumeration marks. */
export const toolsOf = (line: string): string[] =>
  line
    .split(/[,，、;；\n]/)
    .map((t) => t.trim())
    .filter(Boolean);

export const recordBody = (form: RecordForm, attachments: readonly Attachment[]): RecordBody => {
  const v = form.getRawValue();
  return {
    steps: v.steps.trim(),
    parts: v.parts.map((p) => ({
      name: p.name.trim(),
      quantity: Number(p.quantity),
      unit: p.unit.trim(),
      ...(p.partId && p.warehouseId ? { partId: p.partId, warehouseId: p.warehouseId } : {}),
    })),
    tools: toolsOf(v.tools),
    cause: v.cause.trim(),
    result: v.result.trim(),
    attachments,
  };
};

/** An evaluation: a whole score of 1 to 5 and an opinion. */
export function evaluationForm() {
  return new FormGroup({
    score: new FormControl<number | null>(null, {
      validators: [Validators.required, Validators.min(1), Validators.max(5), Validators.pattern(/^\d$/)],
    }),
    opinion: text(500),
    // Optional aspects (CX-1): left empty, the evaluation is recorded without them.
    quality: new FormControl<number | null>(null, { validators: [Validators.min(1), Validators.max(5), Validators.pattern(/^\d$/)] }),
    efficiency: new FormControl<number | null>(null, { validators: [Validators.min(1), Validators.max(5), Validators.pattern(/^\d$/)] }),
  });
}

/** The body of `POST …/evaluations`: the aspects only when given. */
export function evaluationBody(form: EvaluationForm): { score: number; opinion: string; quality?: number; efficiency?: number } {
  const { score, opinion, quality, efficiency } = form.getRawValue();
  return { score: score ?? 0, opinion: opinion.trim(), ...(quality == null ? {} : { quality }), ...(efficiency == null ? {} : { efficiency }) };
}
export type EvaluationForm = ReturnType<typeof evaluationForm>;

/** The receipt the engineer submits: what was done, for the provider to approve. */
export function receiptForm() {
  return new FormGroup({ summary: text(1000) });
}
