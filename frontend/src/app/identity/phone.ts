import { Validators } from '@angular/forms';

/** A mainland-China mobile number: 11 digits starting with 1 (the backend's rule `mainlandMobile`). */
export const mainlandMobile = Validators.pattern(/^1\d{10}$/);

/** Six digits: SMS and authenticator codes. */
export const sixDigits = Validators.pattern(/^\d{6}$/);
