import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, Validate, ValidateIf, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
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

/**
 * Characters that draw nothing or change how the text around them is shown: controls (NUL, line
 * breaks), format characters (bidi overrides and isolates, zero-width space/joiners, BOM, soft hyphen,
 * tags), lone surrogates, private use, line and paragraph separators. In a name they forge another
 * name (`admin\u202E`), hide a difference between two that look alike, or break the logs.
 */
const HIDDEN_OR_REORDERING = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

/** Text that shows what it holds: none of HIDDEN_OR_REORDERING. */
@ValidatorConstraint({ name: 'visibleCharacters' })
export class HasOnlyVisibleCharacters implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && !HIDDEN_OR_REORDERING.test(value);
  }
  defaultMessage(): string {
    return '$property must not contain control, zero-width or text-direction characters';
  }
}

/** Trims and composes (NFC) a string before validation, so the rules check what will be stored; other values pass unchanged. */
export const NormalizedText = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value));

/**
 * A name people choose and others read (display names, later a site's or a team's): optional, but
 * when present a string — `null` is refused rather than skipped — normalised, `min`-`max` characters
 * long, without hidden or reordering characters.
 */
export const IsChosenName = (min: number, max: number) =>
  applyDecorators(
    NormalizedText(),
    ValidateIf((_: object, value: unknown) => value !== undefined),
    IsString(),
    Length(min, max),
    Validate(HasOnlyVisibleCharacters),
  );
