import { FormControl, FormGroup, Validators } from '@angular/forms';
import type { OperatorNode } from '../tenancy.model';

const MOBILE = /^1[3-9]\d{9}$/;

/** The editable facts of an operator node: name, principal, contacts. */
export function operatorNodeForm(node?: OperatorNode) {
  return new FormGroup({
    name: new FormControl(node?.name ?? '', { nonNullable: true, validators: [Validators.required, Validators.maxLength(60)] }),
    principalName: new FormControl(node?.principal.name ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(30)],
    }),
    // The contact phone comes back masked: an edit leaves it empty, and the contacts are sent only
    // with a newly typed number (the backend takes phone and email together).
    contactPhone: new FormControl('', {
      nonNullable: true,
      validators: node ? [Validators.pattern(MOBILE)] : [Validators.required, Validators.pattern(MOBILE)],
    }),
    email: new FormControl('', { nonNullable: true, validators: [Validators.email, Validators.maxLength(100)] }),
  });
}

export type OperatorNodeForm = ReturnType<typeof operatorNodeForm>;

/** Backend field names of the node's nested fields, mapped onto the form's flat controls. */
export const NODE_FIELD_ALIASES = {
  'principal.name': 'principalName',
  'contacts.phone': 'contactPhone',
  'contacts.email': 'email',
};
