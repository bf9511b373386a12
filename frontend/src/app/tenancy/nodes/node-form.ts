import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { OperatorNode } from '../tenancy.model';

const MOBILE = /^1[3-9]\d{9}$/;

/** The editable facts of an operator node: name, principal, contacts. */
export function operatorNodeForm(node?: OperatorNode) {
  return new FormGroup({
    name: new FormControl(node?.name ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    principalName: new FormControl(node?.principal.name ?? '', { nonNullable: true, validators: [Validators.required] }),
    // Phones come back masked: an edit leaves them empty, and only a newly typed number is sent.
    principalPhone: new FormControl('', {
      nonNullable: true,
      validators: node ? [Validators.pattern(MOBILE)] : [Validators.required, Validators.pattern(MOBILE)],
    }),
    contactPhone: new FormControl('', {
      nonNullable: true,
      validators: node ? [Validators.pattern(/^[\d-]{7,20}$/)] : [Validators.required, Validators.pattern(/^[\d-]{7,20}$/)],
    }),
    email: new FormControl(node?.contacts.email ?? '', { nonNullable: true, validators: [Validators.required, Validators.email] }),
  });
}

export type OperatorNodeForm = ReturnType<typeof operatorNodeForm>;

/** Backend field names of the node's nested fields, mapped onto the form's flat controls. */
export const NODE_FIELD_ALIASES = {
  'principal.name': 'principalName',
  'principal.phone': 'principalPhone',
  'contacts.phone': 'contactPhone',
  'contacts.email': 'email',
};
