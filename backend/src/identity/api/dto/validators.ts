import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isAcceptablePassword } from '@kuaige/domain';
import { isMainlandMobile } from '../../crypto';

/** A mainland-China mobile number. */
@ValidatorConstraint({ name: 'mainlandMobile' })
export class IsMainlandMobile implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.length <= 20 && isMainlandMobile(value);
  }
  defaultMessage(): string {
    return 'phone must be a mainland China mobile number (11 digits starting with 1)';
  }
}

/** The product's password rule: 8-20 characters, letters and digits both. */
@ValidatorConstraint({ name: 'passwordPolicy' })
export class IsProductPassword implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isAcceptablePassword(value);
  }
  defaultMessage(): string {
    return 'password must be 8-20 characters and contain both letters and digits';
  }
}
